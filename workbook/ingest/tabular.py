"""The canonical CSV and XLSX files: one table per file, headers in English or Chinese (schemas.py aliases)."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import pandas as pd

from workbook.ingest.base import Canonical, ImportContext, IngestError, Problem, register
from workbook.schemas import KINDS, TABLES, header_lookup, normalise_header

if TYPE_CHECKING:
    from workbook.profile import Profile

# Tried in order: UTF-8 (with or without BOM), then GB18030, the superset of the GBK that Chinese Excel saves.
_ENCODINGS = ("utf-8-sig", "gb18030")


def decode_text(path: Path) -> str:
    """The file's text, whatever common encoding it was saved in; IngestError naming the first bad byte."""
    data = path.read_bytes()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    first_error: UnicodeDecodeError | None = None
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    line = data[: first_error.start].count(b"\n") + 1
    raise IngestError(Problem(str(path), line, "-", f"not UTF-8 or GBK/GB18030 text (bad byte at offset "
                                                    f"{first_error.start}); save it as UTF-8 CSV"))


def _rename_headers(frame: pd.DataFrame, kind: str, path: Path) -> pd.DataFrame:
    table = TABLES[kind]
    lookup = header_lookup(table)
    prefix = table.gather_prefix[0] if table.gather_prefix else None
    renamed: dict[str, str] = {}
    for header in frame.columns:
        key = normalise_header(str(header))
        if prefix and str(header).strip().lower().startswith(prefix):
            renamed[header] = prefix + str(header).strip()[len(prefix):].strip().lower()
        elif key in lookup and lookup[key] not in renamed.values():
            renamed[header] = lookup[key]
    missing = [c.name for c in table.columns if c.required and c.name not in renamed.values()]
    if missing:
        raise IngestError(Problem(str(path), 1, ", ".join(missing), "required column missing (headers found: "
                                  f"{', '.join(map(str, frame.columns))})"))
    return frame[list(renamed)].rename(columns=renamed)


def _as_canonical(frame: pd.DataFrame, kind: str, path: Path, first_row: int) -> Canonical:
    blank = frame.isna() | frame.apply(lambda column: column.astype(str).str.strip() == "")
    frame = frame.loc[~blank.all(axis=1)]
    rows = [int(i) + first_row for i in frame.index]
    canonical = Canonical()
    canonical.add(kind, _rename_headers(frame, kind, path), rows)
    return canonical


class CsvFile:
    name = "csv"
    kinds: ClassVar[tuple[str, ...]] = KINDS

    def detect(self, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in (".csv", ".tsv", ".txt")

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        import csv
        import io

        text = decode_text(path)
        delimiter = "\t" if path.suffix.lower() == ".tsv" or text.split("\n", 1)[0].count("\t") > 0 else ","
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
        except csv.Error as exc:
            raise IngestError(Problem(str(path), 0, "-", f"not a readable CSV file ({exc})")) from None
        if not rows:
            raise IngestError(Problem(str(path), 1, "-", "the file is empty"))
        header, body = rows[0], rows[1:]
        width = len(header)
        for number, row in enumerate(body, start=2):
            if len(row) > width and any(v.strip() for v in row[width:]):
                raise IngestError(Problem(str(path), number, "-", f"{len(row)} fields where the header has {width}"))
        padded = [(row + [""] * width)[:width] for row in body]
        frame = pd.DataFrame(padded, columns=header, dtype=object)
        return _as_canonical(frame, kind, path, first_row=2)


class XlsxFile:
    name = "xlsx"
    kinds: ClassVar[tuple[str, ...]] = KINDS

    def detect(self, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm", ".xls")

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        try:
            frame = pd.read_excel(path, engine="calamine", dtype=object, sheet_name=0)
        except Exception as exc:  # calamine raises its own error types for every kind of broken workbook
            raise IngestError(Problem(str(path), 0, "-", f"not a readable Excel workbook ({exc})")) from None
        frame.columns = [str(c) for c in frame.columns]
        return _as_canonical(frame, kind, path, first_row=2)


register(CsvFile())
register(XlsxFile())
