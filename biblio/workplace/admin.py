from django.contrib import admin

from biblio.core.admin import BiblioAdmin

from .models import (
    FinalEvaluation,
    MentorAssignment,
    ObservedCompetence,
    Placement,
    ProjectActivity,
    ProjectAttachment,
    ProjectComment,
    ProjectIdea,
)


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


class ObservationInline(admin.TabularInline):
    model = ObservedCompetence
    extra = 0
    raw_id_fields = ["competence"]


@admin.register(FinalEvaluation)
class FinalEvaluationAdmin(BiblioAdmin):
    list_display = ["placement", "author", "submitted_at"]
    list_filter = ["placement__enrolment__cohort"]
    list_select_related = ["placement__enrolment__person", "author"]
    raw_id_fields = ["placement", "author"]
    inlines = [ObservationInline]


@admin.register(MentorAssignment)
class MentorAssignmentAdmin(BiblioAdmin):
    list_display = ["placement", "mentor", "started_at", "ended_at", "note"]
    list_filter = ["placement__enrolment__cohort"]
    list_select_related = ["placement__enrolment__person", "mentor"]
    raw_id_fields = ["placement", "mentor", "assigned_by"]


@admin.register(ProjectAttachment)
class ProjectAttachmentAdmin(BiblioAdmin):
    """Metadata only: the files themselves are served by the project page, which checks access."""

    list_display = ["name", "idea", "content_type", "size", "uploaded_at"]
    list_select_related = ["idea"]
    raw_id_fields = ["idea", "uploaded_by"]
    readonly_fields = ["file", "content_type", "size"]
