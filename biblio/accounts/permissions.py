"""The one place that answers "may this person do this to this object?".

Every rule is a row of DESIGN.md's table: the cohort roles that allow an action, and whether the
participant themself ("own") or their current mentor ("mentee") may. Platform administrators (staff)
may do everything; no rule means deny. Each rule answers both questions Kolibri-style:
`allows(...)` for one object and `enrolment_q(...)` for a list, so a detail page and a list agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ObjectDoesNotExist
from django.db import connections, router
from django.db.models import Q

from .models import Membership, Person, Role

STAFF_ROLES = frozenset({Role.TRAINER, Role.MODERATOR, Role.COORDINATOR})


class Action(StrEnum):
    VIEW_COHORT = "view_cohort"  # the roster, sessions, cohort figures
    VIEW_ENROLMENT = "view_enrolment"  # a participant's records
    LOG_HOURS = "log_hours"  # log hours, request an exemption, edit the project idea, self-assess
    REVIEW_HOURS = "review_hours"  # approve / reject blended-mode hours
    RECORD_ATTENDANCE = "record_attendance"
    SIGN_OFF_WORK = "sign_off_work"  # work-based hours, final evaluation
    REVIEW_PROJECT = "review_project"
    COMMENT_PROJECT = "comment_project"
    RECORD_ASSESSMENT = "record_assessment"
    ADJUST_PATH = "adjust_path"  # a trainer adjusts a participant's learning path
    SELECT_APPLICANTS = "select_applicants"
    ASSIGN_PLACEMENT = "assign_placement"
    DECIDE_EXEMPTION = "decide_exemption"
    ISSUE_CREDENTIAL = "issue_credential"
    READ_AUDIT = "read_audit"
    EXPORT_REPORTS = "export_reports"
    MANAGE_SESSIONS = "manage_sessions"  # create sessions, attach materials
    GIVE_FEEDBACK = "give_feedback"  # the end-of-course feedback form (reports)
    SELF_ASSESS = "self_assess"  # take one's own competence self-assessment
    VIEW_SELF_ASSESSMENT = "view_self_assessment"  # read it: the person and cohort staff, not mentors


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str] = frozenset()
    own: bool = False
    mentee: bool = False


_C = frozenset({Role.COORDINATOR})
_TC = frozenset({Role.TRAINER, Role.COORDINATOR})

RULES: dict[Action, Rule] = {
    Action.VIEW_COHORT: Rule(STAFF_ROLES),
    Action.VIEW_ENROLMENT: Rule(STAFF_ROLES, own=True, mentee=True),
    Action.LOG_HOURS: Rule(own=True),
    Action.REVIEW_HOURS: Rule(STAFF_ROLES),
    Action.RECORD_ATTENDANCE: Rule(STAFF_ROLES),
    Action.SIGN_OFF_WORK: Rule(_C, mentee=True),
    Action.REVIEW_PROJECT: Rule(STAFF_ROLES),
    Action.COMMENT_PROJECT: Rule(STAFF_ROLES, mentee=True),
    Action.RECORD_ASSESSMENT: Rule(_TC),
    Action.ADJUST_PATH: Rule(STAFF_ROLES),
    Action.SELECT_APPLICANTS: Rule(_C),
    Action.ASSIGN_PLACEMENT: Rule(_C),
    Action.DECIDE_EXEMPTION: Rule(_C),
    Action.ISSUE_CREDENTIAL: Rule(_C),
    Action.READ_AUDIT: Rule(_C),
    Action.EXPORT_REPORTS: Rule(_C),
    Action.MANAGE_SESSIONS: Rule(STAFF_ROLES),
    Action.GIVE_FEEDBACK: Rule(own=True),
    Action.SELF_ASSESS: Rule(own=True),
    Action.VIEW_SELF_ASSESSMENT: Rule(STAFF_ROLES, own=True),
}


def is_admin(person: Person | None) -> bool:
    return bool(person and person.is_authenticated and person.is_active and person.is_staff)


def roles_by_cohort(person: Person | None) -> dict[int, frozenset[str]]:
    """The person's roles per cohort id; one query, remembered on the person object for the request."""
    if person is None or not person.is_authenticated:
        return {}
    cached = getattr(person, "_biblio_roles", None)
    if cached is None:
        found: dict[int, set[str]] = {}
        for cohort_id, role in _memberships_of(person.pk):
            found.setdefault(cohort_id, set()).add(role)
        cached = {cohort_id: frozenset(roles) for cohort_id, roles in found.items()}
        person._biblio_roles = cached
    return cached


def _memberships_of(person_id: int) -> list[tuple[int, str]]:
    """(cohort id, role) of each of the person's memberships, in no particular order: one written-out
    statement (it runs on every page; the ORM's compilation and Membership's ordering, which joined the
    cohort and the person, cost several times the read; the roles are sets)."""
    connection = connections[router.db_for_read(Membership)]
    quote, meta = connection.ops.quote_name, Membership._meta
    sql = (  # identifiers from the model, quoted; the person is a parameter
        f"SELECT {quote(meta.get_field('cohort').column)}, {quote(meta.get_field('role').column)} "  # noqa: S608
        f"FROM {quote(meta.db_table)} WHERE {quote(meta.get_field('person').column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [person_id])
        return cursor.fetchall()


def forget_roles(person: Person) -> None:
    """Call after changing memberships within a request."""
    if hasattr(person, "_biblio_roles"):
        del person._biblio_roles


def cohort_ids_with(person: Person | None, action: Action) -> set[int]:
    """Cohorts where the person's role alone allows the action (own/mentee rows aside)."""
    rule = RULES[action]
    return {cid for cid, roles in roles_by_cohort(person).items() if roles & rule.roles}


def mentor_cohort_ids(person: Person | None) -> set[int]:
    return {cid for cid, roles in roles_by_cohort(person).items() if Role.MENTOR in roles}


def allows(
    person: Person | None,
    action: Action,
    *,
    cohort_id: int,
    participant_id: int | None = None,
    mentor_id: int | None = None,
) -> bool:
    """May `person` do `action` to an object of `cohort_id` belonging to `participant_id`?"""
    if person is None or not person.is_authenticated or not person.is_active:
        return False
    if is_admin(person):
        return True
    rule = RULES.get(action)
    if rule is None:
        return False
    roles = roles_by_cohort(person).get(cohort_id, frozenset())
    if roles & rule.roles:
        return True
    if rule.own and participant_id is not None and participant_id == person.pk:
        return True
    return bool(rule.mentee and mentor_id is not None and mentor_id == person.pk and Role.MENTOR in roles)


def allows_on_enrolment(person: Person | None, action: Action, enrolment) -> bool:
    """`allows` for an Enrolment (or anything with the same cohort/person/placement shape)."""
    placement = getattr(enrolment, "placement", None) if _has_placement(enrolment) else None
    return allows(
        person,
        action,
        cohort_id=enrolment.cohort_id,
        participant_id=enrolment.person_id,
        mentor_id=placement.mentor_id if placement else None,
    )


def _has_placement(enrolment) -> bool:
    try:
        return enrolment.placement is not None
    except ObjectDoesNotExist:  # no placement yet
        return False


def enrolment_q(person: Person | None, action: Action, prefix: str = "") -> Q:
    """A filter for rows reached through an enrolment at `prefix` ("" for Enrolment itself,
    "enrolment__" for HourEntry…) that keeps exactly the rows `allows` would allow."""
    if is_admin(person):
        return Q()
    nothing = Q(pk__in=[])
    if person is None or not person.is_authenticated or not person.is_active:
        return nothing
    rule = RULES.get(action)
    if rule is None:
        return nothing
    q = nothing
    staff = cohort_ids_with(person, action)
    if staff:
        q |= Q(**{f"{prefix}cohort_id__in": staff})
    if rule.own:
        q |= Q(**{f"{prefix}person_id": person.pk})
    if rule.mentee:
        mentored = mentor_cohort_ids(person)
        if mentored:
            q |= Q(**{f"{prefix}placement__mentor_id": person.pk, f"{prefix}cohort_id__in": mentored})
    return q


def cohort_q(person: Person | None, action: Action, field: str = "cohort") -> Q:
    """A filter for cohort-level rows (sessions, applications, audit) whose cohort is at `field`;
    `field=""` filters Cohort itself."""
    if is_admin(person):
        return Q()
    lookup = f"{field}_id__in" if field else "id__in"
    return Q(**{lookup: cohort_ids_with(person, action)})
