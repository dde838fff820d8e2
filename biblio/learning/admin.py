from django.contrib import admin

from biblio.core.admin import BiblioAdmin

from .models import Application, Attendance, Enrolment, Exemption, HourEntry, Session


@admin.register(Application)
class ApplicationAdmin(BiblioAdmin):
    list_display = [
        "person",
        "cohort",
        "programme",
        "status",
        "host",
        "host_agreed",
        "idea_rating",
        "created_at",
    ]
    list_filter = ["status", "cohort", "programme", "host_agreed"]
    search_fields = ["person__full_name", "person__email", "proposed_host"]
    autocomplete_fields = ["person", "host"]
    list_select_related = ["person", "cohort", "programme", "host"]


@admin.register(Enrolment)
class EnrolmentAdmin(BiblioAdmin):
    list_display = ["person", "cohort", "programme", "status", "enrolled_at", "completed_at"]
    list_filter = ["status", "cohort__country", "cohort", "programme"]
    search_fields = ["person__full_name", "person__email"]
    autocomplete_fields = ["person"]
    list_select_related = ["person", "cohort", "programme"]


@admin.register(Session)
class SessionAdmin(BiblioAdmin):
    list_display = ["title", "cohort", "kind", "mode", "start", "end", "trainer"]
    list_filter = ["kind", "mode", "cohort"]
    search_fields = ["title", "place"]
    list_select_related = ["cohort", "trainer"]
    date_hierarchy = "start"


@admin.register(Attendance)
class AttendanceAdmin(BiblioAdmin):
    list_display = ["session", "enrolment", "minutes", "recorded_by", "recorded_at"]
    list_filter = ["session__cohort"]
    list_select_related = ["session", "enrolment__person", "recorded_by"]


@admin.register(HourEntry)
class HourEntryAdmin(BiblioAdmin):
    list_display = ["enrolment", "date", "mode", "module", "minutes", "status", "reviewed_by"]
    list_filter = ["status", "mode", "enrolment__cohort"]
    search_fields = ["enrolment__person__full_name", "note"]
    date_hierarchy = "date"
    list_select_related = ["enrolment__person", "module", "reviewed_by"]
    raw_id_fields = ["enrolment", "activity"]


@admin.register(Exemption)
class ExemptionAdmin(BiblioAdmin):
    list_display = ["enrolment", "module", "status", "recognised_minutes", "decided_by", "decided_at"]
    list_filter = ["status", "enrolment__cohort"]
    search_fields = ["enrolment__person__full_name", "module__code"]
    list_select_related = ["enrolment__person", "module", "decided_by"]
    raw_id_fields = ["enrolment"]
