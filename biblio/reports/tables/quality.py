"""The anonymous feedback table and the audit trail."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Avg, Count, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from biblio.accounts.models import AuditEvent
from biblio.accounts.permissions import Action

from ..models import RATING_ITEMS, Feedback
from ..quality import FEEDBACK_MIN_GROUP, feedback_in
from ..scope import Scope
from .base import WHERE_COLUMNS, Column, Table, Total


class FeedbackTable(Table):
    name = "feedback"
    title = _("Course feedback")
    description = format_lazy(
        _(
            "End-of-course answers without names, dates or any identifier, and only when at least "
            "{n} participants in the selection answered."
        ),
        n=FEEDBACK_MIN_GROUP,
    )
    filters_used = ("cohort", "country", "track", "library")
    columns = [
        *WHERE_COLUMNS,
        *[Column(item, question, "int") for item, question in RATING_ITEMS.items()],
        Column("in_practice", _("Project went into practice")),
        Column("comments", _("Comments")),
    ]
    _practice = dict(Feedback.InPractice.choices)

    def queryset(self, scope: Scope) -> QuerySet:
        qs = feedback_in(scope)
        if qs.count() < FEEDBACK_MIN_GROUP:
            return qs.none().values_list("pk")
        return qs.order_by(
            "enrolment__cohort__code", "enrolment__programme__profile__code", *RATING_ITEMS, "pk"
        ).values_list(
            "enrolment__cohort__code",
            "enrolment__cohort__country",
            "enrolment__programme__profile__code",
            *RATING_ITEMS,
            "project_in_practice",
            "comments",
        )

    def convert(self, raw: tuple) -> list:
        row = list(raw)
        row[2] = row[2] or ""
        n = 3 + len(RATING_ITEMS)
        row[n] = str(self._practice.get(row[n], row[n]))
        return row

    def totals(self, scope: Scope) -> list[Total]:
        row = feedback_in(scope).aggregate(n=Count("pk"), overall=Avg("overall"))
        if row["n"] < FEEDBACK_MIN_GROUP:
            return [Total(str(_("Answers")), 0)]
        return [
            Total(str(_("Answers")), row["n"]),
            Total(str(_("Mean overall satisfaction (1–5)")), round(float(row["overall"]), 2)),
        ]


class AuditTable(Table):
    name = "audit"
    title = _("Audit trail")
    description = _("Who changed what in the cohorts, and when. Track and library do not apply.")
    action = Action.READ_AUDIT
    filters_used = ("cohort", "country", "period")
    columns = [
        Column("at", _("When"), "datetime"),
        Column("actor", _("Who")),
        Column("email", _("E-mail")),
        Column("verb", _("Action")),
        Column("object_type", _("Object type")),
        Column("object", _("Object")),
        Column("cohort", _("Cohort")),
        Column("changes", _("Changes")),
    ]

    def queryset(self, scope: Scope) -> QuerySet:
        return (
            AuditEvent.objects.filter(scope.dated("at__date"), cohort_id__in=scope.cohort_ids)
            .order_by("-at", "-id")
            .values_list(
                "at",
                "actor__full_name",
                "actor__email",
                "verb",
                "object_type",
                "object_repr",
                "cohort__code",
                "changes",
            )
        )

    def convert(self, raw: tuple) -> list:
        at, name, email, verb, object_type, obj, cohort, changes = raw
        return [
            at,
            name or "",
            email or "",
            verb,
            object_type,
            obj,
            cohort or "",
            json.dumps(changes, ensure_ascii=False, cls=DjangoJSONEncoder) if changes else "",
        ]
