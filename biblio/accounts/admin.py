from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from biblio.core.admin import AdminOnly, BiblioAdmin, ReadOnlyAdmin
from biblio.core.errors import DomainError

from .models import ApiToken, AuditEvent, ErasureRequest, Membership, Person
from .permissions import is_admin


def _admin_login(request, extra_context=None):
    """The admin logs in through Biblio's own log-in page, so throttling and the second factor apply."""
    if request.user.is_authenticated:
        raise PermissionDenied  # logged in but not an administrator: no loop back to the log-in page
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), login_url="login")


admin.site.login = _admin_login


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["cohort"]


@admin.register(Person)
class PersonAdmin(AdminOnly, UserAdmin):
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

    actions = ["two_factor_off"]

    @admin.action(description=_("Turn two-factor log-in off (lost phone)"))
    def two_factor_off(self, request, queryset):
        from .twofactor import totp_disable

        for person in queryset:
            totp_disable(person=person, password="", actor=request.user)
        self.message_user(request, _("Two-factor log-in is off for the selected people."), messages.SUCCESS)


@admin.register(ErasureRequest)
class ErasureRequestAdmin(ReadOnlyAdmin):
    """Requests are made by people on their “My data” page; an administrator may carry one out at once."""

    list_display = ["person", "status", "requested_at", "due_at", "done_at", "done_by"]
    list_filter = ["status"]
    search_fields = ["person__email", "person__full_name"]
    list_select_related = ["person", "done_by"]
    actions = ["carry_out"]

    def get_actions(self, request):
        # ReadOnlyAdmin drops delete_selected; our own action stays for administrators.
        return super().get_actions(request) if is_admin(request.user) else {}

    @admin.action(description=_("Carry out the erasure now"))
    def carry_out(self, request, queryset):
        from biblio.core.privacy.erasure import erase_person

        done = 0
        for request_row in queryset.filter(status=ErasureRequest.Status.PENDING).select_related("person"):
            try:
                erase_person(person=request_row.person, actor=request.user, request=request_row)
                done += 1
            except DomainError as exc:
                self.message_user(request, exc.message, messages.ERROR)
        self.message_user(request, _("%(n)d erasure(s) carried out.") % {"n": done}, messages.SUCCESS)


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
