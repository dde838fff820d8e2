"""Uploaded files: checked by content (not by name), limited in size, stored outside the web root.

Files go to the default storage (settings: `var/private`, never served by the web server); pages hand
them out only through views that check access first (`file_response`).
"""

from __future__ import annotations

import mimetypes
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from biblio.core.errors import DomainError, NotFound

FILE_TOO_BIG = _("The file is too big: the limit is %(limit)s MB.")
FILE_EMPTY = _("The file is empty.")
FILE_TYPE_EVIDENCE = _("Upload a PDF, PNG or JPEG file.")
FILE_TYPE_MATERIAL = _("Upload a PDF, PNG or JPEG file, or a Word, Excel or PowerPoint document.")
FILE_INVALID = _("The file could not be read.")


@dataclass(frozen=True)
class Kind:
    name: str
    extension: str
    content_type: str


PDF = Kind("pdf", ".pdf", "application/pdf")
PNG = Kind("png", ".png", "image/png")
JPEG = Kind("jpeg", ".jpg", "image/jpeg")
DOCX = Kind("docx", ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Kind("xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PPTX = Kind("pptx", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")

EVIDENCE_KINDS = (PDF, PNG, JPEG)
MATERIAL_KINDS = (PDF, PNG, JPEG, DOCX, XLSX, PPTX)
_OOXML_PARTS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}


def _sniff(head: bytes, upload: UploadedFile) -> Kind | None:
    """The kind of file its first bytes say it is (Office documents: ZIPs holding the right parts)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for kind in (DOCX, XLSX, PPTX):
                if any(n.startswith(_OOXML_PARTS[kind.name]) for n in names):
                    return kind
    return None


def check_upload(upload: UploadedFile, *, kinds: tuple[Kind, ...], field: str) -> Kind:
    """The file's kind, or DomainError on `field` when it is empty, too big or not an allowed kind."""
    limit = settings.BIBLIO_MAX_UPLOAD_BYTES
    message = FILE_TYPE_EVIDENCE if kinds == EVIDENCE_KINDS else FILE_TYPE_MATERIAL
    size = getattr(upload, "size", None) or 0
    if size > limit:
        text = FILE_TOO_BIG % {"limit": f"{limit / (1024 * 1024):.0f}"}
        raise DomainError(text, fields={field: [text]})
    if size == 0:
        raise DomainError(FILE_EMPTY, fields={field: [FILE_EMPTY]})
    try:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
    except (OSError, ValueError) as exc:
        raise DomainError(FILE_INVALID, fields={field: [FILE_INVALID]}) from exc
    kind = _sniff(head, upload)
    if kind is None or kind not in kinds:
        raise DomainError(message, fields={field: [message]})
    return kind


def safe_name(upload: UploadedFile, kind: Kind) -> str:
    """A storage-safe file name whose extension matches the content, whatever the upload claimed."""
    stem = (upload.name or "file").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].rsplit(".", 1)[0]
    stem = get_valid_filename(stem)[:80] or "file"
    return f"{stem}{kind.extension}"


def file_response(field_file, *, download_name: str | None = None) -> FileResponse:
    """Serve a stored file as an attachment, with its type from the extension; 404 if it is gone."""
    if not field_file:
        raise NotFound(_("Not found."))
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise NotFound(_("Not found.")) from exc
    name = download_name or field_file.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
