"""The canonical CSV and XLSX files: one table per file, headers in English or Chinese (schemas.py aliases)."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from workbook.ingest.base import Canonical, ImportContext, IngestError, Problem, reason, refused, register
from workbook.ingest.jsonfile import check_workbook
from workbook.ingest.limits import MAX_COLUMNS, MAX_FIELD_CHARS, MAX_FILE_BYTES, PY_WHITESPACE
from workbook.ingest.validate import ARROW_TEXT
from workbook.schemas import KINDS, TABLES, header_lookup, normalise_header

if TYPE_CHECKING:
    from workbook.profile import Profile

# Tried in order: UTF-8 (with or without BOM), then GB18030, the superset of the GBK that Chinese Excel saves.
_ENCODINGS = ("utf-8-sig", "gb18030")


def check_file_size(path: Path, lang: str) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise IngestError(Problem(str(path), 0, "-", reason("file_too_large", lang, mb=size // 2**20,
                                                            limit=MAX_FILE_BYTES // 2**20), code="file_too_large"))


def _is_utf8(data: bytes) -> bool:
    # Arrow validates the bytes in place, 4× faster than decoding them and without a copy of the text.
    offsets = pa.array([0, len(data)], pa.int64()).buffers()[1]
    whole = pa.LargeBinaryArray.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(data)])
    try:
        whole.cast(pa.large_string())
    except pa.ArrowInvalid:
        return False
    return True


def decode_text(path: Path, data: bytes | None = None) -> str:
    """The file's text, whatever common encoding it was saved in; IngestError naming the first bad byte."""
    data = path.read_bytes() if data is None else data
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
    raise refused(path, line, "-", "not_text", offset=first_error.start)


def _rename_headers(frame: pd.DataFrame, kind: str, path: Path, lang: str) -> pd.DataFrame:
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
        found = ", ".join(map(str, frame.columns[:20])) + (" …" if len(frame.columns) > 20 else "")
        raise IngestError(Problem(str(path), 1, ", ".join(missing), reason("missing_columns", lang, found=found),
                                  code="required_column"))
    return frame[list(renamed)].rename(columns=renamed)


def _blank_cells(column: pd.Series) -> np.ndarray:
    try:
        text = pa.array(column, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return (column.isna() | (column.astype(str).str.strip() == "")).to_numpy(dtype=bool)
    trimmed = pc.utf8_trim(text, characters=PY_WHITESPACE)
    return pc.fill_null(pc.equal(trimmed, ""), True).to_numpy(zero_copy_only=False)


def _as_canonical(frame: pd.DataFrame, kind: str, path: Path, first_row: int, lang: str) -> Canonical:
    blank = np.ones(len(frame), dtype=bool)
    for i in range(frame.shape[1]):
        blank &= _blank_cells(frame.iloc[:, i])
    if blank.any():
        frame = frame.loc[~blank]
    rows = (frame.index.to_numpy() + first_row).tolist()
    canonical = Canonical()
    canonical.add(kind, _rename_headers(frame, kind, path, lang), rows)
    return canonical


def _first_record(text: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    except csv.Error:
        return []


def _check_width(path: Path, header: list[str], lang: str) -> None:
    if len(header) > MAX_COLUMNS:
        raise IngestError(Problem(str(path), 1, "-", reason("too_many_columns", lang, n=len(header),
                                                            limit=MAX_COLUMNS), code="too_many_columns"))


def _arrow_frame(data: bytes, path: Path, delimiter: str, width: int) -> pd.DataFrame | None:
    """Every record as text through Arrow's CSV reader, header row first; None when the file is irregular
    (blank lines, ragged rows, bad UTF-8, bad quoting) and needs the cell-by-cell reader to say where."""
    names = [f"c{i}" for i in range(width)]
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data),
            read_options=pacsv.ReadOptions(column_names=names, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    return table.to_pandas(types_mapper={pa.string(): ARROW_TEXT}.get)


def _python_frame(text: str, path: Path, delimiter: str, lang: str) -> pd.DataFrame:
    csv.field_size_limit(MAX_FIELD_CHARS + 1)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise IngestError(Problem(str(path), 0, "-", reason("field_too_large", lang, limit=MAX_FIELD_CHARS),
                                      code="field_too_large")) from None
        raise IngestError(Problem(str(path), 0, "-", reason("csv_unreadable", lang, detail=str(exc)),
                                  code="csv_unreadable")) from None
    if not rows:
        raise IngestError(Problem(str(path), 1, "-", reason("empty_file", lang), code="empty_file"))
    header, body = rows[0], rows[1:]
    width = len(header)
    for number, row in enumerate(body, start=2):
        if len(row) > width and any(v.strip() for v in row[width:]):
            raise IngestError(Problem(str(path), number, "-", reason("ragged_row", lang, n=len(row), width=width),
                                      code="ragged_row"))
    padded = [header, *((row + [""] * width)[:width] for row in body)]
    return pd.DataFrame(padded, columns=[f"c{i}" for i in range(width)], dtype=object)


def _field_sizes(frame: pd.DataFrame, path: Path, lang: str) -> None:
    for i, column in enumerate(frame.columns):
        lengths = pc.utf8_length(pa.array(frame[column], type=pa.string(), from_pandas=True))
        longest = pc.max(lengths).as_py() or 0
        if longest > MAX_FIELD_CHARS:
            row = int(pc.index(lengths, longest).as_py()) + 1
            raise IngestError(Problem(str(path), row, f"#{i + 1}", reason("field_too_large", lang,
                                                                          limit=MAX_FIELD_CHARS),
                                      code="field_too_large"))


class CsvFile:
    name = "csv"
    kinds: ClassVar[tuple[str, ...]] = KINDS

    def detect(self, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in (".csv", ".tsv", ".txt")

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        lang = profile.language
        check_file_size(path, lang)
        data = path.read_bytes()
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or not _is_utf8(data):
            text = decode_text(path, data)
            data = text.encode("utf-8")
        else:
            data = data.removeprefix(codecs.BOM_UTF8)
            text = data[:1 << 20].decode("utf-8", errors="ignore")
        first_line = text.split("\n", 1)[0]
        delimiter = "\t" if path.suffix.lower() == ".tsv" or first_line.count("\t") > 0 else ","
        header = _first_record(text, delimiter)
        _check_width(path, header, lang)
        if not data.strip():
            raise IngestError(Problem(str(path), 1, "-", reason("empty_file", lang), code="empty_file"))
        frame = _arrow_frame(data, path, delimiter, len(header)) if header else None
        if frame is None:
            frame = _python_frame(data.decode("utf-8"), path, delimiter, lang)
        _field_sizes(frame, path, lang)
        names = [str(v) for v in frame.iloc[0]]
        body = frame.iloc[1:].reset_index(drop=True)
        body.columns = names
        return _as_canonical(body, kind, path, 2, lang)


class XlsxFile:
    name = "xlsx"
    kinds: ClassVar[tuple[str, ...]] = KINDS

    def detect(self, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() in (".xlsx", ".xlsm", ".xls")

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        check_file_size(path, profile.language)
        check_workbook(path)
        try:
            frame = pd.read_excel(path, engine="calamine", dtype=object, sheet_name=0)
        except Exception as exc:  # calamine raises its own error types for every kind of broken workbook
            raise refused(path, 0, "-", "excel_unreadable", detail=str(exc)[:200]) from None
        frame.columns = [str(c) for c in frame.columns]
        return _as_canonical(frame, kind, path, 2, profile.language)


register(CsvFile())
register(XlsxFile())
