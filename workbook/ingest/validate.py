"""Typing a canonical frame by the column rules of schemas.py, in bulk where it can, cell by cell where it must.

Every cell that cannot be used becomes a Problem naming the file's row and the column; the typed frame holds
None there. The bulk paths only ever accept what `values.coerce` would accept with the same result.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from workbook.ingest.base import Problem
from workbook.ingest.values import BadValue, coerce, is_blank, score_value
from workbook.schemas import TABLES, Column, Table


def _bulk_datetimes(series: pd.Series, tz: ZoneInfo) -> pd.Series:
    """Naive-UTC datetimes for the cells readable in bulk (tz-aware values, `YYYY-MM-DD HH:MM[:SS]` text); NaT
    elsewhere, for `coerce` to read or explain."""
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return series.dt.tz_convert("UTC").dt.tz_localize(None)
    inferred = pd.api.types.infer_dtype(series, skipna=True)
    if inferred in ("datetime", "datetime64"):
        first = series.dropna().iloc[0] if series.notna().any() else None
        if first is not None and getattr(first, "tzinfo", None) is not None:
            try:
                return pd.to_datetime(series, utc=True).dt.tz_localize(None)
            except (ValueError, TypeError):
                return pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    text = series.where(series.map(lambda v: isinstance(v, str)), None)
    parsed = pd.to_datetime(text, format="%Y-%m-%d %H:%M:%S", errors="coerce")
    missing = parsed.isna() & text.notna()
    if missing.any():
        parsed[missing] = pd.to_datetime(text[missing], format="%Y-%m-%d %H:%M", errors="coerce")
    local = parsed.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
    return local.dt.tz_convert("UTC").dt.tz_localize(None)


def _bulk_text(series: pd.Series) -> pd.Series | None:
    """Stripped text with blanks as None, when every cell is already a string or empty; else None."""
    if pd.api.types.infer_dtype(series, skipna=True) not in ("string", "empty"):
        return None
    stripped = series.astype(object).where(series.notna(), "").astype(str).str.strip()
    return stripped.astype(object).where(stripped != "", None)


def coerce_column(series: pd.Series, col: Column, tz: ZoneInfo) -> tuple[list[Any], list[tuple[int, str]]]:
    """Typed values of one column and the (position, reason) of every cell that could not be typed."""
    values = series.tolist()
    bad: list[tuple[int, str]] = []
    if col.type == "str" and not col.choices:
        text = _bulk_text(series)
        if text is not None:
            out = text.tolist()
            if col.required:
                bad = [(i, "required value is empty") for i, v in enumerate(out) if v is None]
            return out, bad
    if col.type == "datetime":
        bulk = _bulk_datetimes(series, tz)
        out = bulk.astype(object).where(bulk.notna(), None).tolist()
        for i in bulk.isna().to_numpy().nonzero()[0]:
            try:
                out[i] = coerce(values[i], col, tz)
            except BadValue as exc:
                bad.append((int(i), str(exc)))
        return out, bad
    # Everything else has few distinct values per column (kinds, flags, counts): type each distinct value once.
    typed: dict[Any, tuple[Any, str | None]] = {}
    out = []
    for i, value in enumerate(values):
        memo_key = (type(value), value) if isinstance(value, str | int | float | bool) else None
        if memo_key is not None and memo_key in typed:
            result, reason = typed[memo_key]
        else:
            try:
                result, reason = coerce(value, col, tz), None
            except BadValue as exc:
                result, reason = None, str(exc)
            if memo_key is not None and not (isinstance(value, float) and pd.isna(value)):
                typed[memo_key] = (result, reason)
        if reason is not None:
            bad.append((i, reason))
        out.append(result)
    return out, bad


def gather_scores(frame: pd.DataFrame, table: Table, rows: list[int], file: str,
                  problems: list[Problem]) -> pd.DataFrame:
    """Columns `score_<criterion>` → one dict per row in the table's JSON column (1–5 each)."""
    prefix, target = table.gather_prefix  # type: ignore[misc]
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
                scores[col[len(prefix):]] = score_value(value)
            except BadValue as exc:
                problems.append(Problem(file, rows[i], col, str(exc), table.name))
        gathered.append(scores or None)
    frame = frame.drop(columns=score_cols)
    if target not in frame:
        frame[target] = gathered
    return frame


def _duplicate_keys(typed: pd.DataFrame, table: Table, rows: list[int], file: str,
                    problems: list[Problem]) -> None:
    keys = typed[list(table.key)].astype(str)
    first_seen: dict[tuple[str, ...], int] = {}
    for i in keys.duplicated(keep=False).to_numpy().nonzero()[0]:
        k = tuple(keys.iloc[i])
        if k in first_seen:
            problems.append(Problem(file, rows[i], "+".join(table.key),
                                    f"duplicate key {' + '.join(k)} (first at row {first_seen[k]})", table.name))
        else:
            first_seen[k] = rows[i]


def validate_table(kind: str, frame: pd.DataFrame, rows: list[int], file: str, tz: ZoneInfo,
                   problems: list[Problem]) -> pd.DataFrame:
    """Typed frame with the canonical columns present in `frame`; problems appended with the file's rows."""
    table = TABLES[kind]
    if table.gather_prefix:
        frame = gather_scores(frame, table, rows, file, problems)
    for col in table.columns:
        if col.required and col.name not in frame:
            problems.append(Problem(file, 1, col.name, "required column missing", kind))
    typed = pd.DataFrame(index=frame.index)
    for col in table.columns:
        if col.name not in frame:
            continue
        values, bad = coerce_column(frame[col.name], col, tz)
        problems.extend(Problem(file, rows[i], col.name, reason, kind) for i, reason in bad)
        typed[col.name] = pd.Series(values, index=frame.index, dtype=object)
    if len(typed) and all(k in typed for k in table.key):
        _duplicate_keys(typed, table, rows, file, problems)
    return typed
