"""Read-only admin: assessments and credentials change only through the audited services (a credential
edited here would no longer match its signature and would verify as tampered)."""

from django.contrib import admin

from biblio.core.admin import ReadOnlyAdmin

from .models import Assessment, Credential


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["enrolment", "module", "method", "result", "score", "assessor", "date"]
    list_filter = ["result", "method", "enrolment__cohort"]
    search_fields = ["enrolment__person__full_name", "module__code"]
    list_select_related = ["enrolment__person", "enrolment__cohort", "module", "assessor"]


@admin.register(Credential)
class CredentialAdmin(ReadOnlyAdmin):
    list_display = ["number", "enrolment", "issued_at", "ecvet_points", "language", "key_id", "revoked_at"]
    list_filter = ["revoked_at", "enrolment__cohort", "language"]
    search_fields = ["number", "public_id", "enrolment__person__full_name"]
    list_select_related = ["enrolment__person", "enrolment__cohort"]
