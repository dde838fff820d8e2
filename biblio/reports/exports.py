"""Stream a report table as CSV or XLSX with flat memory, whatever the number of rows.

CSV goes out row by row through a StreamingHttpResponse while the rows are read in chunks. XLSX is
written by openpyxl's write-only workbook (rows go straight to a temporary file), then served from
that file. Both read `Table.rows()`, the same rows the page shows.
"""

from __future__ import annotations

import csv
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .scope import Scope
from .tables import Column, Table

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A cell a spreadsheet would run as a formula (CSV/formula injection): shown as text instead.
_FORMULA = re.compile(r"^[=+\-@\t\r]")


class _Echo:
    """A file-like object whose write() hands the line back, so csv.writer can feed a generator."""

    def write(self, value: str) -> str:
        return value


def _csv_value(value) -> str | int | Decimal:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds")
            if timezone.is_aware(value)
            else value.isoformat(timespec="seconds")
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _FORMULA.match(value):
        return "'" + value
    return value


def csv_rows(table: Table, scope: Scope) -> Iterator[str]:
    """The CSV text, line by line: a byte-order mark (so spreadsheets read UTF-8), a header, rows."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(table.header())
    for row in table.rows(scope):
        yield writer.writerow([_csv_value(v) for v in row])


def csv_response(table: Table, scope: Scope, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(table, scope), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _xlsx_value(ws, value, column: Column):
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
    if isinstance(value, date):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # text, never a formula
            return cell
    return value


def write_xlsx(table: Table, scope: Scope, path: str, about: list[tuple[str, str]]) -> int:
    """Write the table to `path` (a sheet of rows and an "About" sheet); return the row count."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(str(table.title)))
    for i, column in enumerate(table.columns):
        width = 12 if column.numeric or column.kind in {"date", "bool"} else 24
        ws.column_dimensions[_letter(i)].width = width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for label in table.header():
        cell = WriteOnlyCell(ws, value=label)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    count = 0
    columns = table.columns
    for row in table.rows(scope):
        ws.append([_xlsx_value(ws, v, c) for v, c in zip(row, columns, strict=True)])
        count += 1
    info = wb.create_sheet(title="About")
    info.column_dimensions["A"].width = 28
    info.column_dimensions["B"].width = 60
    for label, value in about:
        info.append([label, value])
    wb.save(path)
    return count


def xlsx_response(table: Table, scope: Scope, filename: str, about: list[tuple[str, str]]) -> FileResponse:
    """Write to a temporary file, then stream it; the file is unlinked once open, so it goes away
    when the response is closed."""
    fd, path = tempfile.mkstemp(suffix=".xlsx", prefix="biblio-export-")
    os.close(fd)
    try:
        write_xlsx(table, scope, path, about)
        handle = open(path, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(path)
    response = FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)
    response["Cache-Control"] = "no-store"
    return response


def _sheet_title(title: str) -> str:
    return re.sub(r"[\\/*?:\[\]]", " ", title)[:31] or "Data"


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
