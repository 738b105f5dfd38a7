"""Reading the first rows or the whole first sheet of a CSV, .xls or .xlsx export as plain cells."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import python_calamine

from workbook.ingest.base import IngestError, refused
from workbook.ingest.jsonfile import check_workbook
from workbook.ingest.tabular import decode_text

EXCEL_SUFFIXES = (".xls", ".xlsx", ".xlsm")


def is_excel(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in EXCEL_SUFFIXES


def read_rows(path: Path, sheet: str | int = 0, nrows: int | None = None) -> list[list[object]]:
    """Cells of one sheet (or of the CSV) as lists; IngestError when the file cannot be opened as such."""
    if is_excel(path):
        check_workbook(path)
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
            data = book.get_sheet_by_name(sheet) if isinstance(sheet, str) else book.get_sheet_by_index(sheet)
            return [list(r) for r in data.to_python(nrows=nrows)] if nrows else [list(r) for r in data.to_python()]
        except Exception as exc:  # calamine raises its own error types for every kind of broken workbook
            raise refused(path, 0, "-", "excel_unreadable", detail=str(exc)[:200]) from None
    text = decode_text(path)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t" if text[:2048].count("\t") > 2
                               else ","))
    except csv.Error as exc:
        raise refused(path, 0, "-", "csv_unreadable", detail=str(exc)) from None
    return [list(r) for r in rows[:nrows]] if nrows else [list(r) for r in rows]


def sheet_names(path: Path) -> list[str]:
    try:
        return list(python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # not a workbook at all: detection simply says no
        return []


def head_rows(path: Path, count: int = 4, size: int = 8192) -> list[list[str]]:
    """The first CSV rows from the file's first bytes (UTF-8 or GBK) for cheap detection; empty if not text."""
    if not path.is_file():
        return []
    with path.open("rb") as handle:
        data = handle.read(size)
    if b"\x00" in data:
        return []
    if len(data) == size:  # drop a possibly cut last line (and any half multi-byte character with it)
        data = data[: data.rfind(b"\n") + 1] or data
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return []
    try:
        return [[c.strip() for c in r] for r in csv.reader(io.StringIO(text, newline=""))][:count]
    except csv.Error:
        return []


def first_row(path: Path) -> list[str]:
    """The header row for cheap detection; empty when the file is not a readable table."""
    if is_excel(path):
        try:
            rows = read_rows(path, nrows=1)
        except IngestError:
            return []
        return [str(c).strip() for c in rows[0]] if rows else []
    rows = head_rows(path, 1)
    return rows[0] if rows else []
