"""Applications and selection: apply, rate the idea, accept / waitlist / reject, withdraw.

Accepting creates the enrolment (on the track applied for) and the participant membership, up to
the cohort's places; a withdrawal frees a place, which goes at once to the top of the waitlist.
The applicant is e-mailed at each decision.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit
from biblio.accounts.models import Membership, Person, Role
from biblio.accounts.permissions import Action, allows, forget_roles
from biblio.core.errors import DomainError, PermissionDenied
from biblio.programmes.models import Cohort, Organisation, Programme

from ..mail import send_after_commit
from ..models import Application, Enrolment
from ..selectors.applications import DECIDABLE, TAKING_A_PLACE, call_is_open, with_priority

CALL_CLOSED = _("Applications to this cohort are closed.")
ALREADY_APPLIED = _("You have already applied to this cohort.")
ALREADY_ENROLLED = _("You are already enrolled in this cohort.")
TRACK_NOT_OFFERED = _("Choose one of the tracks this cohort offers.")
HOST_MISSING = _("Choose the library that would host your work-based learning, or name it.")
HOST_BOTH = _("Either choose a library from the list or name another one, not both.")
HOST_WRONG_COUNTRY = _("Choose a library in the cohort's country.")
MOTIVATION_MISSING = _("Tell us why you want to take part.")
IDEA_MISSING = _("Describe a first project idea.")
APPLICATION_INVALID = _("The application could not be sent: please correct the marked fields.")
NOT_DECIDABLE = _("This application has already been decided.")
NOT_WAITLISTABLE = _("Only a new application can be put on the waitlist.")
REASON_REQUIRED = _("Give the applicant a reason.")
COHORT_FULL = _("All %(places)s places are taken: put the application on the waitlist instead.")
NOT_WITHDRAWABLE = _("This application can no longer be withdrawn.")
RATING_RANGE = _("Rate the idea from 0 to 5.")
ENROLMENT_NOT_ACTIVE = _("This enrolment is not active.")
NOT_ALLOWED = _("You are not allowed to do this.")


def _notify(application: Application, template: str) -> None:
    send_after_commit(application.person, template, {"application": application})


@transaction.atomic
def application_submit(
    *,
    actor: Person,
    cohort: Cohort,
    programme: Programme | None,
    motivation: str,
    host: Organisation | None = None,
    proposed_host: str = "",
    host_agreed: bool = False,
    project_idea: str = "",
) -> Application:
    """A person applies to a cohort whose call is open (their MOOC completion is read, not typed)."""
    if not actor.is_authenticated:
        raise PermissionDenied(NOT_ALLOWED)
    cohort = Cohort.objects.select_related("programme").get(pk=cohort.pk)
    if not call_is_open(cohort):
        raise DomainError(CALL_CLOSED)
    if Enrolment.objects.filter(person=actor, cohort=cohort).exists():
        raise DomainError(ALREADY_ENROLLED)
    if Application.objects.filter(person=actor, cohort=cohort).exists():
        raise DomainError(ALREADY_APPLIED)
    fields: dict[str, list] = {}
    if programme is None or not cohort.tracks.filter(pk=programme.pk).exists():
        fields["programme"] = [TRACK_NOT_OFFERED]
    proposed_host = (proposed_host or "").strip()
    if host is None and not proposed_host:
        fields["host"] = [HOST_MISSING]
    elif host is not None and proposed_host:
        fields["proposed_host"] = [HOST_BOTH]
    elif host is not None and host.country != cohort.country:
        fields["host"] = [HOST_WRONG_COUNTRY]
    if not (motivation or "").strip():
        fields["motivation"] = [MOTIVATION_MISSING]
    if not (project_idea or "").strip():
        fields["project_idea"] = [IDEA_MISSING]
    if fields:
        raise DomainError(APPLICATION_INVALID, fields=fields)
    application = Application.objects.create(
        person=actor,
        cohort=cohort,
        programme=programme,
        motivation=motivation.strip(),
        host=host,
        proposed_host=proposed_host,
        host_agreed=bool(host_agreed),
        project_idea=project_idea.strip(),
    )
    audit(actor=actor, verb="application.submit", obj=application, cohort_id=cohort.pk)
    _notify(application, "application_received")
    return application


@transaction.atomic
def application_rate_idea(
    *, actor: Person, application: Application, rating: int, host_agreed: bool | None = None
) -> Application:
    """A trainer (or any cohort staff) rates the project idea 0–5; the coordinator may also confirm
    whether the host library has agreed. Both feed the priority score."""
    if not allows(actor, Action.REVIEW_PROJECT, cohort_id=application.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    if rating is None or not 0 <= int(rating) <= 5:
        raise DomainError(RATING_RANGE, fields={"idea_rating": [RATING_RANGE]})
    application = Application.objects.select_for_update().get(pk=application.pk)
    before = {"idea_rating": application.idea_rating, "host_agreed": application.host_agreed}
    application.idea_rating = int(rating)
    application.idea_rated_by = actor
    update = ["idea_rating", "idea_rated_by"]
    if host_agreed is not None:
        application.host_agreed = bool(host_agreed)
        update.append("host_agreed")
    application.save(update_fields=update)
    audit(
        actor=actor,
        verb="application.rate",
        obj=application,
        cohort_id=application.cohort_id,
        changes={
            "idea_rating": [before["idea_rating"], application.idea_rating],
            "host_agreed": [before["host_agreed"], application.host_agreed],
        },
    )
    return application


def _lock(application: Application) -> tuple[Application, Cohort]:
    cohort = Cohort.objects.select_for_update().get(pk=application.cohort_id)
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("person", "programme")
        .get(pk=application.pk)
    )
    locked.cohort = cohort
    return locked, cohort


def _decide(application: Application, actor: Person | None, status: str, reason: str) -> None:
    application.status = status
    application.decision_reason = reason
    application.decided_by = actor if actor is not None and actor.is_authenticated else None
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])


def _enrol(application: Application, cohort: Cohort) -> Enrolment:
    """Create (or re-activate) the enrolment and the participant membership, if a place is free."""
    taken = Enrolment.objects.filter(cohort=cohort, status__in=TAKING_A_PLACE).count()
    if taken >= cohort.places:
        raise DomainError(COHORT_FULL % {"places": cohort.places})
    enrolment = Enrolment.objects.filter(person_id=application.person_id, cohort=cohort).first()
    if enrolment is not None and enrolment.status != Enrolment.Status.WITHDRAWN:
        raise DomainError(ALREADY_ENROLLED)
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            person_id=application.person_id, cohort=cohort, programme_id=application.programme_id
        )
    else:
        enrolment.status = Enrolment.Status.ACTIVE
        enrolment.programme_id = application.programme_id
        enrolment.save(update_fields=["status", "programme"])
    Membership.objects.get_or_create(person_id=application.person_id, cohort=cohort, role=Role.PARTICIPANT)
    forget_roles(application.person)
    return enrolment


@transaction.atomic
def application_accept(*, actor: Person, application: Application, reason: str = "") -> Enrolment:
    """Accept: enrol the applicant on the track they applied for, if a place is free."""
    if not allows(actor, Action.SELECT_APPLICANTS, cohort_id=application.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    application, cohort = _lock(application)
    if application.status not in DECIDABLE:
        raise DomainError(NOT_DECIDABLE)
    before = application.status
    enrolment = _enrol(application, cohort)
    _decide(application, actor, Application.Status.ACCEPTED, (reason or "").strip())
    audit(
        actor=actor,
        verb="application.accept",
        obj=application,
        cohort_id=cohort.pk,
        changes={"status": [before, application.status], "enrolment": [None, enrolment.pk]},
    )
    _notify(application, "application_accepted")
    return enrolment


@transaction.atomic
def application_waitlist(*, actor: Person, application: Application, reason: str = "") -> Application:
    """Put a new application on the waitlist: it gets the next free place by priority score."""
    if not allows(actor, Action.SELECT_APPLICANTS, cohort_id=application.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    application, cohort = _lock(application)
    if application.status != Application.Status.SUBMITTED:
        raise DomainError(NOT_WAITLISTABLE)
    _decide(application, actor, Application.Status.WAITLISTED, (reason or "").strip())
    audit(
        actor=actor,
        verb="application.waitlist",
        obj=application,
        cohort_id=cohort.pk,
        changes={"status": [Application.Status.SUBMITTED, application.status]},
    )
    _notify(application, "application_waitlisted")
    return application


@transaction.atomic
def application_reject(*, actor: Person, application: Application, reason: str) -> Application:
    """Reject a new or waitlisted application, always with a reason the applicant reads."""
    if not allows(actor, Action.SELECT_APPLICANTS, cohort_id=application.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    if not (reason or "").strip():
        raise DomainError(REASON_REQUIRED, fields={"reason": [REASON_REQUIRED]})
    application, cohort = _lock(application)
    if application.status not in DECIDABLE:
        raise DomainError(NOT_DECIDABLE)
    before = application.status
    _decide(application, actor, Application.Status.REJECTED, reason.strip())
    audit(
        actor=actor,
        verb="application.reject",
        obj=application,
        cohort_id=cohort.pk,
        changes={"status": [before, application.status], "reason": [None, reason.strip()]},
    )
    _notify(application, "application_rejected")
    return application


def _free_place(cohort: Cohort, actor: Person) -> Application | None:
    """Offer a freed place to the top of the waitlist (by priority score): accept them at once."""
    top = (
        with_priority(Application.objects.filter(cohort=cohort, status=Application.Status.WAITLISTED))
        .select_related("person", "programme")
        .first()
    )
    if top is None or cohort.end < timezone.localdate():
        return None
    top.cohort = cohort
    try:
        enrolment = _enrol(top, cohort)
    except DomainError:
        return None  # still full (places lowered) or the person enrolled another way
    _decide(top, None, Application.Status.ACCEPTED, "")
    audit(
        actor=actor,
        verb="application.accept_from_waitlist",
        obj=top,
        cohort_id=cohort.pk,
        changes={
            "status": [Application.Status.WAITLISTED, top.status],
            "enrolment": [None, enrolment.pk],
        },
    )
    _notify(top, "application_place_offered")
    return top


def _leave(enrolment: Enrolment) -> None:
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.save(update_fields=["status"])
    Membership.objects.filter(
        person_id=enrolment.person_id, cohort_id=enrolment.cohort_id, role=Role.PARTICIPANT
    ).delete()


@transaction.atomic
def application_withdraw(*, actor: Person, application: Application) -> Application:
    """The applicant withdraws; if they had been accepted, their place goes to the waitlist."""
    if application.person_id != actor.pk:
        raise PermissionDenied(NOT_ALLOWED)
    application, cohort = _lock(application)
    if application.status not in (*DECIDABLE, Application.Status.ACCEPTED):
        raise DomainError(NOT_WITHDRAWABLE)
    before = application.status
    promoted = None
    if before == Application.Status.ACCEPTED:
        enrolment = (
            Enrolment.objects.select_for_update()
            .filter(person_id=actor.pk, cohort=cohort, status=Enrolment.Status.ACTIVE)
            .first()
        )
        if enrolment is not None:
            _leave(enrolment)
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    if before == Application.Status.ACCEPTED:
        promoted = _free_place(cohort, actor)
    audit(
        actor=actor,
        verb="application.withdraw",
        obj=application,
        cohort_id=cohort.pk,
        changes={
            "status": [before, application.status],
            "place_offered_to": [None, promoted.pk if promoted else None],
        },
    )
    return application


@transaction.atomic
def enrolment_withdraw(*, actor: Person, enrolment: Enrolment, reason: str = "") -> Application | None:
    """A participant leaves (or the coordinator records that they left): the place goes to the
    top of the waitlist. Their records stay; their participant membership ends."""
    own = enrolment.person_id == actor.pk
    if not own and not allows(actor, Action.SELECT_APPLICANTS, cohort_id=enrolment.cohort_id):
        raise PermissionDenied(NOT_ALLOWED)
    cohort = Cohort.objects.select_for_update().get(pk=enrolment.cohort_id)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise DomainError(ENROLMENT_NOT_ACTIVE)
    _leave(enrolment)
    Application.objects.filter(
        person_id=enrolment.person_id, cohort=cohort, status=Application.Status.ACCEPTED
    ).update(status=Application.Status.WITHDRAWN)
    promoted = _free_place(cohort, actor)
    audit(
        actor=actor,
        verb="enrolment.withdraw",
        obj=enrolment,
        cohort_id=cohort.pk,
        changes={
            "status": [Enrolment.Status.ACTIVE, enrolment.status],
            "reason": [None, (reason or "").strip()],
            "place_offered_to": [None, promoted.pk if promoted else None],
        },
    )
    return promoted


@transaction.atomic
def application_submit_new_person(
    *,
    full_name: str,
    email: str,
    password: str,
    language: str,
    cohort: Cohort,
    programme: Programme | None,
    motivation: str,
    host: Organisation | None = None,
    proposed_host: str = "",
    host_agreed: bool = False,
    project_idea: str = "",
) -> Application:
    """Someone new applies: their account is created with the application, or neither is."""
    person = Person.objects.create_user(
        email=email,
        password=password,
        full_name=full_name.strip(),
        preferred_language=language,
        country=cohort.country,
    )
    audit(actor=person, verb="person.register", obj=person, cohort_id=cohort.pk)
    return application_submit(
        actor=person,
        cohort=cohort,
        programme=programme,
        motivation=motivation,
        host=host,
        proposed_host=proposed_host,
        host_agreed=host_agreed,
        project_idea=project_idea,
    )
