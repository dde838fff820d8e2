"""Tables of dated records: hours (entries, attendance, recognised prior learning), assessments and
credentials. The period filter keeps the records dated in it."""

from __future__ import annotations

from django.db.models import CharField, Count, DateField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.learning.models import Attendance, Exemption, HourEntry
from biblio.programmes.models import LearningMode
from biblio.recognition.models import Assessment, Credential

from ..figures import valid_credentials
from ..scope import Scope
from .base import (
    Column,
    Table,
    Total,
    local_date,
    minutes_to_hours,
    person_cells,
    person_columns,
    person_paths,
)

SOURCE_ENTRY, SOURCE_SESSION, SOURCE_PRIOR = "entry", "session", "prior_learning"
RECOGNISED = "recognised"


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


class HoursTable(Table):
    name = "hours"
    title = _("Hours")
    description = _(
        "Every hour entry, attendance at a session (approved automatically) and recognised prior "
        "learning, with its mode and status."
    )
    columns = [
        *person_columns(),
        Column("source", _("Source")),
        Column("date", _("Date"), "date"),
        Column("mode", _("Mode")),
        Column("module", _("Module")),
        Column("minutes", _("Minutes"), "int"),
        Column("hours", _("Hours"), "number"),
        Column("status", _("Status")),
        Column("reviewer", _("Reviewed or recorded by")),
    ]
    _sources = {
        SOURCE_ENTRY: _("Hour entry"),
        SOURCE_SESSION: _("Session attendance"),
        SOURCE_PRIOR: _("Recognised prior learning"),
    }
    _modes = dict(LearningMode.choices)
    _statuses = {**dict(HourEntry.Status.choices), RECOGNISED: _("Recognised")}

    _who = ("x_cohort", "x_country", "x_track", "x_name", "x_email")

    @classmethod
    def _columns(cls, enrolment: str, **fields) -> dict:
        return {
            **{name: F(path) for name, path in zip(cls._who, person_paths(enrolment), strict=True)},
            **fields,
        }

    def _parts(self, scope: Scope) -> tuple[QuerySet, QuerySet, QuerySet]:
        enrolments = scope.enrolments()
        entries = HourEntry.objects.filter(scope.dated("date"), enrolment__in=enrolments).annotate(
            **self._columns(
                "enrolment__",
                x_source=_text(SOURCE_ENTRY),
                x_day=Cast("date", DateField()),
                x_mode=F("mode"),
                x_module=F("module__code"),
                x_minutes=F("minutes"),
                x_status=F("status"),
                x_by=F("reviewed_by__full_name"),
            )
        )
        attended = Attendance.objects.filter(
            scope.dated("session__start__date"), enrolment__in=enrolments
        ).annotate(
            **self._columns(
                "enrolment__",
                x_source=_text(SOURCE_SESSION),
                x_day=TruncDate("session__start"),
                x_mode=F("session__mode"),
                x_module=F("session__module__code"),
                x_minutes=F("minutes"),
                x_status=_text(HourEntry.Status.APPROVED),
                x_by=F("recorded_by__full_name"),
            )
        )
        recognised = Exemption.objects.filter(
            scope.dated("decided_at__date"),
            enrolment__in=enrolments,
            status=Exemption.Status.APPROVED,
        ).annotate(
            **self._columns(
                "enrolment__",
                x_source=_text(SOURCE_PRIOR),
                x_day=TruncDate("decided_at"),
                x_mode=F("module__mode"),
                x_module=F("module__code"),
                x_minutes=F("recognised_minutes"),
                x_status=_text(RECOGNISED),
                x_by=F("decided_by__full_name"),
            )
        )
        return entries, attended, recognised

    _fields = (
        *_who,
        "x_source",
        "x_day",
        "x_mode",
        "x_module",
        "x_minutes",
        "x_status",
        "x_by",
        "pk",
    )

    def queryset(self, scope: Scope) -> QuerySet:
        # Each part unordered (HourEntry has a default ordering): a compound query orders once, at the end.
        entries, attended, recognised = (q.order_by().values_list(*self._fields) for q in self._parts(scope))
        return entries.union(attended, recognised, all=True).order_by(
            "x_cohort", "x_name", "x_day", "x_source", "pk"
        )

    def count(self, scope: Scope) -> int:
        return sum(q.count() for q in self._parts(scope))

    def convert(self, raw: tuple) -> list:
        source, day, mode, module, minutes, status, by, _pk = raw[5:]
        return [
            *person_cells(raw),
            str(self._sources.get(source, source)),
            local_date(day),
            str(self._modes.get(mode, mode)),
            module or "",
            minutes,
            minutes_to_hours(minutes),
            str(self._statuses.get(status, status)),
            by or "",
        ]

    def totals(self, scope: Scope) -> list[Total]:
        entries, attended, recognised = self._parts(scope)
        e = entries.aggregate(
            n=Count("pk"),
            approved=Sum("minutes", filter=Q(status=HourEntry.Status.APPROVED)),
            waiting=Sum("minutes", filter=Q(status=HourEntry.Status.SUBMITTED)),
            rejected=Sum("minutes", filter=Q(status=HourEntry.Status.REJECTED)),
        )
        a = attended.aggregate(n=Count("pk"), minutes=Sum("minutes"))
        r = recognised.aggregate(n=Count("pk"), minutes=Sum("recognised_minutes"))
        return [
            Total(str(_("Rows")), e["n"] + a["n"] + r["n"]),
            Total(str(_("Approved hours")), minutes_to_hours((e["approved"] or 0) + (a["minutes"] or 0))),
            Total(str(_("Recognised hours")), minutes_to_hours(r["minutes"])),
            Total(str(_("Hours waiting")), minutes_to_hours(e["waiting"])),
            Total(str(_("Rejected hours")), minutes_to_hours(e["rejected"])),
        ]


class AssessmentsTable(Table):
    name = "assessments"
    title = _("Assessments")
    description = _("Every assessment recorded, per module.")
    columns = [
        *person_columns(),
        Column("module_code", _("Module code")),
        Column("module", _("Module")),
        Column("method", _("Method")),
        Column("result", _("Result")),
        Column("score", _("Score"), "number"),
        Column("date", _("Date"), "date"),
        Column("assessor", _("Assessor")),
    ]
    _methods = dict(Assessment.Method.choices)
    _results = dict(Assessment.Result.choices)

    def _base(self, scope: Scope) -> QuerySet:
        return Assessment.objects.filter(scope.dated("date"), enrolment__in=scope.enrolments())

    def queryset(self, scope: Scope) -> QuerySet:
        return (
            self._base(scope)
            .order_by("enrolment__cohort__code", "enrolment__person__full_name", "date", "pk")
            .values_list(
                *person_paths("enrolment__"),
                "module__code",
                "module__title",
                "method",
                "result",
                "score",
                "date",
                "assessor__full_name",
            )
        )

    def convert(self, raw: tuple) -> list:
        module_code, module, method, result, score, day, assessor = raw[5:]
        return [
            *person_cells(raw),
            module_code,
            module,
            str(self._methods.get(method, method)),
            str(self._results.get(result, result)),
            score,
            day,
            assessor or "",
        ]

    def totals(self, scope: Scope) -> list[Total]:
        counts = self._base(scope).aggregate(
            n=Count("pk"),
            passed=Count("pk", filter=Q(result=Assessment.Result.PASS)),
            failed=Count("pk", filter=Q(result=Assessment.Result.FAIL)),
        )
        return [
            Total(str(_("Assessments")), counts["n"]),
            Total(str(_("Pass")), counts["passed"]),
            Total(str(_("Fail")), counts["failed"]),
        ]


class CredentialsTable(Table):
    name = "credentials"
    title = _("Credentials")
    description = _("Every certificate issued, valid or revoked.")
    columns = [
        *person_columns(),
        Column("number", _("Certificate number")),
        Column("issued", _("Issued"), "date"),
        Column("ecvet", _("ECVET points"), "number"),
        Column("language", _("Language")),
        Column("state", _("State")),
        Column("revoked", _("Revoked"), "date"),
    ]

    def _base(self, scope: Scope) -> QuerySet:
        return Credential.objects.filter(scope.dated("issued_at__date"), enrolment__in=scope.enrolments())

    def queryset(self, scope: Scope) -> QuerySet:
        return (
            self._base(scope)
            .order_by("enrolment__cohort__code", "enrolment__person__full_name", "issued_at", "pk")
            .values_list(
                *person_paths("enrolment__"),
                "number",
                "issued_at",
                "ecvet_points",
                "language",
                "revoked_at",
                "expires_at",
            )
        )

    def convert(self, raw: tuple) -> list:
        number, issued, points, language, revoked, expires = raw[5:]
        if revoked:
            state = _("Revoked")
        elif expires and expires <= timezone.now():
            state = _("Expired")
        else:
            state = _("Valid")
        return [
            *person_cells(raw),
            number,
            local_date(issued),
            points,
            language,
            str(state),
            local_date(revoked),
        ]

    def totals(self, scope: Scope) -> list[Total]:
        counts = self._base(scope).aggregate(
            n=Count("pk"),
            valid=Count("pk", filter=valid_credentials()),
            revoked=Count("pk", filter=Q(revoked_at__isnull=False)),
            points=Sum("ecvet_points", filter=valid_credentials()),
        )
        return [
            Total(str(_("Certificates")), counts["n"]),
            Total(str(_("Valid")), counts["valid"]),
            Total(str(_("Revoked")), counts["revoked"]),
            Total(str(_("ECVET points (valid)")), counts["points"] or 0),
        ]
