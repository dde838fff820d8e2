"""Quality figures in the spirit of EQAVET: participation, completion, satisfaction and use of what was
learnt at work (the project went into practice); and competence gains from the self-assessments."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Max, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from biblio.competences.models import Competence, ProficiencyLevel
from biblio.workplace.models import ProjectIdea

from . import sql
from .figures import EnrolmentCount, enrolment_totals
from .models import RATING_ITEMS, Feedback
from .scope import Scope

# Feedback is shown only for groups of at least this many answers, so no answer can be traced back.
FEEDBACK_MIN_GROUP = 3
SATISFIED_FROM = 4  # "satisfied" = 4 or 5 on the overall question


def feedback_in(scope: Scope):
    """Feedback of the participants in scope. The period does not apply: answers carry no date in
    reports, so a narrow period cannot single anyone out."""
    return Feedback.objects.filter(enrolment__in=scope.enrolments())


@dataclass
class FeedbackSummary:
    responses: int
    shown: bool  # False when fewer than FEEDBACK_MIN_GROUP answers: nothing else is given
    means: dict[str, float] = field(default_factory=dict)  # item → mean rating
    satisfied: int = 0
    in_practice: dict[str, int] = field(default_factory=dict)  # InPractice value → answers

    @property
    def satisfied_percent(self) -> int | None:
        return round(self.satisfied * 100 / self.responses) if self.shown else None

    @property
    def went_into_practice(self) -> int:
        return self.in_practice.get("yes", 0) + self.in_practice.get("partly", 0)

    @property
    def in_practice_percent(self) -> int | None:
        return round(self.went_into_practice * 100 / self.responses) if self.shown else None

    def items(self) -> list[tuple[str, str, float]]:
        return [(key, str(RATING_ITEMS[key]), self.means.get(key, 0.0)) for key in RATING_ITEMS]

    def practice_rows(self) -> list[tuple[str, str, int]]:
        return [(v, str(label), self.in_practice.get(v, 0)) for v, label in Feedback.InPractice.choices]


def feedback_summary(scope: Scope) -> FeedbackSummary:
    """Mean ratings, share satisfied and answers on the project, over the scope. One query."""
    practice = {
        f"practice_{v}": Count("pk", filter=Q(project_in_practice=v)) for v in Feedback.InPractice.values
    }
    row = feedback_in(scope).aggregate(
        responses=Count("pk"),
        satisfied=Count("pk", filter=Q(overall__gte=SATISFIED_FROM)),
        **{f"mean_{item}": Avg(item) for item in RATING_ITEMS},
        **practice,
    )
    n = row["responses"]
    if n < FEEDBACK_MIN_GROUP:
        return FeedbackSummary(responses=n, shown=False)
    return FeedbackSummary(
        responses=n,
        shown=True,
        means={item: round(float(row[f"mean_{item}"] or 0), 2) for item in RATING_ITEMS},
        satisfied=row["satisfied"],
        in_practice={v: row[f"practice_{v}"] for v in Feedback.InPractice.values},
    )


@dataclass
class Indicator:
    key: str
    eqavet: str  # the EQAVET indicator it follows
    label: str
    value: int | float | None  # a percentage (or a mean rating for satisfaction)
    numerator: int | None
    denominator: int | None
    unit: str = "%"
    note: str = ""


def _pct(a: int, b: int) -> int | None:
    return round(a * 100 / b) if b else None


def indicators(
    scope: Scope, summary: FeedbackSummary | None = None, counts: list[EnrolmentCount] | None = None
) -> list[Indicator]:
    """The quality indicators of the scope. Three queries (one less for each of `summary`, `counts`)."""
    totals = enrolment_totals(scope, counts)
    summary = summary or feedback_summary(scope)
    ideas = ProjectIdea.objects.filter(enrolment__in=scope.enrolments()).aggregate(
        ideas=Count("pk"), in_practice=Count("pk", filter=Q(in_practice=True))
    )
    narrowed = bool(scope.filters.track or scope.filters.library)
    return [
        Indicator(
            "participation",
            "3",
            str(_("Participation: places filled")),
            None if narrowed else _pct(totals["not_withdrawn"], totals["places"]),
            totals["not_withdrawn"],
            totals["places"],
            note=str(_("Not computed for one track or library: places are per cohort.")) if narrowed else "",
        ),
        Indicator(
            "completion",
            "4",
            str(_("Completion rate (cohorts that have ended)")),
            _pct(totals["completed_ended"], totals["enrolled_ended"]),
            totals["completed_ended"],
            totals["enrolled_ended"],
        ),
        Indicator(
            "certification",
            "4",
            str(_("Completers holding a valid certificate")),
            _pct(totals["certified"], totals["completed"]),
            totals["certified"],
            totals["completed"],
        ),
        Indicator(
            "satisfaction",
            "6b",
            str(_("Satisfied with the course (4 or 5 of 5)")),
            summary.satisfied_percent,
            summary.satisfied if summary.shown else None,
            summary.responses if summary.shown else None,
            note=""
            if summary.shown
            else str(
                _("Fewer than %(n)s answers: hidden to keep them anonymous.") % {"n": FEEDBACK_MIN_GROUP}
            ),
        ),
        Indicator(
            "in_practice",
            "6a",
            str(_("Project went into practice (participants' answers)")),
            summary.in_practice_percent,
            summary.went_into_practice if summary.shown else None,
            summary.responses if summary.shown else None,
        ),
        Indicator(
            "ideas_in_practice",
            "6a",
            str(_("Project ideas marked as in practice")),
            _pct(ideas["in_practice"], ideas["ideas"]),
            ideas["in_practice"],
            ideas["ideas"],
        ),
        Indicator(
            "response",
            "6b",
            str(_("Feedback response rate")),
            _pct(summary.responses, totals["not_withdrawn"]),
            summary.responses,
            totals["not_withdrawn"],
        ),
    ]


# --- Competence gains from the self-assessments (before → after) -------------------------------


@dataclass
class Gain:
    competence_id: int
    code: str
    title: str
    framework: str
    pre: float
    post: float
    participants: int
    max_level: int

    @property
    def gain(self) -> float:
        return round(self.post - self.pre, 2)


def competence_gains(scope: Scope) -> list[Gain]:
    """Mean self-rated level before and after, per competence, over participants who submitted both
    for their track's profile: the pairs of levels joined in the database and averaged
    (sql.paired_means), then the competences with their frameworks' top levels; two queries."""
    people = (
        scope.enrolments()
        .filter(programme__profile__isnull=False)
        .annotate(who=F("person_id"), profile=F("programme__profile_id"))
        .values_list("who", "profile")
        .order_by()
    )
    means = {row[0]: row[1:] for row in sql.paired_means(sql.compiled(people))}
    top = (
        ProficiencyLevel.objects.filter(framework_id=OuterRef("framework_id"))
        .values("framework_id")
        .annotate(top=Max("number"))
        .values("top")
        .order_by()
    )
    competences = list(
        Competence.objects.filter(pk__in=list(means))
        .select_related("framework")
        .annotate(top=Subquery(top))
        .order_by("framework__name", "order", "code")
    )
    gains = []
    for c in competences:
        pre, post, people = means[c.pk]
        gains.append(
            Gain(
                competence_id=c.pk,
                code=c.code,
                title=c.title,
                framework=c.framework.name,
                pre=round(float(pre), 2),
                post=round(float(post), 2),
                participants=people,
                max_level=c.top or max(8, round(float(post) + 0.5)),
            )
        )
    return gains
