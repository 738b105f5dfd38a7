"""Typing raw cell values by the column rules of schemas.py; every failure is a Problem, never an exception."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pandas as pd

from workbook.schemas import Column

_OFFSET = re.compile(r"(Z|[+-]\d{2}:?\d{2})$")
_CJK_DATE = str.maketrans({"年": "-", "月": "-", "日": " ", "/": "-", ".": "-"})
_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


class BadValue(ValueError):
    pass


def is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and pd.isna(value):
        return True
    if value is pd.NaT:
        return True
    return isinstance(value, str) and value.strip() == ""


def _excel_serial(number: float) -> pd.Timestamp:
    if not 1 <= number < 2958466:
        raise BadValue(f"{number} is not a date")
    return _EXCEL_EPOCH + pd.to_timedelta(number, unit="D")


def parse_instant(value: object, tz: ZoneInfo) -> datetime:
    """A moment as naive UTC; naive input is read in `tz` (DESIGN.md: timestamps stored in UTC)."""
    if isinstance(value, pd.Timestamp | datetime):
        stamp = pd.Timestamp(value)
    elif isinstance(value, int | float):
        stamp = _excel_serial(float(value))
    else:
        text = str(value).strip()
        try:
            stamp = _excel_serial(float(text))
        except ValueError:
            if _OFFSET.search(text) or "T" in text:
                cleaned = text
            else:
                cleaned = re.sub(r"\s+", " ", text.translate(_CJK_DATE)).strip()
                cleaned = re.sub(r"^(\d{4})-(\d{1,2})-(\d{1,2})", lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}",
                                 cleaned)
                cleaned = re.sub(r" (\d):", r" 0\1:", cleaned)
            try:
                stamp = pd.Timestamp(cleaned)
            except (ValueError, OverflowError) as exc:
                raise BadValue(f"cannot read {text!r} as a date and time (use 2026-10-03 14:05)") from exc
            if stamp is pd.NaT:
                raise BadValue(f"cannot read {text!r} as a date and time") from None
    if stamp.tzinfo is None:
        try:
            stamp = stamp.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
        except (ValueError, TypeError) as exc:
            raise BadValue(f"{value!r} does not exist in {tz.key}") from exc
        if stamp is pd.NaT:
            raise BadValue(f"{value!r} is ambiguous in {tz.key} (clock change); give the UTC offset")
    return stamp.tz_convert("UTC").tz_localize(None).to_pydatetime()


def parse_day(value: object, tz: ZoneInfo) -> date:
    if isinstance(value, datetime | pd.Timestamp):
        return pd.Timestamp(value).date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if re.fullmatch(r"\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?", text):
        y, m, d = (int(x) for x in re.findall(r"\d+", text))
        try:
            return date(y, m, d)
        except ValueError as exc:
            raise BadValue(f"{text!r} is not a calendar date ({exc})") from exc
    try:
        return pd.Timestamp(parse_instant(value, ZoneInfo("UTC"))).date()
    except BadValue:
        raise BadValue(f"cannot read {text!r} as a date (use 2026-10-03)") from None


def _number(value: object, col: Column) -> float:
    try:
        number = float(str(value).strip().rstrip("%")) if not isinstance(value, int | float) else float(value)
    except ValueError:
        raise BadValue(f"{value!r} is not a number") from None
    if pd.isna(number):
        raise BadValue(f"{value!r} is not a number")
    if col.low is not None and number < col.low:
        raise BadValue(f"{_fmt(number)} is below {_fmt(col.low)} (allowed {_range(col)})")
    if col.high is not None and number > col.high:
        raise BadValue(f"{_fmt(number)} is above {_fmt(col.high)} (allowed {_range(col)})")
    return number


def _fmt(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _range(col: Column) -> str:
    low = _fmt(col.low) if col.low is not None else "…"
    high = _fmt(col.high) if col.high is not None else "…"
    return f"{low}–{high}"


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def coerce(value: object, col: Column, tz: ZoneInfo) -> object:
    """The typed value for one cell, None for a blank; BadValue says why it cannot be used."""
    if is_blank(value):
        if col.required:
            raise BadValue("required value is empty")
        return None
    if col.type == "datetime":
        return parse_instant(value, tz)
    if col.type == "date":
        return parse_day(value, tz)
    if col.type == "bool":
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        mapped = col.value_aliases.get(text, col.value_aliases.get(_text(value), text))
        if mapped not in ("true", "false"):
            raise BadValue(f"{value!r} is not yes/no (use true/false or 是/否)")
        return mapped == "true"
    if col.type in ("int", "float"):
        number = _number(value, col)
        if col.type == "int":
            if not number.is_integer():
                raise BadValue(f"{value!r} is not a whole number")
            return int(number)
        return number
    if col.type == "json":
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        try:
            parsed = json.loads(str(value))
        except json.JSONDecodeError as exc:
            raise BadValue(f"not JSON ({exc.msg})") from None
        return json.dumps(parsed, ensure_ascii=False, sort_keys=True)
    text = _text(value)
    if col.choices:
        text = col.value_aliases.get(text, col.value_aliases.get(text.lower(), text.lower().replace(" ", "_")))
        if text not in col.choices:
            raise BadValue(f"{value!r} is not one of {', '.join(col.choices)}")
    return text


def score_value(value: object) -> float:
    """A 1–5 rubric score."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise BadValue(f"{value!r} is not a score (1–5)") from None
    if not 1 <= number <= 5:
        raise BadValue(f"{_fmt(number)} is out of range (scores are 1–5)")
    return number
