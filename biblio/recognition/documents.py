"""The certificate and the ECVET transcript as PDF, rendered with Typst in the participant's language.

Fixed phrases are gettext strings evaluated under `translation.override(language)`; names, titles and
outcomes come from the database (translated content where it exists). These functions build what a template
shows (here, with the database and translations); `render.py` turns it into PDF (anywhere).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from biblio.core.templatetags.biblio import hours

from .facts import Facts


def _number(value) -> str:
    """A decimal in the active language's format, with one decimal only where there is one."""
    value = Decimal(value)
    return number_format(value, decimal_pos=0 if value == value.to_integral_value() else 1)


def _period(start, end) -> str:
    return f"{date_format(start)} – {date_format(end)}"


def _common(facts: Facts, *, number: str, issued_at: datetime, issuer: str, verify_url: str) -> dict:
    programme = facts.programme
    profile = programme.profile
    cohort = facts.enrolment.cohort
    budget = sum(m.budget_minutes for m in facts.modes)
    credited = sum(m.credited_minutes for m in facts.modes)
    return {
        "lang": facts.language,
        "issuer": issuer,
        "holder": facts.enrolment.person.full_name,
        "programme": programme.tr("title"),
        "profile": f"{profile.code} — {profile.tr('title')}" if profile else "",
        "eqf": str(programme.eqf_level),
        "ecvet": _number(programme.ecvet_points),
        "cohort": cohort.tr("name", facts.language),
        "period": _period(cohort.start, cohort.end),
        "number": number,
        "issued": date_format(issued_at.date()),
        "verify_url": verify_url,
        "total_hours": hours(credited),
        "total_budget": hours(budget),
    }


def certificate_data(facts: Facts, *, number: str, issued_at: datetime, issuer: str, verify_url: str) -> dict:
    """What the certificate shows: the award on page 1 (with a QR code to the verify page), details after."""
    with translation.override(facts.language):
        data = _common(facts, number=number, issued_at=issued_at, issuer=issuer, verify_url=verify_url)
        placement = facts.completion.placement
        project = facts.completion.project
        data.update(
            document_title=_("Certificate %(number)s") % {"number": number},
            labels=facts.once(("certificate-labels", facts.language), _certificate_labels),
            modes=[
                {"label": str(m.label), "hours": hours(m.credited_minutes), "budget": hours(m.budget_minutes)}
                for m in facts.modes
            ],
            units=[
                {
                    "code": u.module.code,
                    "title": u.module.tr("title"),
                    "hours": hours(u.module.hours * 60),
                    "result": _("passed") if u.passed else _("recognised prior learning"),
                    "outcomes": facts.once(
                        ("outcomes", u.module.pk, facts.language),
                        lambda u=u: [o.tr("text") for o in facts.outcomes.get(u.module.pk, [])],
                    ),
                }
                for u in facts.units
            ],
            placement=None
            if placement is None or placement.signed_off_at is None
            else {
                "host": f"{placement.host.name}, {placement.host.city}",
                "mentor": placement.mentor.full_name if placement.mentor else "—",
                "period": _period(placement.start, placement.end),
                "hours": hours(facts.work_based_minutes()),
                "signed": date_format(placement.signed_off_at.date()),
            },
            project=project.title if project is not None else "",
        )
        return data


def transcript_data(facts: Facts, *, number: str, issued_at: datetime, issuer: str, verify_url: str) -> dict:
    """What the ECVET transcript of records shows: each unit with hours, points, outcomes, assessment."""
    with translation.override(facts.language):
        data = _common(facts, number=number, issued_at=issued_at, issuer=issuer, verify_url=verify_url)
        points = facts.unit_points()
        data.update(
            document_title=_("ECVET transcript of records %(number)s") % {"number": number},
            labels=facts.once(("transcript-labels", facts.language), _transcript_labels),
            units=[_unit(facts, state, points) for state in facts.units],
            total_unit_hours=hours(sum(u.module.hours for u in facts.units) * 60),
        )
        return data


def _unit(facts: Facts, state, points) -> dict:
    groups = facts.once(
        ("outcome-groups", state.module.pk, facts.language), lambda: _outcome_groups(facts, state)
    )
    if state.passed:
        a = state.assessment
        # Worded once per method, score and date in a batch: a cohort's assessments share most of them.
        assessment = facts.once(
            ("assessment", facts.language, a.method, a.score, a.date), lambda: _assessment(a)
        )
    else:
        assessment = _("recognised prior learning")
    return {
        "code": state.module.code,
        "title": state.module.tr("title"),
        "hours": hours(state.module.hours * 60),
        "points": _number(points.get(state.module.pk, 0)),
        "assessment": assessment,
        "outcomes": groups,
    }


def _assessment(a) -> str:
    return ", ".join(
        part
        for part in (
            a.get_method_display(),
            _("passed"),
            _("score %(score)s") % {"score": _number(a.score)} if a.score is not None else "",
            date_format(a.date),
        )
        if part
    )


def _outcome_groups(facts: Facts, state) -> list[dict]:
    """A module's learning outcomes by kind, in the active language."""
    groups: dict[str, list[str]] = {}
    for outcome in facts.outcomes.get(state.module.pk, []):
        groups.setdefault(outcome.get_kind_display(), []).append(outcome.tr("text"))
    return [{"kind": kind, "items": items} for kind, items in groups.items()]


def _certificate_labels() -> dict:
    return {
        "title": _("Certificate"),
        "certify": _("This is to certify that"),
        "completed": _("has successfully completed the course"),
        "profile": _("Role profile"),
        "eqf": _("EQF level"),
        "ecvet": _("ECVET points"),
        "total_hours": _("Hours"),
        "edition": _("Course edition"),
        "number": _("Certificate number"),
        "date": _("Date of issue"),
        "issued_by": _("Issued by"),
        "verify_at": _("Check that this certificate is genuine at"),
        "scan": _("Scan to verify"),
        "supplement": _("Certificate supplement"),
        "modes": _("Hours by learning mode"),
        "mode": _("Learning mode"),
        "hours_credited": _("Hours completed"),
        "hours_required": _("Hours required"),
        "total": _("Total"),
        "modules": _("Modules and learning outcomes"),
        "placement": _("Work-based learning"),
        "host": _("Host library"),
        "mentor": _("Mentor"),
        "period": _("Period"),
        "signed_off": _("Signed off by the mentor"),
        "project": _("Project"),
    }


def _transcript_labels() -> dict:
    return {
        "title": _("ECVET transcript of records"),
        "holder": _("Holder"),
        "qualification": _("Qualification"),
        "profile": _("Role profile"),
        "eqf": _("EQF level"),
        "ecvet": _("ECVET points"),
        "edition": _("Course edition"),
        "number": _("Certificate number"),
        "date": _("Date of issue"),
        "units": _("Units of learning outcomes"),
        "code": _("Code"),
        "unit": _("Unit and learning outcomes"),
        "hours": _("Hours"),
        "points": _("ECVET"),
        "assessment": _("Assessment"),
        "total": _("Total"),
        "note": _(
            "ECVET points are allocated to units in proportion to their study hours. "
            "Learning outcomes are described as knowledge, skills, and responsibility and autonomy (EQF)."
        ),
        "verify_at": _("Check that this document is genuine at"),
    }
