"""The expected allow or deny for every page and API operation, per actor (see authz_world.ACTORS).

Each row: the object the URL is about (which gives its arguments and the actors' relation to it), the
method, and the set of actors who may use it. Everyone else must be refused (a 403 or 404, or a
redirect to log in). Sets follow DESIGN.md's table and accounts.permissions.RULES.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .authz_world import ACTORS, Subject, World

# Who, relative to the object:
ALL = frozenset(ACTORS)
AUTH = ALL - {"anonymous"}
NOBODY: frozenset[str] = frozenset()
ADMIN = frozenset({"admin"})
OWN = frozenset({"participant", "admin"})
ENROLMENT = frozenset({"participant", "mentor", "trainer", "moderator", "coordinator", "admin"})
STAFF = frozenset({"trainer", "moderator", "coordinator", "admin"})
TRAINER_COORD = frozenset({"trainer", "coordinator", "admin"})
COORD = frozenset({"coordinator", "admin"})
SIGN_OFF = frozenset({"mentor", "coordinator", "admin"})
COMMENT = STAFF | {"mentor"}
SELF_VIEW = frozenset({"participant", "trainer", "moderator", "coordinator", "admin"})
# Everyone holding a role in the cohort (sessions, materials, the cohort's calendar):
MEMBERS = frozenset(
    {
        "participant",
        "participant_peer",
        "mentor",
        "mentor_peer",
        "trainer",
        "moderator",
        "coordinator",
        "admin",
    }
)
# Who, by role anywhere (pages about no one object: they list only what the person may see):
ANY_STAFF = frozenset({"trainer", "trainer_other", "moderator", "coordinator", "coordinator_other", "admin"})
ANY_COORD = frozenset({"coordinator", "coordinator_other", "admin"})
ANY_MENTOR = frozenset({"mentor", "mentor_peer", "mentor_other"})
ANY_PARTICIPANT = frozenset({"participant", "participant_peer", "participant_other"})


@dataclass(frozen=True)
class Row:
    subject: Callable[[World], Subject]
    allowed: frozenset[str]
    method: str = "GET"
    body: dict | Callable[[World], dict] | None = None
    secret_url: bool = False  # the URL itself is the credential (a private feed, a reset link)
    # For endpoints that answer 200 and quietly skip what the person may not touch (bulk actions):
    granted: Callable[[object], bool] | None = None


# --- Subjects: what a URL is about ---------------------------------------------------------------


def nothing(w: World) -> Subject:
    return Subject(w.cohort)


def enrolment(w: World) -> Subject:
    e = w.enrolment
    return Subject(e.cohort, e.person, w.objects["mentor"], {"enrolment_id": e.pk})


def _of_enrolment(name: str, key: str) -> Callable[[World], Subject]:
    def subject(w: World) -> Subject:
        s = enrolment(w)
        s.kwargs = {key: w.objects[name].pk}
        return s

    return subject


def with_kwargs(
    base: Callable[[World], Subject], **extra: Callable[[World], object]
) -> Callable[[World], Subject]:
    def subject(w: World) -> Subject:
        s = base(w)
        s.kwargs = {**s.kwargs, **{k: f(w) for k, f in extra.items()}}
        return s

    return subject


def cohort_code(w: World) -> Subject:
    return Subject(w.cohort, kwargs={"code": w.cohort.code})


def mooc_code(w: World) -> Subject:
    return Subject(w.objects["mooc"], kwargs={"code": w.objects["mooc"].code})


def mooc_job(w: World) -> Subject:
    mooc = w.objects["mooc"]
    return Subject(mooc, kwargs={"code": mooc.code, "job_id": w.objects["mooc_job"].pk})


def cohort_id(w: World) -> Subject:
    return Subject(w.cohort, kwargs={"cohort_id": w.cohort.pk})


def own_person(key: str, value: Callable[[World], object]) -> Callable[[World], Subject]:
    def subject(w: World) -> Subject:
        s = enrolment(w)
        s.kwargs = {key: value(w)}
        return s

    return subject


def credential(w: World, key: str = "public_id") -> Subject:
    c = w.objects["credential"]
    placement = getattr(c.enrolment, "placement", None)
    value = str(c.public_id) if key == "public_id" else c.pk
    return Subject(c.enrolment.cohort, c.enrolment.person, placement and placement.mentor, {key: value})


def about(base: Callable[[World], Subject]) -> Callable[[World], Subject]:
    """`base`'s people, no URL arguments (the object travels in the body)."""

    def subject(w: World) -> Subject:
        s = base(w)
        s.kwargs = {}
        return s

    return subject


def public(**kwargs: Callable[[World], object]) -> Callable[[World], Subject]:
    def subject(w: World) -> Subject:
        return Subject(w.cohort, kwargs={k: f(w) for k, f in kwargs.items()})

    return subject


entry = _of_enrolment("entry", "entry_id")
work_entry = _of_enrolment("work_entry", "entry_id")
exemption = _of_enrolment("exemption", "exemption_id")
application = _of_enrolment("application", "application_id")
idea = _of_enrolment("idea", "idea_id")
activity = _of_enrolment("activity", "activity_id")
attachment = _of_enrolment("attachment", "attachment_id")
self_assessment = _of_enrolment("self_assessment", "pk")
assessment = _of_enrolment("assessment", "assessment_id")
token = _of_enrolment("token", "token_id")
session = public(session_id=lambda w: w.objects["session"].pk)
material = public(material_id=lambda w: w.objects["material"].pk)
framework = public(
    slug=lambda w: w.objects["framework"].slug, version=lambda w: w.objects["framework"].version
)
programme_slug = public(slug=lambda w: w.objects["programme"].slug)
week = with_kwargs(enrolment, week=lambda w: w.objects["week"])  # enrolment_id and week
job = public(job_id=lambda w: w.objects["job"].pk)


def credential_public(w: World) -> Subject:
    return credential(w, "public_id")


def credential_pk(w: World) -> Subject:
    return credential(w, "credential_id")


# --- Pages (URL names) ---------------------------------------------------------------------------

PAGES: dict[str, Row] = {
    "set_language": Row(nothing, ALL, "POST", {"language": "en"}),
    "login": Row(nothing, ALL),
    "login_verify": Row(nothing, NOBODY),  # only half-way through a log-in with a second factor
    "logout": Row(nothing, ALL, "POST"),
    "password_reset": Row(nothing, ALL),
    "password_reset_done": Row(nothing, ALL),
    "password_reset_confirm": Row(
        with_kwargs(nothing, uidb64=lambda w: w.objects["uid"], token=lambda w: w.objects["reset_token"]), ALL
    ),  # the e-mailed link is the credential
    "password_reset_complete": Row(nothing, ALL),
    "profile": Row(nothing, AUTH),
    "password_change": Row(nothing, AUTH),
    "two_factor": Row(nothing, ANY_STAFF),
    "my_data": Row(nothing, AUTH),
    "data_export": Row(nothing, AUTH),
    "erasure_cancel": Row(nothing, AUTH, "POST"),
    "token_create": Row(nothing, AUTH, "POST"),
    "token_revoke": Row(token, OWN - {"admin"}, "POST"),
    "audit_log": Row(nothing, ANY_COORD),
    "catalogue": Row(nothing, ALL),
    "programme_detail": Row(programme_slug, ALL),
    "course_description": Row(programme_slug, ALL),
    "root": Row(nothing, ALL),
    "home": Row(nothing, AUTH),
    "roster": Row(cohort_code, STAFF),
    "reports_dashboard": Row(nothing, ANY_STAFF),  # dashboards: VIEW_COHORT; exports: coordinators
    "reports_attention": Row(public(kind=lambda w: "mentors"), ANY_STAFF),
    "reports_table": Row(public(name=lambda w: "roster"), ANY_STAFF),
    "reports_export": Row(public(name=lambda w: "roster", fmt=lambda w: "csv"), ANY_COORD),
    "reports_feedback_start": Row(nothing, AUTH),
    "reports_feedback": Row(enrolment, {"participant"}),
    "map": Row(nothing, ALL),
    "map_list": Row(nothing, ALL),
    "map_geojson": Row(nothing, ALL),
    "competences:index": Row(nothing, ALL),
    "competences:framework": Row(framework, ALL),
    "competences:framework_moodle": Row(framework, ALL),
    "competences:framework_case": Row(framework, ALL),
    "competences:profile": Row(public(code=lambda w: w.objects["profile"].code), ALL),
    "competences:mine": Row(nothing, AUTH),
    "competences:start": Row(nothing, AUTH, "POST"),
    "competences:assessment": Row(self_assessment, SELF_VIEW),
    "competences:my_skills": Row(nothing, AUTH),
    "competences:skills": Row(enrolment, SELF_VIEW),
    "competences:path_adjust": Row(enrolment, STAFF, "POST"),
    "competences:path_remove": Row(enrolment, STAFF, "POST"),
    "competences:preview": Row(programme_slug, AUTH),
    "competences:cohort": Row(cohort_id, STAFF),
    "competences:cohort_gains": Row(cohort_id, STAFF),
    "learning:calls": Row(nothing, ALL),
    "learning:apply": Row(cohort_code, ALL),  # the call is public; applying needs a log-in
    "learning:my_applications": Row(nothing, AUTH),
    "learning:application_detail": Row(application, OWN | STAFF),  # staff rate the ideas
    "learning:application_withdraw": Row(application, frozenset({"participant"}), "POST"),
    "learning:application_rate": Row(application, STAFF, "POST"),
    "learning:application_decide": Row(application, COORD, "POST"),
    "learning:cohort_applications": Row(cohort_code, STAFF),
    "learning:enrolment_withdraw": Row(enrolment, frozenset({"participant"}) | COORD, "POST"),
    "learning:my_progress": Row(nothing, AUTH),
    "learning:enrolment": Row(enrolment, ENROLMENT),
    "learning:cohort_roster": Row(cohort_code, STAFF),
    "learning:my_entries": Row(nothing, AUTH),
    "learning:entry_create": Row(nothing, AUTH),
    "learning:entry_edit": Row(entry, OWN),
    "learning:entry_withdraw": Row(entry, OWN, "POST"),
    "learning:entry_evidence": Row(entry, ENROLMENT),
    "learning:entry_approve": Row(entry, STAFF, "POST"),
    "learning:entry_reject": Row(entry, STAFF, "POST"),
    "learning:review": Row(nothing, ANY_STAFF),  # lists only what the person reviews; 404 for others
    "learning:review_bulk_approve": Row(
        about(entry), STAFF, "POST", lambda w: {"entries": [w.objects["entry"].pk]}
    ),
    "learning:cohort_sessions": Row(cohort_code, MEMBERS),
    "learning:session_create": Row(cohort_code, STAFF),
    "learning:session": Row(session, MEMBERS),
    "learning:session_edit": Row(session, STAFF),
    "learning:session_delete": Row(session, STAFF, "POST"),
    "learning:cohort_feed": Row(cohort_code, MEMBERS),
    "learning:my_calendar": Row(nothing, AUTH),
    "learning:person_feed": Row(
        with_kwargs(
            own_person("person_id", lambda w: w.objects["person"].pk), token=lambda w: "calendar-secret-token"
        ),
        ALL,
        secret_url=True,
    ),  # the secret in the URL is the credential
    "learning:exemptions": Row(nothing, AUTH),
    "learning:exemption_create": Row(nothing, AUTH),
    "learning:exemption": Row(exemption, ENROLMENT),
    "learning:exemption_withdraw": Row(exemption, OWN, "POST"),
    "learning:exemption_evidence": Row(exemption, ENROLMENT),
    "learning:cohort_exemptions": Row(cohort_code, STAFF),
    "learning:offer": Row(nothing, AUTH),
    "learning:module": Row(public(code=lambda w: w.objects["module"].code), AUTH),
    "learning:material_create": Row(cohort_code, STAFF),
    "learning:material_edit": Row(material, STAFF),
    "learning:material_delete": Row(material, STAFF, "POST"),
    "learning:material_move": Row(material, STAFF, "POST"),
    "learning:material_file": Row(material, MEMBERS),
    "learning:cohort_mooc": Row(mooc_code, COORD),
    "learning:mooc_import": Row(mooc_job, COORD),
    "learning:mooc_import_report": Row(mooc_job, COORD),
    "workplace:index": Row(nothing, AUTH),
    "workplace:mentor": Row(nothing, ANY_MENTOR | ADMIN),  # only the person's own mentees; 404 for others
    "workplace:placements": Row(nothing, ANY_STAFF),
    "workplace:placement": Row(enrolment, ENROLMENT),
    "workplace:placement_assign": Row(enrolment, COORD),
    "workplace:evaluation": Row(enrolment, SIGN_OFF),
    "workplace:logbook_own": Row(nothing, ANY_PARTICIPANT),
    "workplace:logbook": Row(enrolment, ENROLMENT),
    "workplace:week_approve": Row(week, SIGN_OFF, "POST"),
    "workplace:week_return": Row(week, SIGN_OFF, "POST", {"comment": "Please add what you did on Tuesday."}),
    "workplace:entry_edit": Row(work_entry, OWN),
    "workplace:entry_withdraw": Row(work_entry, OWN, "POST"),
    "workplace:entry_approve": Row(work_entry, SIGN_OFF, "POST"),
    "workplace:entry_return": Row(
        work_entry, SIGN_OFF, "POST", {"comment": "Please add what you did on Tuesday."}
    ),
    "workplace:ideas": Row(nothing, AUTH),
    "workplace:idea_own": Row(nothing, ANY_PARTICIPANT),
    "workplace:idea_new": Row(nothing, ANY_PARTICIPANT),
    "workplace:idea": Row(idea, ENROLMENT),
    "workplace:idea_edit": Row(idea, OWN),
    "workplace:idea_review": Row(idea, STAFF),
    "workplace:idea_complete": Row(idea, OWN),
    "workplace:idea_publish": Row(idea, OWN, "POST"),
    "workplace:comment_add": Row(
        idea, COMMENT | {"participant"}, "POST", {"text": "A question"}
    ),  # they reply
    "workplace:attachment_add": Row(idea, OWN, "POST"),
    "workplace:activity_new": Row(idea, OWN),
    "workplace:idea_move": Row(with_kwargs(idea, move=lambda w: "submit"), OWN, "POST"),
    "workplace:activity_edit": Row(activity, OWN),
    "workplace:activity_delete": Row(activity, OWN, "POST"),
    "workplace:attachment": Row(attachment, ENROLMENT),
    "workplace:attachment_delete": Row(attachment, OWN, "POST"),
    "recognition:verify": Row(nothing, ALL),
    "recognition:verify_credential": Row(credential_public, ALL),
    "recognition:issuer": Row(nothing, ALL),
    "recognition:issuer_jwks": Row(nothing, ALL),
    "recognition:issuer_key": Row(public(multikey=lambda w: w.objects["multikey"]), ALL),
    "recognition:status_list": Row(public(number=lambda w: 1), ALL),
    "recognition:achievement": Row(programme_slug, ALL),
    "recognition:wallet": Row(nothing, AUTH),
    "recognition:certificate_pdf": Row(credential_public, ENROLMENT),
    "recognition:transcript_pdf": Row(credential_public, ENROLMENT),
    "recognition:credential_json": Row(credential_public, ENROLMENT),
    "recognition:index": Row(nothing, ANY_STAFF),  # only cohorts the person follows; 404 for others
    "recognition:cohort": Row(cohort_id, STAFF),
    "recognition:cohort_issue": Row(cohort_id, COORD, "POST"),
    "recognition:job": Row(job, COORD),
    "recognition:enrolment": Row(enrolment, ENROLMENT),
    "recognition:credential_issue": Row(enrolment, COORD, "POST"),
    "recognition:assessment_edit": Row(assessment, TRAINER_COORD),
    "recognition:credential_revoke": Row(credential_public, COORD, "POST"),
}
