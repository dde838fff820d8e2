from django.contrib import admin

from biblio.core.admin import BiblioAdmin

from .models import Cohort, HourBudget, LearningOutcome, Module, Organisation, Programme, ProgrammeModule


@admin.register(Organisation)
class OrganisationAdmin(BiblioAdmin):
    list_display = ["name", "kind", "city", "region", "country", "lat", "lon"]
    list_filter = ["country", "kind", "region"]
    search_fields = ["name", "name_en", "city", "key"]


class HourBudgetInline(admin.TabularInline):
    model = HourBudget
    extra = 0


class ProgrammeModuleInline(admin.TabularInline):
    model = ProgrammeModule
    extra = 0
    autocomplete_fields = ["module"]


@admin.register(Programme)
class ProgrammeAdmin(BiblioAdmin):
    list_display = ["title", "kind", "profile", "eqf_level", "ecvet_points", "published"]
    list_filter = ["kind", "published", "eqf_level", "difficulty"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisations"]
    inlines = [HourBudgetInline, ProgrammeModuleInline]


class OutcomeInline(admin.TabularInline):
    model = LearningOutcome
    extra = 0
    autocomplete_fields = ["competence"]


@admin.register(Module)
class ModuleAdmin(BiblioAdmin):
    list_display = ["code", "title", "kind", "mode", "hours"]
    list_filter = ["kind", "mode"]
    search_fields = ["code", "title"]
    inlines = [OutcomeInline]


@admin.register(Cohort)
class CohortAdmin(BiblioAdmin):
    list_display = ["name", "code", "programme", "country", "start", "end", "places", "call_open"]
    list_filter = ["country", "programme", "call_open"]
    search_fields = ["name", "code"]
    filter_horizontal = ["tracks"]
    list_select_related = ["programme"]
