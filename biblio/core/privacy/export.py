"""A person's copy of their data (GDPR Art. 15 and 20): one JSON document and their uploaded files, zipped."""

from __future__ import annotations

import json
import tempfile
import zipfile
from typing import IO, Any

from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from biblio.accounts.models import Person

from .registry import Personal, entries

FORMAT = "biblio-personal-data/1"


def _value(obj: models.Model, f: models.Field) -> Any:
    if isinstance(f, models.FileField):
        return getattr(obj, f.attname).name or None
    if f.is_relation:
        target = getattr(obj, f.name)
        return None if target is None else {"id": target.pk, "label": str(target)}
    return f.value_from_object(obj)


def _row(obj: models.Model, fields: list[models.Field]) -> dict[str, Any]:
    return {f.name: _value(obj, f) for f in fields}


def owner_queryset(entry: Personal, person: Person) -> models.QuerySet:
    """The rows of `entry`'s model that are about `person`."""
    model = entry.model_class
    if entry.owner == "":
        return model.objects.filter(pk=person.pk)
    return model.objects.filter(**{entry.owner: person})


def _fk_names(model, names) -> list[str]:
    return [n for n in names if model._meta.get_field(n).is_relation]


def collect(person: Person) -> dict[str, Any]:
    """Everything about the person (their records) and what they did to others' (references only)."""
    records: dict[str, list[dict]] = {}
    acted: dict[str, list[dict]] = {}
    files: list[str] = []
    for entry in entries():
        model = entry.model_class
        if entry.owner is not None:
            fields = [f for f in model._meta.concrete_fields if f.name not in entry.secret]
            relations = [f.name for f in fields if f.is_relation]
            rows = []
            for obj in owner_queryset(entry, person).select_related(*relations).order_by("pk"):
                rows.append(_row(obj, fields))
                files += [getattr(obj, name).name for name in entry.files if getattr(obj, name)]
            if rows:
                records[entry.model] = rows
        for actor_field, exported in entry.actors.items():
            fields = [model._meta.get_field(n) for n in ("id", *exported)]
            rows = [
                _row(obj, fields)
                for obj in model.objects.filter(**{actor_field: person})
                .select_related(*_fk_names(model, exported))
                .order_by("pk")
            ]
            if rows:
                acted[f"{entry.model}.{actor_field}"] = rows
    return {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "person_id": person.pk,
        "records": records,
        "acted_on": acted,
        "files": [f"files/{name}" for name in sorted(set(files))],
    }


def write_zip(person: Person, target: IO[bytes]) -> dict[str, Any]:
    """Write `data.json` and `files/…` for `person` into the open binary file `target`."""
    data = collect(person)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        archive.writestr("README.txt", README)
        missing = []
        for member in data["files"]:
            name = member.removeprefix("files/")
            try:
                with default_storage.open(name, "rb") as handle:
                    archive.writestr(member, handle.read())
            except (FileNotFoundError, OSError):
                missing.append(member)
        if missing:
            archive.writestr("missing-files.txt", "\n".join(missing))
    return data


def export_file(person: Person) -> IO[bytes]:
    """The zip as a temporary file, rewound (kept in memory up to 8 MB)."""
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (returned open)
    write_zip(person, handle)
    handle.seek(0)
    return handle


README = """Your data from Biblio

data.json  - every record about you, model by model ("records"), and references to records of other
             people that you acted on, such as hours you approved ("acted_on"). Dates are in UTC.
files/     - the files you (or staff, about you) uploaded: evidence, certificates, project files.

Questions, corrections or erasure: use "My data" on your profile page or write to the platform's
administrator.
"""
