"""The database's floor: for each page, ONE hand-written SQL statement computing the same numbers.

Portable SQL (SQLite ≥ 3.30 and PostgreSQL): CTEs, CASE sums, UNION ALL. Each returns rows, which the
harness fetches completely (a page needs them all); nothing is rendered. Table names come from the
models, so a renamed table cannot silently measure nothing.
"""

from __future__ import annotations

from django.db import connection

from biblio.accounts.models import Person
from biblio.competences.models import RoleProfile
from biblio.learning.models import Attendance, Enrolment, Exemption, HourEntry, HourTotal, Session
from biblio.programmes.models import HourBudget, Module, Organisation, Programme
from biblio.workplace.models import Placement

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

# The dashboard's core figures for one cohort: participants by status; per mode, the approved (entries
# and attendance), waiting and recognised minutes of its enrolments that are not withdrawn, with the
# number of entries approved and waiting — from the hour totals, as the dashboard reads them.
DASHBOARD = """
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

FLOORS = {
    "dashboard": DASHBOARD,
    "dashboard_warm": DASHBOARD,
    "roster": ROSTER,
    "roster_api": ROSTER,
    "home": OWN_PROGRESS,
    "progress_api": OWN_PROGRESS,
    "map_geojson": MAP,
    "export_xlsx": ROSTER_EXPORT,
}


def run(name: str, params: dict) -> int:
    """Execute the floor of page `name`; returns the number of rows fetched."""
    with connection.cursor() as cursor:
        cursor.execute(FLOORS[name], params)
        return len(cursor.fetchall())
