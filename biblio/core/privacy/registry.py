"""Where personal data lives, model by model, and what erasure does to each field.

Every concrete field of a listed model is classified once: the path to the person the row is about
(`owner`), text and values overwritten on erasure (`erase`), files exported and deleted (`files`), fields
kept on purpose (`keep`: statistics, the verifiability of credentials, or not personal), fields left out of
the export (`secret`), and foreign keys to someone who acted on the row (`actors`: a reviewer, an author)
with the fields exported to that person. tests/security/test_privacy_registry.py fails when a model or a
field that can hold personal data is not classified here, so a new model cannot slip past erasure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import models

ERASED = "[erased]"


@dataclass(frozen=True)
class Personal:
    model: str  # app_label.ModelName
    owner: str | None  # lookup to the person the row is about: "" for Person itself, None if nobody's
    erase: dict[str, Any] = field(default_factory=dict)
    delete: bool = False  # delete the whole row on erasure
    files: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    secret: tuple[str, ...] = ()
    actors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def classified(self) -> set[str]:
        first_hop = {self.owner.split("__")[0]} if self.owner else set()
        return (
            {"id"}
            | first_hop
            | set(self.erase)
            | set(self.files)
            | set(self.keep)
            | set(self.secret)
            | set(self.actors)
        )


# Kept for statistics: who was in which cohort in which role, hours, results, ratings. Once the person
# row is anonymised these no longer identify anyone.
REGISTRY: tuple[Personal, ...] = (
    Personal(
        "accounts.Person",
        owner="",
        # Overwritten by erasure.erase_person (the e-mail must stay unique, the password unusable).
        erase={
            "email": None,
            "full_name": None,
            "organisation": None,
            "consent_public": False,
            "calendar_token": "",
            "is_active": False,
            "is_staff": False,
            "is_superuser": False,
            "last_login": None,
            "erased_at": None,
        },
        keep=("preferred_language", "country", "date_joined"),
        secret=("password",),
    ),
    Personal("accounts.Membership", owner="person", keep=("cohort", "role", "created_at")),
    Personal(
        "accounts.ApiToken",
        owner="person",
        delete=True,
        keep=("name", "key_prefix", "created_at", "last_used_at", "revoked_at"),
        secret=("key_hash",),
    ),
    Personal(
        "accounts.AuditEvent",
        owner=None,
        # Events about the person's records are redacted by erasure.erase_person (object_repr, changes).
        keep=("verb", "object_type", "object_id", "object_repr", "cohort", "changes", "at"),
        actors={"actor": ("verb", "object_type", "object_id", "object_repr", "at")},
    ),
    Personal(
        "accounts.TotpDevice",
        owner="person",
        delete=True,
        keep=("confirmed_at", "created_at"),
        secret=("secret", "last_step", "recovery_codes"),
    ),
    Personal(
        "accounts.ErasureRequest",
        owner="person",
        # The request itself is kept: it shows the erasure was done, and when.
        erase={"reason": ""},
        keep=("status", "requested_at", "due_at", "done_at", "summary"),
        actors={"done_by": ("status", "done_at")},
    ),
    Personal(
        "core.Job",
        owner=None,
        # The report's lists (unmatched e-mail addresses, quoted values, certificate numbers) are emptied
        # BIBLIO_RETENTION_DAYS_JOB_REPORTS days after the job ends (retention.py); their counts stay.
        keep=(
            "kind",
            "title",
            "status",
            "total",
            "done",
            "message",
            "report",
            "cohort",
            "created_at",
            "finished_at",
            "heartbeat_at",
        ),
        actors={"created_by": ("kind", "title", "status", "created_at")},
    ),
    Personal(
        "competences.SelfAssessment",
        owner="person",
        keep=("profile", "moment", "status", "created_at", "submitted_at"),
    ),
    Personal("competences.SelfRating", owner="assessment__person", keep=("competence", "level")),
    Personal(
        "competences.LearningPathAdjustment",
        owner="enrolment__person",
        erase={"reason": ""},
        keep=("module", "kind", "created_at", "updated_at"),
        actors={"created_by": ("module", "kind", "created_at")},
    ),
    Personal(
        "learning.Application",
        owner="person",
        erase={"motivation": "", "proposed_host": "", "project_idea": "", "decision_reason": ""},
        keep=(
            "cohort",
            "programme",
            "host",
            "host_agreed",
            "idea_rating",
            "status",
            "decided_at",
            "created_at",
        ),
        actors={"idea_rated_by": ("cohort", "idea_rating"), "decided_by": ("cohort", "status", "decided_at")},
    ),
    Personal(
        "learning.Enrolment",
        owner="person",
        keep=("cohort", "programme", "status", "enrolled_at", "completed_at"),
    ),
    Personal(
        "learning.Session",
        owner=None,
        keep=("cohort", "module", "kind", "mode", "title", "start", "end", "place", "link"),
        actors={"trainer": ("cohort", "title", "start", "end")},
    ),
    Personal(
        "learning.Attendance",
        owner="enrolment__person",
        keep=("session", "minutes", "recorded_at"),
        actors={"recorded_by": ("session", "recorded_at")},
    ),
    Personal(
        # Sums of the entries, attendance and exemptions kept by database triggers: derived, no free text.
        "learning.HourTotal",
        owner="enrolment__person",
        keep=(
            "mode",
            "approved_minutes",
            "approved_entries",
            "submitted_minutes",
            "submitted_entries",
            "rejected_minutes",
            "rejected_entries",
            "attended_minutes",
            "recognised_minutes",
            "oldest_waiting",
        ),
    ),
    Personal(
        "learning.HourEntry",
        owner="enrolment__person",
        erase={"note": "", "review_comment": ""},
        files=("evidence",),
        keep=("mode", "module", "activity", "date", "minutes", "status", "reviewed_at", "created_at"),
        actors={"reviewed_by": ("status", "reviewed_at", "review_comment")},
    ),
    Personal(
        "learning.Exemption",
        owner="enrolment__person",
        erase={"reason": "", "decision_note": ""},
        files=("evidence",),
        keep=("module", "status", "recognised_minutes", "decided_at", "created_at"),
        actors={"decided_by": ("module", "status", "decided_at", "decision_note")},
    ),
    Personal(
        "learning.Material",
        owner=None,
        keep=(
            "cohort",
            "module",
            "title",
            "description",
            "kind",
            "file",
            "url",
            "minutes",
            "order",
            "created_at",
        ),
        actors={"added_by": ("cohort", "module", "title", "created_at")},
    ),
    Personal(
        "workplace.Placement",
        owner="enrolment__person",
        keep=("host", "start", "end", "planned_hours", "signed_off_at"),
        actors={"mentor": ("start", "end", "signed_off_at"), "signed_off_by": ("signed_off_at",)},
    ),
    Personal(
        "workplace.ProjectIdea",
        owner="enrolment__person",
        erase={
            "title": ERASED,
            "goals": "",
            "description": "",
            "feedback": "",
            "outcome_report": "",
            "published": False,
        },
        keep=(
            "category",
            "status",
            "in_practice",
            "submitted_at",
            "reviewed_at",
            "completed_at",
            "updated_at",
        ),
        actors={"reviewed_by": ("status", "reviewed_at", "feedback")},
    ),
    Personal(
        "workplace.ProjectActivity",
        owner="idea__enrolment__person",
        erase={"title": ERASED, "owner": ""},
        keep=("due", "status", "order"),
    ),
    Personal(
        "workplace.ProjectComment",
        owner="idea__enrolment__person",
        erase={"text": ERASED},
        keep=("created_at",),
        actors={"author": ("text", "created_at")},
    ),
    Personal(
        "workplace.MentorAssignment",
        owner="placement__enrolment__person",
        erase={"note": ""},
        keep=("started_at", "ended_at"),
        actors={"mentor": ("started_at", "ended_at"), "assigned_by": ("started_at", "note")},
    ),
    Personal(
        "workplace.FinalEvaluation",
        owner="placement__enrolment__person",
        erase={"narrative": ERASED},
        keep=("submitted_at", "updated_at"),
        actors={"author": ("narrative", "submitted_at")},
    ),
    Personal(
        "workplace.ObservedCompetence",
        owner="evaluation__placement__enrolment__person",
        keep=("competence", "level"),
    ),
    Personal(
        "workplace.ProjectAttachment",
        owner="idea__enrolment__person",
        delete=True,
        files=("file",),
        keep=("name", "content_type", "size", "uploaded_at"),
        actors={"uploaded_by": ("name", "uploaded_at")},
    ),
    Personal("workplace.MentorReminder", owner="mentor", delete=True, keep=("sent_at", "waiting")),
    Personal(
        "recognition.Assessment",
        owner="enrolment__person",
        erase={"comment": ""},
        keep=("module", "method", "result", "score", "date"),
        actors={"assessor": ("module", "result", "date", "comment")},
    ),
    Personal(
        "recognition.Credential",
        owner="enrolment__person",
        # The register of issued certificates: the number, dates, points and the signed Open Badges
        # credential stay, so the holder's copy keeps verifying (docs/privacy.md); the PDFs go.
        files=("pdf", "transcript_pdf"),
        keep=(
            "public_id",
            "status_index",
            "number",
            "issued_at",
            "ecvet_points",
            "language",
            "signed_json",
            "key_id",
            "revoked_at",
            "revoked_reason",
            "expires_at",
        ),
        actors={
            "issued_by": ("number", "issued_at"),
            "revoked_by": ("number", "revoked_at", "revoked_reason"),
        },
    ),
    Personal(
        "reports.Feedback",
        owner="enrolment__person",
        erase={"comments": ""},
        keep=(
            "overall",
            "content",
            "trainers",
            "mentoring",
            "organisation",
            "project_in_practice",
            "submitted_at",
        ),
    ),
)

BY_MODEL: dict[str, Personal] = {entry.model: entry for entry in REGISTRY}


def entries() -> list[Personal]:
    """The registry's entries whose model is installed (an app may not be, in a slim deployment)."""
    found = []
    for entry in REGISTRY:
        try:
            entry.model_class  # noqa: B018
        except LookupError:
            continue
        found.append(entry)
    return found
