from django.contrib import admin

from biblio.core.admin import BiblioAdmin

from .models import (
    Competence,
    CompetenceFramework,
    ProficiencyLevel,
    ProfileRequirement,
    RoleProfile,
    SelfAssessment,
    SelfRating,
)


class LevelInline(admin.TabularInline):
    model = ProficiencyLevel
    extra = 0


@admin.register(CompetenceFramework)
class FrameworkAdmin(BiblioAdmin):
    list_display = ["name", "version", "is_current", "unverified_titles", "licence"]
    list_filter = ["is_current", "unverified_titles"]
    search_fields = ["name", "slug"]
    inlines = [LevelInline]


@admin.register(Competence)
class CompetenceAdmin(BiblioAdmin):
    list_display = ["code", "title", "framework", "is_area", "parent"]
    list_filter = ["framework", "is_area"]
    search_fields = ["code", "title"]
    list_select_related = ["framework", "parent"]


class RequirementInline(admin.TabularInline):
    model = ProfileRequirement
    extra = 0
    autocomplete_fields = ["competence"]


@admin.register(RoleProfile)
class RoleProfileAdmin(BiblioAdmin):
    list_display = ["code", "title"]
    search_fields = ["code", "title"]
    inlines = [RequirementInline]


class RatingInline(admin.TabularInline):
    model = SelfRating
    extra = 0
    autocomplete_fields = ["competence"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(BiblioAdmin):
    list_display = ["person", "profile", "moment", "status", "submitted_at"]
    list_filter = ["moment", "status", "profile"]
    search_fields = ["person__full_name", "person__email"]
    list_select_related = ["person", "profile"]
    inlines = [RatingInline]
