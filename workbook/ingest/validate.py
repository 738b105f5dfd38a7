"""Typing a canonical frame by the column rules of schemas.py, in bulk: Arrow kernels for free text and the
common time stamp forms, one `values.coerce` per distinct value for everything else.

Every cell that cannot be used becomes a Problem naming the file's row and the column; the typed frame holds a
null there. The bulk paths only ever accept what `values.coerce` would accept, with the same result.
Typed columns: free text and JSON as Arrow strings, datetimes as naive-UTC datetime64[us], the rest as objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbook.ingest.base import Problem
from workbook.ingest.limits import (
    CONTROL_IN_LONG_TEXT,
    DEFAULT_DATE_WINDOW,
    PY_WHITESPACE,
    control_pattern,
    max_chars,
)
from workbook.ingest.values import (
    BadValue,
    DateWindow,
    above_column,
    coerce,
    is_blank,
    mark_value,
    score_value,
)
from workbook.schemas import TABLES, Column, Table

ARROW_TEXT = pd.ArrowDtype(pa.string())
# Free text where control characters are removed (with a note) rather than refused: chat messages carry them.
STRIPPED_TEXT = frozenset({"text"})
_BULK_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")
SLICE_ROWS = 1 << 16  # free text is cleaned this many rows at a time
_WRITTEN_PARTS = r"^\d{4}-(?P<mo>\d{1,2})-(?P<d>\d{1,2}) (?P<h>\d{1,2}):(?P<mi>\d{1,2})"


@dataclass
class Typing:
    """What validating one table needs beyond its frame: where it came from and the client's settings."""

    file: str
    tz: ZoneInfo
    lang: str = "en"
    window: DateWindow = DEFAULT_DATE_WINDOW
    problems: list[Problem] = field(default_factory=list)
    # Cells whose control characters were removed, per column.
    stripped: dict[str, int] = field(default_factory=dict)

    def bad(self, row: int, column: str, exc: BadValue, table: str) -> None:
        self.problems.append(Problem(self.file, row, column, exc.render(self.lang), table, code=exc.code))


def _as_text_array(series: pd.Series) -> pa.Array | pa.ChunkedArray | None:
    """The column as Arrow strings (chunks as the frame holds them) when every cell is text or missing; None
    otherwise."""
    if series.dtype != object and not isinstance(series.dtype, pd.StringDtype | pd.ArrowDtype):
        return None
    try:
        return pa.array(series, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        return None


def _slices(array: pa.Array | pa.ChunkedArray) -> Iterator[pa.Array]:
    """`array` in pieces of at most SLICE_ROWS, so what is made of each piece is never a copy of the whole column."""
    for chunk in array.chunks if isinstance(array, pa.ChunkedArray) else [array]:
        for start in range(0, len(chunk), SLICE_ROWS):
            yield chunk.slice(start, SLICE_ROWS)


def _positions(mask: pa.Array) -> np.ndarray:
    return np.flatnonzero(mask.fill_null(False).to_numpy(zero_copy_only=False))


def _bulk_text(series: pd.Series, col: Column, typing: Typing) -> tuple[pd.Series, list[tuple[int, BadValue]]] | None:
    array = _as_text_array(series)
    if array is None:
        return None
    pieces: list[pa.Array] = []
    bad: list[tuple[int, BadValue]] = []
    start = 0
    for piece in _slices(array):
        text, piece_bad = _clean_text(piece, col, typing)
        bad += [(start + i, exc) for i, exc in piece_bad]
        pieces.append(text)
        start += len(piece)
    return pd.Series(pa.chunked_array(pieces, pa.string()), index=series.index, dtype=ARROW_TEXT), bad


def _clean_text(piece: pa.Array, col: Column, typing: Typing) -> tuple[pa.Array, list[tuple[int, BadValue]]]:
    """Trimmed text, empty as missing; control characters removed or refused; too long or missing refused. A piece
    with nothing to change is returned as it came (its memory shared with the frame read)."""
    trimmed = pc.utf8_trim(piece, characters=PY_WHITESPACE)
    empty = pc.equal(trimmed, "")
    if pc.any(empty).as_py():
        text = pc.if_else(empty, pa.scalar(None, pa.string()), trimmed)
    elif pc.sum(pc.binary_length(trimmed)).as_py() == pc.sum(pc.binary_length(piece)).as_py():
        text = piece  # trimming only removes bytes: as many bytes means nothing was trimmed
    else:
        text = trimmed
    bad: list[tuple[int, BadValue]] = []
    controls = pc.match_substring_regex(text, control_pattern(col.name))
    if col.name in STRIPPED_TEXT:
        count = pc.sum(controls).as_py() or 0
        if count:
            typing.stripped[col.name] = typing.stripped.get(col.name, 0) + count
            text = pc.replace_substring_regex(text, CONTROL_IN_LONG_TEXT, "")
    else:
        bad += [(int(i), BadValue("control_chars")) for i in _positions(controls)]
    lengths = pc.utf8_length(text)
    limit = max_chars(col.name)
    bad += [(int(i), BadValue("too_long", n=lengths[i].as_py(), limit=limit))
            for i in _positions(pc.greater(lengths, limit))]
    if col.required:
        bad += [(int(i), BadValue("required")) for i in _positions(pc.is_null(text))]
    return text, bad


def _bulk_datetimes(series: pd.Series, tz: ZoneInfo) -> pd.Series:
    """Naive-UTC datetime64[us] for the cells readable in bulk (tz-aware values, `YYYY-MM-DD HH:MM[:SS]` text);
    NaT elsewhere, for `coerce` to read or explain."""
    nat = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC").dt.tz_localize(None).astype("datetime64[us]")
    array = _as_text_array(series)
    if array is None:
        return nat
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()  # eight bytes a row once parsed; the text is short
    trimmed = pc.utf8_trim(array, characters=PY_WHITESPACE)
    parsed = pa.nulls(len(trimmed), pa.timestamp("us"))
    for fmt in _BULK_TIME_FORMATS:
        parsed = pc.coalesce(parsed, pc.strptime(trimmed, format=fmt, unit="us", error_is_null=True))
    return _localised(_without_rollovers(parsed, trimmed), series.index, tz)


def _without_rollovers(parsed: pa.Array, text: pa.Array) -> pa.Array:
    """Arrow rolls impossible stamps over (02-30 → 03-02, 24:00 → next day): keep only those whose month, day,
    hour and minute are the ones written."""
    written = pc.extract_regex(text, _WRITTEN_PARTS)
    same = pc.and_kleene(
        pc.and_kleene(pc.equal(pc.month(parsed), pc.cast(pc.struct_field(written, "mo"), pa.int64())),
                      pc.equal(pc.day(parsed), pc.cast(pc.struct_field(written, "d"), pa.int64()))),
        pc.and_kleene(pc.equal(pc.hour(parsed), pc.cast(pc.struct_field(written, "h"), pa.int64())),
                      pc.equal(pc.minute(parsed), pc.cast(pc.struct_field(written, "mi"), pa.int64()))))
    return pc.if_else(pc.fill_null(same, False), parsed, pa.scalar(None, pa.timestamp("us")))


def _localised(parsed: pa.Array, index: pd.Index, tz: ZoneInfo) -> pd.Series:
    nat = pd.Series(pd.NaT, index=index, dtype="datetime64[us]")
    local = pd.Series(parsed.to_numpy(zero_copy_only=False), index=index).astype("datetime64[us]")
    try:
        utc = local.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward").dt.tz_convert("UTC")
    except (ValueError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return nat
    return utc.dt.tz_localize(None).astype("datetime64[us]")


def _datetimes(series: pd.Series, col: Column, typing: Typing) -> tuple[pd.Series, list[tuple[int, BadValue]]]:
    out = _bulk_datetimes(series, typing.tz)
    years = out.dt.year
    outside = out.notna() & ((years < typing.window[0]) | (years > typing.window[1]))
    out[outside] = pd.NaT
    rest = np.flatnonzero(out.isna().to_numpy())
    if not len(rest):
        return out, []
    values, bad = _by_distinct_value(series.iloc[rest], col, typing)
    out.iloc[rest] = pd.Series(values, dtype="datetime64[us]").to_numpy()
    return out, [(int(rest[i]), exc) for i, exc in bad]


def _by_distinct_value(series: pd.Series, col: Column, typing: Typing) -> tuple[np.ndarray, list[tuple[int, BadValue]]]:
    """`coerce` once per distinct value, spread back over the rows (kinds, flags, counts repeat a lot)."""
    try:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        distinct = list(uniques)
    except TypeError:  # unhashable cells (lists from JSON exports)
        codes, distinct = np.arange(len(series)), series.tolist()
    typed = np.empty(len(distinct) + 1, dtype=object)
    failures: list[BadValue | None] = [None] * (len(distinct) + 1)
    for k, value in enumerate([*distinct, None]):
        try:
            typed[k] = coerce(value, col, typing.tz, typing.window)
        except BadValue as exc:
            failures[k] = exc
    codes = np.where(codes < 0, len(distinct), codes)
    failed = np.array([f is not None for f in failures])
    bad = [(int(i), failures[codes[i]]) for i in np.flatnonzero(failed[codes])]
    return typed[codes], bad  # type: ignore[misc]


def coerce_column(series: pd.Series, col: Column, typing: Typing) -> tuple[pd.Series, list[tuple[int, BadValue]]]:
    """Typed values of one column and the (position, reason) of every cell that could not be typed."""
    if col.type == "str" and not col.choices:
        bulk = _bulk_text(series, col, typing)
        if bulk is not None:
            return bulk
    if col.type == "datetime":
        return _datetimes(series, col, typing)
    values, bad = _by_distinct_value(series, col, typing)
    if col.type in ("str", "json"):
        return pd.Series(values, index=series.index, dtype=object).astype(ARROW_TEXT), bad
    return pd.Series(values, index=series.index, dtype=object), bad


def gather_scores(frame: pd.DataFrame, table: Table, rows: list[int], typing: Typing) -> pd.DataFrame:
    """Columns `score_<criterion>` → one dict per row in the table's JSON column (1–5 each; quiz items
    `q_<item>` 0 or 1)."""
    prefix, target = table.gather_prefix  # type: ignore[misc]
    read = mark_value if table.gather_marks else score_value
    score_cols = [c for c in frame.columns if c.startswith(prefix)]
    if not score_cols:
        return frame
    gathered: list[Any] = []
    for i, record in enumerate(frame[score_cols].itertuples(index=False)):
        scores: dict[str, float] = {}
        for col, value in zip(score_cols, record, strict=True):
            if is_blank(value):
                continue
            try:
                scores[col[len(prefix):]] = read(value)
            except BadValue as exc:
                typing.bad(rows[i], col, exc, table.name)
        gathered.append(scores or None)
    frame = frame.drop(columns=score_cols)
    if target not in frame:
        frame[target] = gathered
    return frame


def _duplicate_keys(typed: pd.DataFrame, table: Table, rows: list[int], typing: Typing) -> None:
    keys = typed[list(table.key)]
    # A row with an empty key part already has its problem ("required value is empty").
    if len(table.key) == 1:  # one typed column: hashed by its own (Arrow) kernel, not as Python objects
        only = keys.iloc[:, 0]
        repeated = only.notna() & only.duplicated(keep=False)
    else:
        keys = keys.astype(object)
        repeated = keys.notna().all(axis=1) & keys.duplicated(keep=False)
    first_seen: dict[tuple[str, ...], int] = {}
    for i in np.flatnonzero(repeated.to_numpy(dtype=bool)):
        k = tuple(str(v) for v in keys.iloc[i])
        if k in first_seen:
            typing.bad(rows[i], "+".join(table.key),
                       BadValue("duplicate_key", keys=" + ".join(k), first=first_seen[k]), table.name)
        else:
            first_seen[k] = rows[i]


def _at_most(typed: pd.DataFrame, col: Column, rows: list[int], typing: Typing, kind: str) -> None:
    """A number above its bound in the same row (a score above the quiz's max_score)."""
    value = pd.to_numeric(typed[col.name], errors="coerce")
    bound = pd.to_numeric(typed[col.at_most], errors="coerce")
    for i in np.flatnonzero((value > bound).to_numpy(dtype=bool)):
        typing.bad(rows[i], col.name, above_column(value.iloc[i], bound.iloc[i], col.at_most), kind)


def validate_table(kind: str, frame: pd.DataFrame, rows: list[int], typing: Typing) -> pd.DataFrame:
    """Typed frame with the canonical columns present in `frame`; problems added to `typing` with the file's
    rows."""
    table = TABLES[kind]
    if table.gather_prefix:
        frame = gather_scores(frame, table, rows, typing)
    for col in table.columns:
        if col.required and col.name not in frame:
            typing.bad(1, col.name, BadValue("required_column"), kind)
    typed = pd.DataFrame(index=frame.index)
    for col in table.columns:
        if col.name not in frame:
            if col.default is None:
                continue
            frame = frame.assign(**{col.name: col.default})
        values, bad = coerce_column(frame[col.name], col, typing)
        for i, exc in bad:
            typing.bad(rows[i], col.name, exc, kind)
        typed[col.name] = values
    for col in table.columns:
        if col.at_most and col.name in typed and col.at_most in typed:
            _at_most(typed, col, rows, typing, kind)
    if len(typed) and all(k in typed for k in table.key):
        _duplicate_keys(typed, table, rows, typing)
    return typed
