import io
import json
import zipfile

from django.contrib import admin, messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from biblio.core.admin import BiblioAdmin
from biblio.core.errors import DomainError
from biblio.core.models import Job

from .forms import FrameworkImportForm
from .interop.case import case_package
from .interop.importing import framework_adopt, framework_import, framework_validate
from .interop.moodle import ImportRejected
from .interop.moodle_export import moodle_export
from .models import (
    Competence,
    CompetenceFramework,
    LearningPathAdjustment,
    ProficiencyLevel,
    ProfileRequirement,
    RoleProfile,
    SelfAssessment,
    SelfRating,
)
from .selectors import framework_bundle
from .tasks import import_framework

# Above this many competences an import runs as a background task with a progress bar.
INLINE_IMPORT_LIMIT = 1000


class LevelInline(admin.TabularInline):
    model = ProficiencyLevel
    extra = 0


def _download(frameworks, extension: str, render) -> HttpResponse:
    frameworks = list(frameworks)
    if len(frameworks) == 1:
        fw = frameworks[0]
        content_type = "text/csv; charset=utf-8" if extension == "csv" else "application/json"
        response = HttpResponse(render(fw), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{fw.slug}-{fw.version}.{extension}"'
        return response
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for fw in frameworks:
            archive.writestr(f"{fw.slug}-{fw.version}.{extension}", render(fw))
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="frameworks-{extension}.zip"'
    return response


@admin.register(CompetenceFramework)
class FrameworkAdmin(BiblioAdmin):
    list_display = ["name", "version", "is_current", "unverified_titles", "licence", "created_at"]
    list_filter = ["is_current", "unverified_titles", "slug"]
    search_fields = ["name", "slug", "title"]
    inlines = [LevelInline]
    actions = ["export_moodle", "export_case", "adopt"]
    change_list_template = "admin/competences/competenceframework/change_list.html"

    @admin.action(description=gettext_lazy("Export as Moodle competency CSV"))
    def export_moodle(self, request, queryset):
        return _download(queryset, "csv", lambda fw: moodle_export(framework_bundle(fw)))

    @admin.action(description=gettext_lazy("Export as CASE JSON"))
    def export_case(self, request, queryset):
        return _download(
            queryset,
            "json",
            lambda fw: json.dumps(case_package(framework_bundle(fw)), ensure_ascii=False, indent=2),
        )

    @admin.action(description=gettext_lazy("Make current and move the role profiles onto it"))
    def adopt(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose exactly one framework version to adopt."), messages.ERROR)
            return None
        try:
            result = framework_adopt(actor=request.user, framework=queryset.get())
        except DomainError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return None
        self.message_user(
            request,
            _("%(framework)s is now current; %(moved)s profile requirement(s) moved, %(kept)s kept.")
            % {
                "framework": result.framework,
                "moved": result.moved_requirements,
                "kept": len(result.kept_requirements),
            },
            messages.SUCCESS,
        )
        return None

    def get_urls(self):
        return [
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="competences_framework_import"
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a Moodle CSV: checked at once (every bad row listed), written all or nothing."""
        if not self.has_add_permission(request):
            raise DomainError(_("Only platform administrators may import frameworks."))
        form = FrameworkImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data["file"].read()
            options = {
                "slug": form.cleaned_data["slug"],
                "version": form.cleaned_data["version"],
                "adopt": form.cleaned_data["adopt"],
            }
            try:
                parsed = framework_validate(data=data, slug=options["slug"], version=options["version"])
                if len(parsed.competences) > INLINE_IMPORT_LIMIT:
                    return self._enqueue(request, data, options, parsed)
                result = framework_import(actor=request.user, data=data, **options)
            except ImportRejected as exc:
                errors = [exc.message, *exc.fields["file"]]
            else:
                self.message_user(
                    request,
                    _("Imported %(framework)s: %(count)s competences.")
                    % {"framework": result.framework, "count": result.competences},
                    messages.SUCCESS,
                )
                return redirect(
                    reverse("admin:competences_competenceframework_change", args=[result.framework.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import a competence framework (Moodle CSV)"),
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "admin/competences/competenceframework/import.html", context)

    def _enqueue(self, request, data: bytes, options: dict, parsed):
        job = Job.objects.create(
            kind="competences.import",
            title=_("Import %(name)s %(version)s") % {"name": parsed.name, "version": parsed.version},
            total=len(parsed.competences),
            created_by=request.user,
        )
        stored = default_storage.save(f"imports/competences/{job.pk}.csv", ContentFile(data))
        import_framework.enqueue(str(job.pk), stored, request.user.pk, **options)
        self.message_user(request, _("The import runs in the background; this page shows its progress."))
        return redirect(reverse("admin:core_job_change", args=[job.pk]))


@admin.register(Competence)
class CompetenceAdmin(BiblioAdmin):
    list_display = ["code", "title", "framework", "is_area", "parent"]
    list_filter = ["framework", "is_area"]
    search_fields = ["code", "title"]
    list_select_related = ["framework", "parent"]
    autocomplete_fields = ["parent"]
    filter_horizontal = ["related"]


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


@admin.register(LearningPathAdjustment)
class LearningPathAdjustmentAdmin(BiblioAdmin):
    list_display = ["enrolment", "module", "kind", "reason", "created_by", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["enrolment__person__full_name", "module__code", "reason"]
    list_select_related = ["enrolment__person", "enrolment__cohort", "module", "created_by"]
    raw_id_fields = ["enrolment", "module", "created_by"]
