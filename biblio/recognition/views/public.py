"""Public pages and documents: verify a credential, the issuer and its keys, the status list, the
achievement each credential names. No login; JSON documents may be read from any origin."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from biblio.programmes.models import Programme

from .. import issuer, keys, selectors
from ..forms import VerifyForm
from ..openbadges import anchor, criteria_narrative
from ..statuslist import status_list_credential
from ..verification import EXPLAIN_NO_RECORD, verify_stored, verify_text

JSON_LD = "application/ld+json"


def _json(document: dict, *, content_type: str = "application/json", max_age: int = 300) -> JsonResponse:
    response = JsonResponse(
        document, content_type=content_type, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"public, max-age={max_age}"
    return response


def wants_html(request) -> bool:
    """Browsers get a page; verifiers and scripts (no text/html in Accept) get JSON."""
    return "text/html" in request.headers.get("Accept", "") and request.GET.get("format") != "json"


def verify(request):
    """Paste or upload a credential and read, in plain words, whether it can be trusted."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result = verify_text(form.cleaned_data["content"])
        else:
            status = 400
    return render(request, "recognition/verify.html", {"form": form, "result": result}, status=status)


@require_GET
def verify_credential(request, public_id):
    """The verify page of one certificate: the link on the PDF's QR code and in the wallet."""
    credential = selectors.credential_public(public_id)
    if credential is None:
        return render(
            request,
            "recognition/verify.html",
            {"form": VerifyForm(), "missing": EXPLAIN_NO_RECORD},
            status=404,
        )
    return render(
        request,
        "recognition/verify.html",
        {"form": None, "result": verify_stored(credential), "credential": credential},
    )


@require_GET
def issuer_profile(request):
    """The issuer's Open Badges Profile with its public keys (a page for people)."""
    profile = issuer.issuer_profile()
    if wants_html(request):
        return render(
            request,
            "recognition/issuer.html",
            {"profile": profile, "keys": keys.public_keys()},
        )
    return _json(profile, content_type=JSON_LD)


@require_GET
def issuer_jwks(request):
    return _json(issuer.jwks())


@require_GET
def issuer_key(request, multikey: str):
    """One key as a Multikey document: what `<issuer>#<multikey>` names."""
    key = keys.find(multikey)
    if key is None:
        raise Http404
    return _json(issuer.multikey_document(key), content_type=JSON_LD)


@require_GET
def status_list(request, number: int):
    """The signed revocation list; built from the database on each request, cached briefly."""
    if number > 10_000:
        raise Http404
    return _json(status_list_credential(number), max_age=60)


@require_GET
def achievement(request, slug: str):
    """What a credential's achievement id points at: the programme, its criteria and competences."""
    programme = (
        Programme.objects.filter(slug=slug, kind=Programme.Kind.SPECIALISATION)
        .select_related("profile")
        .first()
    )
    if programme is None:
        raise Http404
    requirements = (
        programme.profile.requirements.select_related("competence__framework") if programme.profile else []
    )
    competences = [
        (anchor("competence", r.competence.framework.slug, r.competence.code), r) for r in requirements
    ]
    units = [
        (anchor("unit", link.module.code), link)
        for link in programme.programme_modules.select_related("module").order_by("order")
    ]
    budgets = [(anchor("hours", b.mode), b) for b in programme.budgets.all()]
    return render(
        request,
        "recognition/achievement.html",
        {
            "programme": programme,
            "competences": competences,
            "units": units,
            "budgets": budgets,
            "achievement_id": issuer.achievement_url(programme),
            "criteria": criteria_narrative(),
        },
    )
