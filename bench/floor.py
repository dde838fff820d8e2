"""The database's floor: for each page, ONE hand-written SQL statement computing the same numbers.

Portable SQL (SQLite ≥ 3.30 and PostgreSQL): CTEs, CASE sums, UNION ALL. Each returns rows, which the
harness fetches completely (a page needs them all); nothing is rendered. Table names come from the
models, so a renamed table cannot silently measure nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.utils import timezone

from biblio.accounts.models import Person
from biblio.competences.models import Competence, ProficiencyLevel, RoleProfile, SelfAssessment, SelfRating
from biblio.learning.models import (
    Application,
    Attendance,
    Enrolment,
    Exemption,
    HourEntry,
    HourTotal,
    Session,
)
from biblio.programmes.models import Cohort, HourBudget, Module, Organisation, Programme
from biblio.recognition.models import Credential
from biblio.reports.models import Feedback
from biblio.workplace.models import Placement, ProjectIdea

T = {
    "enrolment": Enrolment._meta.db_table,
    "person": Person._meta.db_table,
    "entry": HourEntry._meta.db_table,
    "attendance": Attendance._meta.db_table,
    "session": Session._meta.db_table,
    "exemption": Exemption._meta.db_table,
    "module": Module._meta.db_table,
    "budget": HourBudget._meta.db_table,
    "placement": Placement._meta.db_table,
    "organisation": Organisation._meta.db_table,
    "programme": Programme._meta.db_table,
    "profile": RoleProfile._meta.db_table,
    "total": HourTotal._meta.db_table,
    "cohort": Cohort._meta.db_table,
    "application": Application._meta.db_table,
    "credential": Credential._meta.db_table,
    "feedback": Feedback._meta.db_table,
    "idea": ProjectIdea._meta.db_table,
    "assessment": SelfAssessment._meta.db_table,
    "rating": SelfRating._meta.db_table,
    "competence": Competence._meta.db_table,
    "level": ProficiencyLevel._meta.db_table,
    "framework": Competence._meta.get_field("framework").related_model._meta.db_table,
}

# Progress per (enrolment, mode) of the enrolments in `chosen`: what progress_for computes, from the hour
# totals the database keeps per enrolment and mode (learning.HourTotal, maintained by triggers).
_PROGRESS = """
SELECT c.id, b.mode, b.hours * 60 AS budget,
       COALESCE(t.approved_minutes + t.attended_minutes, 0) AS approved,
       COALESCE(t.submitted_minutes, 0) AS pending, COALESCE(t.recognised_minutes, 0) AS recognised
  FROM chosen c JOIN {budget} b ON b.programme_id = c.programme_id
  LEFT JOIN {total} t ON t.enrolment_id = c.id AND t.mode = b.mode
"""

ROSTER = (
    """
WITH chosen AS (SELECT e.id, e.programme_id, p.full_name FROM {enrolment} e JOIN {person} p ON p.id = e.person_id
                 WHERE e.cohort_id = %(cohort)s ORDER BY p.full_name, e.id LIMIT 50)
"""
    + _PROGRESS
    + " ORDER BY c.full_name, c.id"
).format(**T)

OWN_PROGRESS = (
    """
WITH chosen AS (SELECT id, programme_id FROM {enrolment} WHERE person_id = %(person)s AND status <> 'withdrawn')
"""
    + _PROGRESS
).format(**T)

# The dashboard's core figures for one cohort — the floor of sessions 1–2, kept as a second reference
# (a fraction of what the page shows; the page's floor is _dashboard_sql below): participants by status;
# per mode, the approved (entries and attendance), waiting and recognised minutes of its enrolments that
# are not withdrawn, with the number of entries approved and waiting, from the hour totals.
DASHBOARD_CORE = """
SELECT 'status' AS kind, status AS k, COUNT(*) AS n, 0 AS approved, 0 AS waiting, 0 AS recognised
  FROM {enrolment} WHERE cohort_id = %(cohort)s GROUP BY status
UNION ALL
SELECT 'hours', t.mode, SUM(t.approved_entries + t.submitted_entries),
       SUM(t.approved_minutes + t.attended_minutes), SUM(t.submitted_minutes), SUM(t.recognised_minutes)
  FROM {total} t JOIN {enrolment} e ON e.id = t.enrolment_id
 WHERE e.cohort_id = %(cohort)s AND e.status <> 'withdrawn' GROUP BY t.mode
""".format(**T)

# The public map: per participating library, distinct participants in all and per track.
MAP = """
WITH links AS (
  SELECT pl.host_id AS org, e.person_id, pr.profile_id
    FROM {enrolment} e JOIN {placement} pl ON pl.enrolment_id = e.id JOIN {programme} pr ON pr.id = e.programme_id
   WHERE e.status <> 'withdrawn'
  UNION
  SELECT p.organisation_id, e.person_id, pr.profile_id
    FROM {enrolment} e JOIN {person} p ON p.id = e.person_id JOIN {programme} pr ON pr.id = e.programme_id
   WHERE e.status <> 'withdrawn' AND p.organisation_id IS NOT NULL)
SELECT o.id, o.key, o.name, o.city, o.country, o.lat, o.lon,
       COUNT(DISTINCT l.person_id) AS participants,
       COUNT(DISTINCT CASE WHEN rp.code = 'CECO' THEN l.person_id END) AS ceco,
       COUNT(DISTINCT CASE WHEN rp.code = 'DIGY' THEN l.person_id END) AS digy
  FROM links l JOIN {organisation} o ON o.id = l.org LEFT JOIN {profile} rp ON rp.id = l.profile_id
 GROUP BY o.id, o.key, o.name, o.city, o.country, o.lat, o.lon
 ORDER BY o.country, o.city, o.name
""".format(**T)

# Every row of the roster export (the whole table, not a page): enrolment, person, track, host, mentor
# and credited minutes in all.
ROSTER_EXPORT = """
WITH h AS (SELECT t.enrolment_id, SUM(t.approved_minutes + t.attended_minutes) AS approved
        FROM {total} t JOIN {enrolment} e ON e.id = t.enrolment_id WHERE e.cohort_id = %(cohort)s
       GROUP BY t.enrolment_id)
SELECT e.id, p.full_name, p.email, e.status, pr.slug, o.name, m.full_name, COALESCE(h.approved, 0)
  FROM {enrolment} e JOIN {person} p ON p.id = e.person_id JOIN {programme} pr ON pr.id = e.programme_id
  LEFT JOIN {placement} pl ON pl.enrolment_id = e.id LEFT JOIN {organisation} o ON o.id = pl.host_id
  LEFT JOIN {person} m ON m.id = pl.mentor_id LEFT JOIN h ON h.enrolment_id = e.id
 WHERE e.cohort_id = %(cohort)s ORDER BY p.full_name, e.id
""".format(**T)


# --- The dashboard's floor --------------------------------------------------------------------------
# Every figure the cold dashboard of one cohort shows (biblio/reports/dashboards.py, no filter), in one
# statement: participants by status and track (with the certified and the work-based, from which the
# funnel's last four stages and the indicators' counts come), the cohort's places and whether it has
# ended, applications, hours per mode against the budget (with the entries waiting and the oldest),
# the blended entries waiting over a week, competence gains (mean level before and after per
# competence, people, the framework's top level), the at-risk list (its first SHOWN rows, furthest
# behind first, with their per-mode lag, and how many in all), the mentors' queues (the SHOWN longest,
# and how many in all), feedback (answers, means, satisfied, project in practice) and project ideas.
# Rows: (kind, s1…s5 text, n1…n7 numbers, at timestamp); which figure sits where is read by
# `dashboard_figures` below. Dates differ by dialect only in day arithmetic (_days).
SHOWN = 20  # biblio.reports.attention.SHOWN_ON_DASHBOARD
WAITING_DAYS = 7
PACE_TOLERANCE = 0.9
MODES = ["f2f", "online", "project", "assessment", "work_based"]  # biblio.learning.progress.MODE_ORDER
RATINGS = ["overall", "content", "trainers", "mentoring", "organisation"]  # reports.models.RATING_ITEMS
PRACTICE = ["yes", "partly", "not_yet", "no"]


def _days(later: str, earlier: str) -> str:
    if connection.vendor == "sqlite":
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"
    return f"({later} - {earlier})"


def _dashboard_sql() -> str:
    wb = "p.mode = 'work_based' AND c.wb_start IS NOT NULL AND c.wb_end IS NOT NULL"
    start = f"CASE WHEN {wb} THEN c.wb_start ELSE c.start END"
    end = f'CASE WHEN {wb} THEN c.wb_end ELSE COALESCE(c.wb_start, c."end") END'
    span = _days(end, start)
    expected = (
        f"CASE WHEN %(today)s <= {start} THEN 0 WHEN %(today)s >= {end} THEN p.budget"
        f" ELSE CAST(ROUND(p.budget * 1.0 * {_days('%(today)s', start)}"
        f" / CASE WHEN {span} < 1 THEN 1 ELSE {span} END) AS INTEGER) END"
    )
    credited = "t.approved_minutes + t.attended_minutes + t.recognised_minutes"
    per_mode_credit = "".join(f", MAX(CASE WHEN t.mode = '{m}' THEN {credited} END) AS c_{m}" for m in MODES)
    per_mode_expected = "".join(f", MAX(CASE WHEN mode = '{m}' THEN expected END) AS x_{m}" for m in MODES)
    behind = " || ".join(
        f"CASE WHEN r.x_{m} IS NOT NULL AND COALESCE(r.c_{m}, 0) < r.x_{m} THEN '{m} ' ELSE '' END"
        for m in MODES
    )
    feedback = "".join(f", AVG(f.{item})" for item in RATINGS[:4])
    practice = " || ' ' || ".join(
        f"CAST(COALESCE(SUM(CASE WHEN f.project_in_practice = '{v}' THEN 1 ELSE 0 END), 0) AS TEXT)"
        for v in PRACTICE
    )
    stamp = "TEXT" if connection.vendor == "sqlite" else "TIMESTAMP WITH TIME ZONE"
    # The cohort's hour totals are read four times (hours, at risk, mentors, blended): PostgreSQL
    # reads them once into memory; SQLite looks them up through the (enrolment, mode) index each time.
    tt = (
        "NOT MATERIALIZED (SELECT * FROM {total} WHERE enrolment_id IN (SELECT id FROM e))"
        if connection.vendor == "sqlite"
        else "MATERIALIZED (SELECT t.* FROM {total} t JOIN e ON e.id = t.enrolment_id)"
    ).format(**T)
    return f"""
WITH e AS NOT MATERIALIZED (SELECT id, person_id, programme_id, status FROM {{enrolment}} WHERE cohort_id = %(cohort)s),
tr AS (SELECT pr.id AS programme_id, pr.profile_id, rp.code AS track
         FROM {{programme}} pr LEFT JOIN {{profile}} rp ON rp.id = pr.profile_id),
c AS (SELECT * FROM {{cohort}} WHERE id = %(cohort)s),
tt AS {tt},
per_programme AS (SELECT programme_id, COUNT(*) AS n FROM e WHERE status <> 'withdrawn' GROUP BY programme_id),
p AS (SELECT b.programme_id, b.mode, b.hours * 60 AS budget FROM {{budget}} b
       WHERE b.programme_id IN (SELECT programme_id FROM e)),
pace AS (SELECT p.programme_id, p.mode, p.budget, {expected} AS expected FROM p, c),
pace_p AS (SELECT programme_id, SUM(expected) AS expected, SUM(budget) AS budget{per_mode_expected}
             FROM pace GROUP BY programme_id),
credit AS (SELECT e.id, e.programme_id,
                  COALESCE(SUM(CASE WHEN {credited} < p.budget THEN {credited} ELSE p.budget END), 0) AS credited,
                  MIN(CASE WHEN t.oldest_waiting < %(waiting_before)s THEN t.oldest_waiting END) AS oldest
                  {per_mode_credit}
             FROM e LEFT JOIN tt t ON t.enrolment_id = e.id
             LEFT JOIN p ON p.programme_id = e.programme_id AND p.mode = t.mode
            WHERE e.status = 'active' GROUP BY e.id, e.programme_id),
risk AS (SELECT r.*, pp.expected, CASE WHEN pp.budget > 0 THEN pp.budget ELSE 1 END AS budget,
                pp.budget AS budget_minutes,
                CASE WHEN pp.expected > 0 AND r.credited < pp.expected * {PACE_TOLERANCE} THEN 1 ELSE 0 END AS behind,
                {behind.replace("r.x_", "pp.x_")} AS behind_modes
           FROM credit r JOIN pace_p pp ON pp.programme_id = r.programme_id),
at_risk AS (SELECT risk.*, COUNT(*) OVER () AS total FROM risk
             WHERE risk.behind = 1 OR risk.oldest IS NOT NULL
             ORDER BY (risk.credited - risk.expected) * 1.0 / risk.budget, risk.id LIMIT {SHOWN}),
queues AS (SELECT pl.mentor_id, COUNT(*) AS mentees,
                  SUM(CASE WHEN pl.signed_off_at IS NULL AND pl."end" < %(today)s THEN 1 ELSE 0 END) AS to_sign_off,
                  COALESCE(SUM(t.submitted_entries), 0) AS waiting, COALESCE(SUM(t.submitted_minutes), 0) AS minutes,
                  MIN(t.oldest_waiting) AS oldest
             FROM e JOIN {{placement}} pl ON pl.enrolment_id = e.id
             LEFT JOIN tt t ON t.enrolment_id = e.id AND t.mode = 'work_based' AND t.submitted_entries > 0
            WHERE e.status <> 'withdrawn' AND pl.mentor_id IS NOT NULL GROUP BY pl.mentor_id),
mentors AS (SELECT q.*, m.full_name, m.email, COUNT(*) OVER () AS total
              FROM queues q JOIN {{person}} m ON m.id = q.mentor_id
             ORDER BY q.waiting DESC, q.to_sign_off DESC, m.full_name, q.mentor_id LIMIT {SHOWN}),
pe AS (SELECT DISTINCT e.person_id, pr.profile_id FROM e JOIN {{programme}} pr ON pr.id = e.programme_id
        WHERE pr.profile_id IS NOT NULL),
pairs AS (SELECT b.id AS pre_id, a.id AS post_id
            FROM pe JOIN {{assessment}} b ON b.person_id = pe.person_id AND b.profile_id = pe.profile_id
                     AND b.moment = 'pre' AND b.status = 'submitted'
            JOIN {{assessment}} a ON a.person_id = pe.person_id AND a.profile_id = pe.profile_id
                     AND a.moment = 'post' AND a.status = 'submitted'),
gains AS (SELECT r1.competence_id, AVG(r1.level) AS pre, AVG(r2.level) AS post, COUNT(*) AS people
            FROM pairs JOIN {{rating}} r1 ON r1.assessment_id = pairs.pre_id
            JOIN {{rating}} r2 ON r2.assessment_id = pairs.post_id AND r2.competence_id = r1.competence_id
           GROUP BY r1.competence_id)
SELECT 'status' AS kind, tr.track AS s1, g.status AS s2, '' AS s3, '' AS s4, '' AS s5,
       SUM(g.n) AS n1, SUM(g.certified) AS n2, SUM(g.work_based) AS n3,
       CAST(NULL AS NUMERIC) AS n4, CAST(NULL AS NUMERIC) AS n5, CAST(NULL AS NUMERIC) AS n6,
       CAST(NULL AS NUMERIC) AS n7, CAST(NULL AS {stamp}) AS at
  FROM (SELECT e.programme_id, e.status, COUNT(*) AS n,
               SUM(CASE WHEN e.status = 'completed' AND EXISTS (SELECT 1 FROM {{credential}} cr
                   WHERE cr.enrolment_id = e.id AND cr.revoked_at IS NULL
                     AND (cr.expires_at IS NULL OR cr.expires_at > %(now)s)) THEN 1 ELSE 0 END) AS certified,
               SUM(CASE WHEN e.status <> 'withdrawn' AND pl.start <= %(today)s THEN 1 ELSE 0 END) AS work_based
          FROM e LEFT JOIN {{placement}} pl ON pl.enrolment_id = e.id GROUP BY e.programme_id, e.status) g
  JOIN tr ON tr.programme_id = g.programme_id GROUP BY tr.track, g.status
UNION ALL
SELECT 'cohort', c.code, c.name, '', '', '', c.places, CASE WHEN c."end" < %(today)s THEN 1 ELSE 0 END,
       NULL, NULL, NULL, NULL, NULL, NULL FROM c
UNION ALL
SELECT 'applications', '', '', '', '', '', COUNT(*), SUM(CASE WHEN a.status = 'accepted' THEN 1 ELSE 0 END),
       NULL, NULL, NULL, NULL, NULL, NULL FROM {{application}} a WHERE a.cohort_id = %(cohort)s
UNION ALL
SELECT 'budget', p.mode, '', '', '', '', SUM(p.budget * pp.n), NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM p JOIN per_programme pp ON pp.programme_id = p.programme_id GROUP BY p.mode
UNION ALL
SELECT 'hours', t.mode, '', '', '', '', SUM(t.approved_minutes + t.attended_minutes), SUM(t.recognised_minutes),
       SUM(t.submitted_minutes), SUM(t.rejected_minutes), SUM(t.submitted_entries), NULL, NULL, MIN(t.oldest_waiting)
  FROM tt t GROUP BY t.mode
UNION ALL
SELECT 'blended_overdue', '', '', '', '', '', COUNT(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL
  FROM {{entry}} h WHERE h.status = 'submitted' AND h.mode <> 'work_based' AND h.created_at < %(waiting_before)s
   AND h.enrolment_id IN (SELECT t.enrolment_id FROM tt t
                           WHERE t.mode <> 'work_based' AND t.oldest_waiting < %(waiting_before)s)
UNION ALL
SELECT 'gain', k.code, k.title, fw.name, '', '', g.pre, g.post, g.people,
       (SELECT MAX(l.number) FROM {{level}} l WHERE l.framework_id = k.framework_id), k.id, NULL, NULL, NULL
  FROM gains g JOIN {{competence}} k ON k.id = g.competence_id JOIN {{framework}} fw ON fw.id = k.framework_id
UNION ALL
SELECT 'at_risk', c.code, who.full_name, who.email, COALESCE(r.track, ''), r.behind_modes,
       r.id, r.credited, r.expected, r.budget_minutes, r.behind, r.total, NULL, r.oldest
  FROM (SELECT at_risk.*, e.person_id, tr.track FROM at_risk JOIN e ON e.id = at_risk.id
          JOIN tr ON tr.programme_id = e.programme_id) r
  JOIN {{person}} who ON who.id = r.person_id, c
UNION ALL
SELECT 'mentor', m.full_name, m.email, '', '', '', m.mentor_id, m.mentees, m.waiting, m.minutes, m.to_sign_off,
       m.total, NULL, m.oldest FROM mentors m
UNION ALL
SELECT 'feedback', {practice}, '', '', '', '', COUNT(*), SUM(CASE WHEN f.overall >= 4 THEN 1 ELSE 0 END){feedback},
       AVG(f.{RATINGS[4]}), NULL
  FROM {{feedback}} f JOIN e ON e.id = f.enrolment_id
UNION ALL
SELECT 'ideas', '', '', '', '', '', COUNT(*), SUM(CASE WHEN i.in_practice THEN 1 ELSE 0 END),
       NULL, NULL, NULL, NULL, NULL, NULL
  FROM {{idea}} i JOIN e ON e.id = i.enrolment_id
""".format(**T)


FLOORS = {
    "dashboard": _dashboard_sql,
    "dashboard_warm": _dashboard_sql,
    "dashboard_core": DASHBOARD_CORE,
    "roster": ROSTER,
    "roster_api": ROSTER,
    "home": OWN_PROGRESS,
    "progress_api": OWN_PROGRESS,
    "map_geojson": MAP,
    "export_xlsx": ROSTER_EXPORT,
}


def dashboard_params(cohort: int, *, now=None) -> dict:
    """The dashboard floor's parameters: the cohort, today, now, and a week ago (as the page reads them)."""
    now = now or timezone.now()
    adapt = connection.ops.adapt_datetimefield_value
    return {
        "cohort": cohort,
        "today": timezone.localdate(now),
        "now": adapt(now),
        "waiting_before": adapt(now - timedelta(days=WAITING_DAYS)),
    }


def fetch(name: str, params: dict) -> list[tuple]:
    """The rows of the floor of page `name`."""
    sql = FLOORS[name]
    if callable(sql):
        sql = sql()
    if name in ("dashboard", "dashboard_warm") and "today" not in params:
        params = dashboard_params(params["cohort"])
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(sql, params)
            return cursor.fetchall()
        # PostgreSQL compiles a statement estimated above jit_above_cost to machine code first: for the
        # dashboard's one big statement at XL that compilation alone costs ~200 ms, more than running
        # it, while none of the page's small statements reaches the threshold. The floor is what the
        # numbers cost to compute, so it runs without JIT (and the session gets it back).
        cursor.execute("SET jit = off")
        try:
            cursor.execute(sql, params)
            return cursor.fetchall()
        finally:
            cursor.execute("RESET jit")


def run(name: str, params: dict) -> int:
    """Execute the floor of page `name`; returns the number of rows fetched."""
    return len(fetch(name, params))
