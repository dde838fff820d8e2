"""The admin asks the permission module too: only platform administrators (staff) use it."""

from django.contrib import admin

from biblio.accounts.permissions import is_admin

from .models import Job


class AdminOnly:
    """Mixed into a ModelAdmin (Biblio's own, or Django's UserAdmin): only administrators see or change it."""

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


class BiblioAdmin(AdminOnly, admin.ModelAdmin):
    list_per_page = 50


class ReadOnlyAdmin(BiblioAdmin):
    """Records the application writes and nobody edits (audit events, job progress)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "done", "total", "created_by", "created_at", "finished_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
