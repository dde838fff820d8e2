from django.contrib import admin

from biblio.core.admin import BiblioAdmin

from .models import Placement, ProjectActivity, ProjectComment, ProjectIdea


@admin.register(Placement)
class PlacementAdmin(BiblioAdmin):
    list_display = ["enrolment", "host", "mentor", "start", "end", "planned_hours", "signed_off_at"]
    list_filter = ["enrolment__cohort", "host__country"]
    search_fields = ["enrolment__person__full_name", "host__name", "mentor__full_name"]
    list_select_related = ["enrolment__person", "host", "mentor"]
    raw_id_fields = ["enrolment"]
    autocomplete_fields = ["host", "mentor"]


class ActivityInline(admin.TabularInline):
    model = ProjectActivity
    extra = 0


class CommentInline(admin.TabularInline):
    model = ProjectComment
    extra = 0


@admin.register(ProjectIdea)
class ProjectIdeaAdmin(BiblioAdmin):
    list_display = ["title", "enrolment", "category", "status", "published", "in_practice"]
    list_filter = ["status", "category", "published", "enrolment__cohort"]
    search_fields = ["title", "enrolment__person__full_name"]
    list_select_related = ["enrolment__person"]
    raw_id_fields = ["enrolment"]
    inlines = [ActivityInline, CommentInline]
