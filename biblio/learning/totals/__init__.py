"""Hour totals per enrolment and learning mode (`HourTotal`), kept by the database itself.

Triggers on every table a total sums — hour entries, attendance, exemptions, and the sessions and modules
whose mode an attendance or an exemption counts toward — add and subtract each row's minutes as it is
inserted, changed or deleted; deleting an enrolment deletes its totals. So the totals hold for every
write path: the services, bulk_create/bulk_update, the admin, cascades, raw SQL and the benchmark's
generator. Dashboards, at-risk lists, review queues and `progress_for` read them instead of scanning
the entries.

`triggers` holds the one definition of the triggers, per database, with their installation and
`triggers_paused`; `rebuild` the from-scratch computation that back-fills the table and that
`manage.py rebuild_totals` compares against, and the SQLite migration hooks. Import from here.
"""

from .rebuild import (
    ACTUAL,
    EXPECTED,
    TRIGGERS_MIGRATION,
    Rebuilt,
    backfill,
    pause_for_migrations,
    rebuild,
    resume_after_migrations,
)
from .triggers import (
    COLUMNS,
    SUMS,
    TOTAL,
    TRIGGERED_TABLES,
    TRIGGERS,
    drop_triggers,
    install_triggers,
    installed_triggers,
    trigger_names,
    triggers_paused,
)

__all__ = [
    "ACTUAL",
    "COLUMNS",
    "EXPECTED",
    "SUMS",
    "TOTAL",
    "TRIGGERED_TABLES",
    "TRIGGERS",
    "TRIGGERS_MIGRATION",
    "Rebuilt",
    "backfill",
    "drop_triggers",
    "install_triggers",
    "installed_triggers",
    "pause_for_migrations",
    "rebuild",
    "resume_after_migrations",
    "trigger_names",
    "triggers_paused",
]
