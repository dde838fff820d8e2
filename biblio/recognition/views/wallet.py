"""The learner's wallet: their certificates, the files to download and the link to share."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors
from ..issuer import verify_url
from ..openbadges import ordered


@login_required
def wallet(request):
    credentials = selectors.wallet(request.user)
    return render(
        request,
        "recognition/wallet.html",
        {"credentials": [(c, verify_url(c)) for c in credentials]},
    )


def _file(field, filename: str) -> FileResponse:
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")


@login_required
@require_GET
def certificate_pdf(request, public_id):
    credential = selectors.credential_for(request.user, public_id)
    return _file(credential.pdf, f"certificate-{credential.number}.pdf")


@login_required
@require_GET
def transcript_pdf(request, public_id):
    credential = selectors.credential_for(request.user, public_id)
    return _file(credential.transcript_pdf, f"transcript-{credential.number}.pdf")


@login_required
@require_GET
def credential_json(request, public_id):
    """The signed Open Badges credential, as a file to keep in any OB 3.0 wallet."""
    credential = selectors.credential_for(request.user, public_id)
    body = json.dumps(ordered(credential.signed_json), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="credential-{credential.number}.json"'
    return response
