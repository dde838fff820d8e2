"""Content checks for project attachments: the bytes must be what the name says, of a kind we accept.

Browsers and clients can claim any content type, so the file's own bytes decide: PDF, PNG, JPEG,
Office Open XML and OpenDocument files (zip containers with the right parts; no macro-enabled kinds),
and UTF-8 plain text or CSV. Anything else, or a mismatch between name and content, is refused.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from biblio.core.errors import DomainError

FILE_EMPTY = _("The file is empty.")
FILE_TOO_LARGE = _("The file is larger than %(limit)s MB.")
FILE_KIND = _(
    "Attach a PDF, an image (PNG, JPEG), an office document (DOCX, XLSX, PPTX, ODT, ODS, ODP) or a text file."
)
FILE_MISMATCH = _("The file's content does not match its name (.%(ext)s).")

OOXML = {
    "docx": ("word/", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("xl/", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("ppt/", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
MAGIC = {
    "pdf": (b"%PDF-", "application/pdf"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
}
TEXT = {"txt": "text/plain", "csv": "text/csv", "md": "text/markdown"}
ZIP_MAX_RATIO = 50  # an archive that inflates beyond 50× the upload limit is a bomb, not a document


@dataclass(frozen=True)
class CheckedFile:
    name: str
    ext: str
    content_type: str
    size: int


def clean_name(name: str) -> str:
    """The original name, safe to show and to send back in Content-Disposition."""
    base = os.path.basename(name.replace("\\", "/"))
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    base = re.sub(r"\s+", " ", base).strip(" .") or "file"
    stem, dot, ext = base.rpartition(".")
    return (stem[: 190 - len(ext)] + dot + ext) if dot else base[:200]


def _zip_kind(upload, ext: str) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if sum(i.file_size for i in infos) > settings.BIBLIO_MAX_UPLOAD_BYTES * ZIP_MAX_RATIO:
                return None
            names = {i.filename for i in infos}
            if ext in OOXML:
                folder, content_type = OOXML[ext]
                has_macros = any(n.lower().endswith("vbaproject.bin") for n in names)
                ok = "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)
                return content_type if ok and not has_macros else None
            if (
                "mimetype" in names
                and archive.read("mimetype").decode("ascii", "replace").strip() == ODF[ext]
            ):
                return ODF[ext]
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return None
    return None


def check_upload(upload) -> CheckedFile:
    """Return what the upload really is, or raise DomainError (field "file") with a readable reason."""
    name = clean_name(getattr(upload, "name", "") or "")
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    size = upload.size or 0
    limit = settings.BIBLIO_MAX_UPLOAD_BYTES

    def refuse(message) -> DomainError:
        return DomainError(message, fields={"file": [message]})

    if size == 0:
        raise refuse(FILE_EMPTY)
    if size > limit:
        raise refuse(str(FILE_TOO_LARGE % {"limit": round(limit / 1024 / 1024)}))
    if ext not in {*OOXML, *ODF, *MAGIC, *TEXT}:
        raise refuse(FILE_KIND)
    upload.seek(0)
    head = upload.read(8192)
    content_type = None
    if ext in MAGIC:
        magic, candidate = MAGIC[ext]
        content_type = candidate if head.startswith(magic) else None
    elif ext in OOXML or ext in ODF:
        content_type = _zip_kind(upload, ext) if head.startswith(b"PK\x03\x04") else None
    else:
        upload.seek(0)
        data = upload.read()
        try:
            data.decode("utf-8")
            content_type = TEXT[ext] if b"\x00" not in data else None
        except UnicodeDecodeError:
            content_type = None
    upload.seek(0)
    if content_type is None:
        raise refuse(str(FILE_MISMATCH % {"ext": ext}))
    return CheckedFile(name=name, ext=ext, content_type=content_type, size=size)
