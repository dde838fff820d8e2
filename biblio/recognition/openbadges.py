"""The Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable Credential 2.0) for one certificate.

Only properties the VC 2.0 and Open Badges 3.0 contexts define are used, so every value is covered by
the signature: ECVET points are `creditsAvailable` / `creditsEarned`, the EQF level and the profile's
competences are `alignment`s, modules and hours per mode are `resultDescription` + `result`, and the
placement and project are `evidence`. Numbers are integers where they can be (a JSON 16.0 reads as an
integer in JavaScript but as a double in Python, and the two canonicalise differently).
"""

from __future__ import annotations

import copy
import hashlib
import uuid
from datetime import UTC, datetime, time
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from biblio.core.templatetags.biblio import hours

from .dataintegrity import OB_V3, VC_V2, xsd_datetime
from .facts import Facts
from .issuer import achievement_url, issuer_ref

EQF_URL = "https://europass.europa.eu/en/description-eight-eqf-levels"
FIELD_OF_STUDY = "Library, information and archival studies (ISCED-F 0322)"


def number(value: Decimal | int | float) -> int | float:
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def _day(value) -> str:
    return xsd_datetime(datetime.combine(value, time(0, 0), tzinfo=UTC))


def anchor(prefix: str, *parts: str) -> str:
    """A fragment for the achievement page: letters, digits, dots and hyphens only."""
    text = "-".join(parts)
    return f"{prefix}-" + "".join(c if c.isalnum() or c in ".-" else "-" for c in text)


def criteria_narrative() -> str:
    return _(
        "The participant met every hour budget of the course (approved and recognised hours), passed "
        "or was exempted from every mandatory module, completed the work-based learning with a "
        "mentor's sign-off, completed the project and submitted the self-assessment after the course."
    )


def achievement(facts: Facts) -> dict:
    """The Achievement: the programme with its EQF level, ECVET points, competences and results."""
    programme = facts.programme
    url = achievement_url(programme)
    profile = programme.profile
    alignments = [
        {
            "type": ["Alignment"],
            "targetName": _("EQF level %(level)s") % {"level": programme.eqf_level},
            "targetFramework": "European Qualifications Framework",
            "targetCode": str(programme.eqf_level),
            "targetType": "ext:EQFLevel",
            "targetUrl": EQF_URL,
        }
    ]
    for requirement in facts.requirements:
        competence = requirement.competence
        framework = competence.framework
        alignments.append(
            {
                "type": ["Alignment"],
                "targetName": competence.tr("title"),
                "targetCode": competence.code,
                "targetFramework": f"{framework.name} {framework.version}",
                "targetDescription": _("Target level %(level)s") % {"level": requirement.target_level},
                "targetType": "ceasn:Competency",
                "targetUrl": f"{url}#{anchor('competence', framework.slug, competence.code)}",
            }
        )
    descriptions = [
        {
            "id": f"{url}#{anchor('unit', state.module.code)}",
            "type": ["ResultDescription"],
            "name": f"{state.module.code} {state.module.tr('title')}",
            "resultType": "Status",
        }
        for state in facts.completion.modules
    ] + [
        {
            "id": f"{url}#{anchor('hours', mode.mode)}",
            "type": ["ResultDescription"],
            "name": _("Hours: %(mode)s") % {"mode": mode.label},
            "resultType": "RawScore",
            "valueMin": "0",
            "requiredValue": hours(mode.budget_minutes),
        }
        for mode in facts.modes
    ]
    found = {
        "id": url,
        "type": ["Achievement"],
        "achievementType": "Certificate",
        "name": programme.tr("title"),
        "description": programme.tr("summary") or programme.tr("title"),
        "criteria": {"id": f"{url}#criteria", "narrative": criteria_narrative()},
        "creditsAvailable": number(programme.ecvet_points),
        "fieldOfStudy": FIELD_OF_STUDY,
        "inLanguage": translation.get_language(),
        "tag": [f"EQF {programme.eqf_level}", "ECVET"],
        "alignment": alignments,
        "resultDescription": descriptions,
    }
    if profile is not None:
        found["humanCode"] = profile.code
        found["specialization"] = profile.tr("title")
        found["tag"].append(profile.code)
    return found


def _shared_achievement(facts: Facts) -> dict:
    """`achievement(facts)`, made once per programme, language, modules, budgets and competences of a
    batch (every participant of a cohort shares it); a copy, so no two credentials share a dict."""
    key = (
        "achievement",
        facts.language,
        facts.programme.pk,
        tuple(state.module.pk for state in facts.completion.modules),
        tuple((mode.mode, mode.budget_minutes) for mode in facts.modes),
        tuple(requirement.pk for requirement in facts.requirements),
    )
    return copy.deepcopy(facts.once(key, lambda: achievement(facts)))


def results(facts: Facts) -> list[dict]:
    """One result per module done (pass or recognised prior learning) and per learning mode's hours."""
    url = achievement_url(facts.programme)
    found = []
    for state in facts.units:
        found.append(
            {
                "type": ["Result"],
                "resultDescription": f"{url}#{anchor('unit', state.module.code)}",
                "status": "Completed",
                "value": _("Passed") if state.passed else _("Recognised prior learning"),
            }
        )
    for mode in facts.modes:
        found.append(
            {
                "type": ["Result"],
                "resultDescription": f"{url}#{anchor('hours', mode.mode)}",
                "value": hours(mode.credited_minutes),
            }
        )
    return found


def evidence(facts: Facts) -> list[dict]:
    found = []
    placement = facts.completion.placement
    if placement is not None and placement.signed_off_at is not None:
        found.append(
            {
                "type": ["Evidence"],
                "name": _("Work-based learning at %(host)s") % {"host": placement.host.name},
                "genre": _("Work-based learning"),
                "narrative": _(
                    "%(hours)s hours of work-based learning from %(start)s to %(end)s, mentored by "
                    "%(mentor)s and signed off on %(signed)s."
                )
                % {
                    "hours": hours(facts.work_based_minutes()),
                    "start": placement.start.isoformat(),
                    "end": placement.end.isoformat(),
                    "mentor": placement.mentor.full_name if placement.mentor else "—",
                    "signed": placement.signed_off_at.date().isoformat(),
                },
            }
        )
    project = facts.completion.project
    if project is not None:
        found.append({"type": ["Evidence"], "name": project.title, "genre": _("Project")})
    return found


def identity(facts: Facts, salt: str) -> list[dict]:
    """The holder by name (plain) and by e-mail (salted SHA-256, so it can be matched, not read)."""
    person = facts.enrolment.person
    digest = hashlib.sha256((person.email.lower() + salt).encode()).hexdigest()
    return [
        {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": person.full_name},
        {
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": True,
            "identityHash": f"sha256${digest}",
            "salt": salt,
        },
    ]


def credential_document(
    facts: Facts,
    *,
    public_id: uuid.UUID,
    number_text: str,
    issued_at: datetime,
    status: dict,
    expires_at: datetime | None = None,
) -> dict:
    """The unsigned credential, worded in the participant's language."""
    with translation.override(facts.language):
        programme = facts.programme
        cohort = facts.enrolment.cohort
        document = {
            "@context": [VC_V2, OB_V3],
            "id": f"urn:uuid:{public_id}",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": _("Certificate %(number)s: %(programme)s")
            % {"number": number_text, "programme": programme.tr("title")},
            "description": _("%(name)s completed %(programme)s (%(cohort)s).")
            % {
                "name": facts.enrolment.person.full_name,
                "programme": programme.tr("title"),
                "cohort": cohort.name,
            },
            "issuer": issuer_ref(),
            "validFrom": xsd_datetime(issued_at),
            "awardedDate": xsd_datetime(issued_at),
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "identifier": identity(facts, salt=public_id.hex[:16]),
                "activityStartDate": _day(cohort.start),
                "activityEndDate": _day(cohort.end),
                "creditsEarned": number(programme.ecvet_points),
                "term": cohort.name,
                "achievement": _shared_achievement(facts),
                "result": results(facts),
            },
            "evidence": evidence(facts),
            "credentialStatus": status,
        }
        if expires_at is not None:
            document["validUntil"] = xsd_datetime(expires_at)
        return document


def ordered(document: dict) -> dict:
    """The same credential with @context, id and type first, for people reading the JSON."""
    first = ["@context", "id", "type", "name", "description", "issuer", "validFrom", "validUntil"]
    head = {k: document[k] for k in first if k in document}
    return {**head, **{k: v for k, v in document.items() if k not in head}}
