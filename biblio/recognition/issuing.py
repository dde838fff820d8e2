"""Issuing certificates: for one participant or a whole cohort, the same code path.

For each eligible enrolment: a number (per cohort and year), a status-list bit, the signed Open Badges
credential, the certificate PDF and the ECVET transcript, then the enrolment is marked completed, the
act audited and the participant told by e-mail after the commit. Work runs in chunks, each its own
transaction with the enrolments locked, so a cohort of hundreds never holds locks for long and two
coordinators pressing "issue" at once cannot issue twice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.accounts.audit import audit, audit_many
from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, allows
from biblio.core.errors import DomainError, PermissionDenied
from biblio.core.models import Job
from biblio.learning.models import Enrolment
from biblio.programmes.models import Cohort

from . import documents, numbering
from .dataintegrity import sign
from .facts import Facts, gather
from .issuer import issuer_name, verification_method, verify_url
from .keys import IssuerKey, signing_key
from .mail import send_after_commit
from .models import Credential
from .openbadges import credential_document
from .statuslist import status_entry
from .workers import Done, Work, Workers

NOT_ALLOWED_TO_ISSUE = _("Only the cohort's coordinators can issue certificates.")
ALREADY_ISSUED = _("A certificate is already in force for this participant (%(number)s).")
NOT_ELIGIBLE = _("The participant has not completed the course yet.")
EXPIRY_IN_PAST = _("The expiry date must be in the future.")
CHUNK = 20  # enrolments per transaction (and per progress step)
BULK_TITLE = _("Certificates for %(cohort)s")


@dataclass
class IssueReport:
    """What a run issued, and why each other enrolment was left out."""

    issued: list[Credential] = field(default_factory=list)
    skipped: dict[int, list[str]] = field(default_factory=dict)  # enrolment id -> reasons
    worker_cpu_seconds: float = (
        0.0  # CPU of the worker processes of a large batch (the caller's not included)
    )


def credential_issue(
    *, actor: Person, enrolment: Enrolment, expires_at: datetime | None = None
) -> Credential:
    """Issue the certificate of one participant, or say why not."""
    report = issue_many([enrolment], actor=actor, expires_at=expires_at)
    if not report.issued:
        reasons = report.skipped.get(enrolment.pk, [])
        raise DomainError(reasons[0] if len(reasons) == 1 else str(NOT_ELIGIBLE), fields={"__all__": reasons})
    return report.issued[0]


def issue_many(
    enrolments: Iterable[Enrolment],
    *,
    actor: Person,
    expires_at: datetime | None = None,
    at: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> IssueReport:
    """Issue certificates for every eligible enrolment given; the others are reported, not issued.

    The benchmark's hook (1 000 certificates). `at` fixes the issue time (the demo's history)."""
    enrolments = list(enrolments)
    cohort_ids = {e.cohort_id for e in enrolments}
    if not all(allows(actor, Action.ISSUE_CREDENTIAL, cohort_id=cid) for cid in cohort_ids):
        raise PermissionDenied(NOT_ALLOWED_TO_ISSUE)
    moment = at or timezone.now()
    issued_at = moment.replace(microsecond=0)  # xsd:dateTime and PDF dates count in seconds
    if expires_at is not None and expires_at <= moment:
        raise DomainError(EXPIRY_IN_PAST, fields={"expires_at": [str(EXPIRY_IN_PAST)]})
    key, private = signing_key()
    report = IssueReport()
    pool = Workers().start(len(enrolments))
    try:
        for start in range(0, len(enrolments), CHUNK):
            chunk = [e.pk for e in enrolments[start : start + CHUNK]]
            with transaction.atomic():
                _issue_chunk(
                    chunk,
                    actor=actor,
                    issued_at=issued_at,
                    expires_at=expires_at,
                    key=key,
                    private=private,
                    report=report,
                    pool=pool,
                )
            if progress is not None:
                progress(len(chunk))
    finally:
        pool.stop()
    report.worker_cpu_seconds = round(pool.cpu_seconds, 3)
    return report


def _issue_chunk(
    ids, *, actor, issued_at, expires_at, key: IssuerKey, private, report: IssueReport, pool: Workers
) -> None:
    """Issue what is due in one transaction: the enrolments stay locked until it commits."""
    list(Enrolment.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    in_force = dict(
        Credential.objects.filter(enrolment_id__in=ids, revoked_at__isnull=True).values_list(
            "enrolment_id", "number"
        )
    )
    ready: list[Facts] = []
    for enrolment_id, facts in gather(ids).items():
        if enrolment_id in in_force:
            report.skipped[enrolment_id] = [str(ALREADY_ISSUED % {"number": in_force[enrolment_id]})]
        elif not facts.completion.eligible:
            report.skipped[enrolment_id] = facts.completion.reasons
        else:
            ready.append(facts)
    if not ready:
        return
    numbers = _numbers(ready, issued_at.year)
    indexes = numbering.status_indexes(len(ready))
    prepared = []  # each credential's work goes to a worker as soon as it is prepared
    for facts, index in zip(ready, indexes, strict=True):
        credential, work = _prepare(
            facts,
            number=numbers[facts.enrolment.pk],
            status_index=index,
            issued_at=issued_at,
            expires_at=expires_at,
            actor=actor,
            key=key,
        )
        prepared.append((credential, work, pool.submit(work)))
    credentials = [
        _finish(credential, work, pool.collect(pending), key=key, private=private)
        for credential, work, pending in prepared
    ]
    Credential.objects.bulk_create(credentials)
    completed = [c.enrolment_id for c in credentials]
    Enrolment.objects.filter(pk__in=completed).update(
        status=Enrolment.Status.COMPLETED, completed_at=Coalesce("completed_at", Value(issued_at))
    )
    audit_many(
        actor=actor,
        verb="credential.issued",
        events=(
            (c, c.enrolment.cohort_id, {"number": [None, c.number], "key": [None, c.key_id]})
            for c in credentials
        ),
    )
    send_after_commit([(c.enrolment.person, "credential_issued", {"credential": c}) for c in credentials])
    report.issued.extend(credentials)


def _numbers(ready: list[Facts], year: int) -> dict[int, str]:
    """A certificate number for each enrolment, from its cohort's sequence for `year`."""
    by_cohort: dict[int, list[Facts]] = defaultdict(list)
    for facts in ready:
        by_cohort[facts.enrolment.cohort_id].append(facts)
    numbers: dict[int, str] = {}
    for group in by_cohort.values():
        issued = numbering.certificate_numbers(group[0].enrolment.cohort, year, len(group))
        numbers.update({facts.enrolment.pk: number for facts, number in zip(group, issued, strict=True)})
    return numbers


def _prepare(
    facts: Facts, *, number, status_index, issued_at, expires_at, actor, key
) -> tuple[Credential, Work]:
    """The credential row (not saved yet) and what is left to compute: its hash and its two PDFs."""
    credential = Credential(
        enrolment=facts.enrolment,
        number=number,
        status_index=status_index,
        issued_at=issued_at,
        issued_by=actor,
        ecvet_points=facts.programme.ecvet_points,
        language=facts.language,
        key_id=key.multikey,
        expires_at=expires_at,
    )
    link = verify_url(credential)
    options = {"number": number, "issued_at": issued_at, "issuer": issuer_name(), "verify_url": link}
    unsigned = credential_document(
        facts,
        public_id=credential.public_id,
        number_text=number,
        issued_at=issued_at,
        status=status_entry(status_index),
        expires_at=expires_at,
    )
    work = Work(
        unsigned=unsigned,
        certificate=documents.certificate_data(facts, **options),
        transcript=documents.transcript_data(facts, **options),
        verify_url=link,
        when=issued_at,
    )
    return credential, work


def _finish(credential: Credential, work: Work, done: Done, *, key: IssuerKey, private) -> Credential:
    """Sign with the hash computed for us, and write both PDFs to storage."""
    credential.signed_json = sign(
        work.unsigned,
        private_key=private,
        verification_method=verification_method(key.multikey),
        created=work.when,
        hashed_document=done.document_hash,
    )
    stem = f"{credential.enrolment.cohort.code}/{credential.public_id}"
    credential.pdf.save(f"{stem}.pdf", ContentFile(done.certificate_pdf), save=False)
    credential.transcript_pdf.save(f"{stem}-transcript.pdf", ContentFile(done.transcript_pdf), save=False)
    return credential


def cohort_candidates(cohort: Cohort) -> list[Enrolment]:
    """The cohort's participants who have not withdrawn and hold no certificate in force."""
    return list(
        Enrolment.objects.filter(cohort=cohort)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .exclude(pk__in=Credential.objects.filter(revoked_at__isnull=True).values("enrolment_id"))
        .order_by("person__full_name", "pk")
    )


@transaction.atomic
def cohort_issue_start(*, actor: Person, cohort: Cohort) -> Job:
    """Queue the issuing of every eligible certificate of a cohort; the returned Job shows progress."""
    if not allows(actor, Action.ISSUE_CREDENTIAL, cohort_id=cohort.pk):
        raise PermissionDenied(NOT_ALLOWED_TO_ISSUE)
    job = Job.objects.create(
        kind="recognition.issue_cohort",
        title=str(BULK_TITLE % {"cohort": cohort.name}),
        created_by=actor,
        cohort=cohort,
    )
    audit(actor=actor, verb="credential.bulk_issue_started", obj=job, cohort_id=cohort.pk)
    from .tasks import issue_cohort  # the task module imports this one

    transaction.on_commit(lambda: issue_cohort.enqueue(job_id=str(job.pk), actor_id=actor.pk))
    return job
