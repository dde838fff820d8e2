"""Who issues Biblio's credentials, and where each public thing lives: stable https URLs on SITE_URL.

The issuer's id is the URL of its profile; a key is named `<issuer id>#<publicKeyMultibase>`, the form
Open Badges verifiers (the 1EdTech validator among them) resolve without fetching anything.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from . import keys
from .dataintegrity import OB_V3, VC_V2

MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def issuer_id() -> str:
    return absolute(reverse("recognition:issuer"))


def issuer_name() -> str:
    return getattr(settings, "BIBLIO_ISSUER_NAME", "Biblio")


def issuer_ref() -> dict:
    """The issuer as embedded in each credential."""
    return {"id": issuer_id(), "type": ["Profile"], "name": issuer_name(), "url": settings.SITE_URL}


def verification_method(multikey: str) -> str:
    return f"{issuer_id()}#{multikey}"


def multikey_document(key: keys.IssuerKey) -> dict:
    return {
        "@context": MULTIKEY_CONTEXT,
        "id": verification_method(key.multikey),
        "type": "Multikey",
        "controller": issuer_id(),
        "publicKeyMultibase": key.multikey,
    }


def issuer_profile() -> dict:
    """The Open Badges Profile of the issuer, with every public key it has signed with."""
    public = keys.public_keys()
    return {
        "@context": [VC_V2, OB_V3, MULTIKEY_CONTEXT],
        **issuer_ref(),
        "description": getattr(
            settings,
            "BIBLIO_ISSUER_DESCRIPTION",
            "Competence-based vocational training for library professionals.",
        ),
        "email": settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">").strip(),
        "verificationMethod": [
            {k: v for k, v in multikey_document(key).items() if k != "@context"} for key in public
        ],
        "assertionMethod": [verification_method(key.multikey) for key in public],
    }


def jwks() -> dict:
    """The same keys as a JSON Web Key Set; each says when it was made and, if rotated out, when."""
    return {
        "keys": [
            {**key.jwk, "created": key.created, **({"retired": key.retired} if key.retired else {})}
            for key in keys.public_keys()
        ]
    }


def achievement_url(programme) -> str:
    return absolute(reverse("recognition:achievement", args=[programme.slug]))


def status_list_url(list_number: int) -> str:
    return absolute(reverse("recognition:status_list", args=[list_number]))


def verify_url(credential) -> str:
    return absolute(reverse("recognition:verify_credential", args=[credential.public_id]))
