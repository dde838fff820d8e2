"""Materials trainers attach to a module for their cohort: files or links, ordered, each with an
estimated study time."""

from __future__ import annotations

from urllib.parse import urlparse

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit, diff
from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, allows
from biblio.core.errors import DomainError, PermissionDenied
from biblio.programmes.models import Cohort, Module, ProgrammeModule

from ..files import MATERIAL_KINDS, check_upload, safe_name
from ..models import Material

MATERIAL_INVALID = _("The material could not be saved: please correct the marked fields.")
TITLE_REQUIRED = _("Give the material a title.")
MODULE_NOT_OFFERED = _("Choose a module this cohort offers.")
MINUTES_INVALID = _("Estimate the study time: between 1 minute and 100 hours.")
FILE_REQUIRED = _("Choose a file to upload.")
LINK_REQUIRED = _("Give the address of the link (https://…).")
LINK_INVALID = _("Give a web address starting with https:// or http://.")
NOT_ALLOWED = _("You are not allowed to do this.")


def _validate(cohort: Cohort, *, module: Module | None, title: str, minutes: int | None) -> dict[str, list]:
    fields: dict[str, list] = {}
    if not (title or "").strip():
        fields["title"] = [TITLE_REQUIRED]
    if (
        module is None
        or not ProgrammeModule.objects.filter(programme__track_cohorts=cohort, module=module).exists()
    ):
        fields["module"] = [MODULE_NOT_OFFERED]
    if minutes is None or not 0 < int(minutes) <= 6000:
        fields["minutes"] = [MINUTES_INVALID]
    return fields


def _check_link(url: str, fields: dict[str, list]) -> str:
    url = (url or "").strip()
    if not url:
        fields["url"] = [LINK_REQUIRED]
    elif urlparse(url).scheme not in ("http", "https") or not urlparse(url).netloc:
        fields["url"] = [LINK_INVALID]
    return url


@transaction.atomic
def material_create(
    *,
    actor: Person,
    cohort: Cohort,
    module: Module | None,
    title: str,
    minutes: int | None,
    kind: str,
    file: UploadedFile | None = None,
    url: str = "",
    description: str = "",
) -> Material:
    """Attach a file or a link to a module of the cohort, at the end of its list."""
    if not allows(actor, Action.MANAGE_SESSIONS, cohort_id=cohort.pk):
        raise PermissionDenied(NOT_ALLOWED)
    fields = _validate(cohort, module=module, title=title, minutes=minutes)
    file_kind = None
    if kind == Material.Kind.LINK:
        url = _check_link(url, fields)
    elif file is None:
        fields["file"] = [FILE_REQUIRED]
    else:
        try:
            file_kind = check_upload(file, kinds=MATERIAL_KINDS, field="file")
        except DomainError as error:
            fields.update(error.fields)
    if fields:
        raise DomainError(MATERIAL_INVALID, fields=fields)
    last = Material.objects.filter(cohort=cohort, module=module).aggregate(m=Max("order"))["m"]
    material = Material(
        cohort=cohort,
        module=module,
        title=title.strip(),
        description=(description or "").strip(),
        kind=Material.Kind.LINK if kind == Material.Kind.LINK else Material.Kind.FILE,
        url=url if kind == Material.Kind.LINK else "",
        minutes=int(minutes),
        order=(last or 0) + 1,
        added_by=actor,
    )
    if file_kind is not None:
        material.file.save(safe_name(file, file_kind), file, save=False)
    material.save()
    audit(actor=actor, verb="material.create", obj=material, cohort_id=cohort.pk)
    return material


@transaction.atomic
def material_update(
    *,
    actor: Person,
    material: Material,
    title: str,
    minutes: int | None,
    url: str = "",
    description: str = "",
    file: UploadedFile | None = None,
) -> Material:
    """Change a material's title, study time, description, and its link or file."""
    if not allows(actor, Action.MANAGE_SESSIONS, cohort_id=material.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    material = Material.objects.select_for_update().select_related("cohort").get(pk=material.pk)
    fields = _validate(material.cohort, module=material.module, title=title, minutes=minutes)
    file_kind = None
    if material.kind == Material.Kind.LINK:
        url = _check_link(url, fields)
    elif file is not None:
        try:
            file_kind = check_upload(file, kinds=MATERIAL_KINDS, field="file")
        except DomainError as error:
            fields.update(error.fields)
    if fields:
        raise DomainError(MATERIAL_INVALID, fields=fields)
    before = {f: getattr(material, f) for f in ("title", "minutes", "url", "description")}
    material.title, material.minutes = title.strip(), int(minutes)
    material.description = (description or "").strip()
    if material.kind == Material.Kind.LINK:
        material.url = url
    old_file = material.file.name if material.file else ""
    if file_kind is not None:
        material.file.save(safe_name(file, file_kind), file, save=False)
        storage = material.file.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    material.save()
    audit(
        actor=actor,
        verb="material.update",
        obj=material,
        cohort_id=material.cohort_id,
        changes=diff(before, material, ["title", "minutes", "url", "description"]),
    )
    return material


@transaction.atomic
def material_delete(*, actor: Person, material: Material) -> None:
    """Remove a material (and its file)."""
    if not allows(actor, Action.MANAGE_SESSIONS, cohort_id=material.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    audit(
        actor=actor,
        verb="material.delete",
        obj=material,
        cohort_id=material.cohort_id,
        changes={"title": [material.title, None]},
    )
    if material.file:
        name, storage = material.file.name, material.file.storage
        transaction.on_commit(lambda: storage.delete(name))
    material.delete()


@transaction.atomic
def material_move(*, actor: Person, material: Material, up: bool) -> None:
    """Swap a material with its neighbour above (or below) in the module's list."""
    if not allows(actor, Action.MANAGE_SESSIONS, cohort_id=material.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    siblings = list(
        Material.objects.select_for_update()
        .filter(cohort_id=material.cohort_id, module_id=material.module_id)
        .order_by("order", "id")
    )
    index = next(i for i, m in enumerate(siblings) if m.pk == material.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        item.order = position
    Material.objects.bulk_update(siblings, ["order"])
    audit(
        actor=actor,
        verb="material.move",
        obj=material,
        cohort_id=material.cohort_id,
        changes={"order": [index + 1, other + 1]},
    )
