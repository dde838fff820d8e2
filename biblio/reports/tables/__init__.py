"""Every table a coordinator sees, by name: the pages, the CSV and XLSX exports and the API use these."""

from __future__ import annotations

from .base import Column, Table, Total
from .people import ApplicationsTable, RosterTable
from .quality import AuditTable, FeedbackTable
from .records import AssessmentsTable, CredentialsTable, HoursTable

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        RosterTable(),
        HoursTable(),
        ApplicationsTable(),
        AssessmentsTable(),
        CredentialsTable(),
        FeedbackTable(),
        AuditTable(),
    )
}

__all__ = ["TABLES", "Column", "Table", "Total"]
