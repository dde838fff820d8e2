from django.contrib import admin

from biblio.core.admin import BiblioAdmin

from .models import Assessment, Credential


@admin.register(Assessment)
class AssessmentAdmin(BiblioAdmin):
    list_display = ["enrolment", "module", "method", "result", "score", "assessor", "date"]
    list_filter = ["result", "method", "enrolment__cohort"]
    search_fields = ["enrolment__person__full_name", "module__code"]
    list_select_related = ["enrolment__person", "module", "assessor"]
    raw_id_fields = ["enrolment"]


@admin.register(Credential)
class CredentialAdmin(BiblioAdmin):
    list_display = ["number", "enrolment", "issued_at", "ecvet_points", "language", "revoked_at"]
    list_filter = ["revoked_at", "enrolment__cohort", "language"]
    search_fields = ["number", "enrolment__person__full_name"]
    list_select_related = ["enrolment__person"]
    raw_id_fields = ["enrolment"]
    readonly_fields = ["signed_json", "key_id"]
