from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from biblio.core.admin import BiblioAdmin, ReadOnlyAdmin

from .models import ApiToken, AuditEvent, Membership, Person
from .permissions import is_admin


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["cohort"]


@admin.register(Person)
class PersonAdmin(UserAdmin):
    ordering = ["full_name"]
    list_display = [
        "full_name",
        "email",
        "country",
        "organisation",
        "preferred_language",
        "is_staff",
        "is_active",
    ]
    list_filter = ["is_staff", "is_active", "country", "preferred_language", "memberships__role"]
    search_fields = ["full_name", "email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Person"),
            {"fields": ["full_name", "preferred_language", "country", "organisation", "consent_public"]},
        ),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined", "erased_at"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]

    def has_module_permission(self, request):
        return is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_add_permission(self, request):
        return is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)


@admin.register(Membership)
class MembershipAdmin(BiblioAdmin):
    list_display = ["person", "cohort", "role", "created_at"]
    list_filter = ["role", "cohort__country", "cohort"]
    search_fields = ["person__full_name", "person__email", "cohort__name"]
    autocomplete_fields = ["person", "cohort"]
    list_select_related = ["person", "cohort"]


@admin.register(ApiToken)
class ApiTokenAdmin(BiblioAdmin):
    list_display = ["name", "person", "key_prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "person__email"]
    readonly_fields = ["key_hash", "key_prefix", "created_at", "last_used_at"]
    list_select_related = ["person"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "verb", "object_type", "object_repr", "cohort"]
    list_filter = ["verb", "object_type", "cohort"]
    search_fields = ["object_repr", "actor__email", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["actor", "cohort"]
