"""The reports' few hand-written SQL statements, in one place.

The ORM cannot aggregate over a UNION or over another aggregate, which is what the map (people per
library through two kinds of links) and the competence gains (a person's level before and after,
then the mean per competence) need. So the inner queries — the scope's filters — are built with the
ORM, and only the joins and the SELECT … GROUP BY around them are written here, in SQL that SQLite
and PostgreSQL both accept (no LEAST/GREATEST, no FILTER, no DB-specific functions).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from django.db import connection
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime


def compiled(qs: QuerySet) -> tuple[str, tuple]:
    """The SQL and parameters of a queryset, to nest as a subquery."""
    sql, params = qs.query.sql_with_params()
    return sql, tuple(params)


def union_all(*querysets: QuerySet) -> tuple[str, tuple]:
    """`q1 UNION ALL q2 …` of querysets selecting the same columns (each compiled on its own, so a
    default ordering or a LIMIT in one does not leak into the compound)."""
    parts = [compiled(qs.order_by()) for qs in querysets]
    selects = [f"SELECT * FROM ({part}) AS u{i}" for i, (part, _p) in enumerate(parts)]  # noqa: S608
    return " UNION ALL ".join(selects), tuple(p for _sql, params in parts for p in params)


def fetch(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def people_per_library(links_sql: str, links_params: tuple, tracks: list[str]) -> list[tuple]:
    """Rows (library id, people, people of track 1, people of track 2, …) over links
    (lib, person, track): a person linked to a library twice counts once."""
    per_track = "".join(", COUNT(DISTINCT CASE WHEN links.trk = %s THEN links.who END)" for _t in tracks)
    # Only ORM-compiled SQL is nested; every value is a parameter.
    sql = f"SELECT links.lib, COUNT(DISTINCT links.who){per_track} FROM ({links_sql}) AS links GROUP BY links.lib"  # noqa: S608
    return fetch(sql, [*tracks, *links_params])


def paired_means(people: tuple[str, tuple]) -> list[tuple]:
    """Rows (competence id, mean level before, mean level after, people) over the (person, role
    profile) pairs of `people` (selecting who, profile) who submitted both self-assessments
    for that profile: each such pair's two assessments, then their ratings of the same competence
    side by side. A person and profile have at most one assessment per moment, and an assessment at
    most one rating per competence (both unique), so a join pairs the levels: no grouping per
    person first, and only the pairs' ratings are read, through the (assessment, competence) index."""
    from biblio.competences.models import SelfAssessment, SelfRating

    assessment, rating = SelfAssessment._meta.db_table, SelfRating._meta.db_table
    people_sql, people_params = people
    moment = "{a}.person_id = pe.who AND {a}.profile_id = pe.profile AND {a}.moment = %s AND {a}.status = %s"
    sql = (
        "SELECT r1.competence_id, AVG(r1.level), AVG(r2.level), COUNT(*)"  # noqa: S608
        f" FROM (SELECT DISTINCT people.who, people.profile FROM ({people_sql}) AS people) AS pe"
        f" JOIN {assessment} AS pre ON {moment.format(a='pre')}"
        f" JOIN {assessment} AS post ON {moment.format(a='post')}"
        f" JOIN {rating} AS r1 ON r1.assessment_id = pre.id"
        f" JOIN {rating} AS r2 ON r2.assessment_id = post.id AND r2.competence_id = r1.competence_id"
        " GROUP BY r1.competence_id"
    )
    submitted = SelfAssessment.Status.SUBMITTED
    moments = [SelfAssessment.Moment.PRE, submitted, SelfAssessment.Moment.POST, submitted]
    return fetch(sql, [*people_params, *moments])


def _datetime(value) -> datetime | None:
    """A timestamp read by raw SQL as the ORM would give it (SQLite returns text, in UTC)."""
    if value is None or isinstance(value, datetime):
        return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)
    parsed = parse_datetime(value)
    return parsed if parsed is None or parsed.tzinfo else parsed.replace(tzinfo=UTC)


def credited_per_enrolment(
    enrolments: tuple[str, tuple], waiting_before: datetime
) -> list[tuple[int, int, int, int, datetime | None]]:
    """Rows (enrolment id, cohort id, programme id, credited minutes, oldest waiting) for every
    enrolment of `enrolments` (selecting id, cohort_id, programme_id): the credited minutes of each
    mode (approved entries, attendance, recognised prior learning: the hour totals the database
    keeps) counted up to the programme's budget for it, as `progress_for` counts them, and summed (a
    mode without a budget counts nothing: the CASE is NULL there, which SUM skips); and the oldest
    entry still waiting for a review if it was logged before `waiting_before` (else None)."""
    from biblio.learning.models import HourTotal
    from biblio.programmes.models import HourBudget

    budget, total = HourBudget._meta.db_table, HourTotal._meta.db_table
    enrolments_sql, enrolments_params = enrolments
    credited = "t.approved_minutes + t.attended_minutes + t.recognised_minutes"
    capped = f"CASE WHEN {credited} < b.hours * 60 THEN {credited} ELSE b.hours * 60 END"
    waiting = "MIN(CASE WHEN t.oldest_waiting < %s THEN t.oldest_waiting END)"
    sql = (
        f"SELECT e.id, e.cohort_id, e.programme_id, COALESCE(SUM({capped}), 0), {waiting}"  # noqa: S608
        f" FROM ({enrolments_sql}) AS e"
        f" LEFT JOIN {total} AS t ON t.enrolment_id = e.id"
        f" LEFT JOIN {budget} AS b ON b.programme_id = e.programme_id AND b.mode = t.mode"
        " GROUP BY e.id, e.cohort_id, e.programme_id"
    )
    before = connection.ops.adapt_datetimefield_value(waiting_before)
    return [(*row[:4], _datetime(row[4])) for row in fetch(sql, [before, *enrolments_params])]
