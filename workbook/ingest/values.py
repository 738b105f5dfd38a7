"""Typing raw cell values by the column rules of schemas.py; every failure is a BadValue, never another exception.

Dates are read only in full forms (year, month and day), inside the client's date window; a number is an Excel
date serial only when the cell really holds a number. Text carries no control characters and fits the store.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pandas as pd

from workbook.ingest.base import reason
from workbook.ingest.limits import DEFAULT_DATE_WINDOW, MAX_NUMBER, control_pattern, max_chars
from workbook.schemas import Column

_FULL_DATE = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<mo>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:(?:\s+|T)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?", re.IGNORECASE)
_EXCEL_EPOCH = datetime(1899, 12, 30)

DateWindow = tuple[int, int]


class BadValue(ValueError):
    """Why a cell cannot be used: a catalogue code and its values, rendered in the client's language."""

    def __init__(self, code: str, **values: object) -> None:
        self.code, self.values = code, values
        super().__init__(self.render("en"))

    def render(self, lang: str) -> str:
        return reason(self.code, lang, **self.values)


def is_blank(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def in_window(stamp: datetime | date, window: DateWindow, shown: object) -> None:
    if not window[0] <= stamp.year <= window[1]:
        raise BadValue("date_window", value=str(shown), first=window[0], last=window[1])


def excel_serial(number: float, window: DateWindow) -> datetime:
    """An Excel date serial (days since 1899-12-30) from a numeric cell, inside the date window."""
    if not math.isfinite(number):
        raise BadValue("datetime_unreadable", value=str(number))
    low = (datetime(window[0], 1, 1) - _EXCEL_EPOCH).days
    high = (datetime(window[1] + 1, 1, 1) - _EXCEL_EPOCH).days
    if not low <= number < high:
        raise BadValue("date_window", value=_fmt(number), first=window[0], last=window[1])
    return _EXCEL_EPOCH + timedelta(days=number)


def _from_text(text: str) -> pd.Timestamp:
    match = _FULL_DATE.fullmatch(text)
    if match is None:
        raise BadValue("datetime_unreadable", value=text)
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None and k not in ("f", "tz")}
    micros = int((match["f"] or "0")[:6].ljust(6, "0"))
    try:
        stamp = pd.Timestamp(datetime(parts["y"], parts["mo"], parts["d"], parts.get("h", 0), parts.get("mi", 0),
                                      parts.get("s", 0), micros))
    except ValueError:
        raise BadValue("not_calendar_date", value=text) from None
    if match["tz"]:
        offset = match["tz"].upper().replace(":", "")
        if offset == "Z":
            return stamp.tz_localize("UTC")
        sign = 1 if offset[0] == "+" else -1
        minutes = int(offset[1:3]) * 60 + int(offset[3:5])
        if minutes > 18 * 60:
            raise BadValue("datetime_unreadable", value=text)
        return (stamp - pd.Timedelta(minutes=sign * minutes)).tz_localize("UTC")
    return stamp


def parse_instant(value: object, tz: ZoneInfo, window: DateWindow = DEFAULT_DATE_WINDOW) -> datetime:
    """A moment as naive UTC; naive input is read in `tz` (DESIGN.md: timestamps stored in UTC)."""
    if isinstance(value, bool):
        raise BadValue("datetime_unreadable", value=str(value))
    if isinstance(value, pd.Timestamp | datetime):
        stamp = pd.Timestamp(value)
    elif isinstance(value, int | float):
        stamp = pd.Timestamp(excel_serial(float(value), window))
    else:
        stamp = _from_text(str(value).strip())
    in_window(stamp, window, value)
    if stamp.tzinfo is None:
        try:
            stamp = stamp.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
        except (ValueError, TypeError, OverflowError):
            raise BadValue("nonexistent_time", value=str(value), zone=tz.key) from None
        if stamp is pd.NaT:
            raise BadValue("ambiguous_time", value=str(value), zone=tz.key)
    utc = stamp.tz_convert("UTC").tz_localize(None).to_pydatetime()
    in_window(utc, window, value)
    return utc


def parse_day(value: object, tz: ZoneInfo, window: DateWindow = DEFAULT_DATE_WINDOW) -> date:
    if isinstance(value, datetime | pd.Timestamp):
        day = pd.Timestamp(value).date()
    elif isinstance(value, date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool):
        day = excel_serial(float(value), window).date()
    else:
        text = str(value).strip()
        try:
            day = _from_text(text).date()
        except BadValue as exc:
            if exc.code == "not_calendar_date":
                raise
            raise BadValue("date_unreadable", value=text) from None
    in_window(day, window, value)
    return day


def _number(value: object, col: Column) -> float:
    if isinstance(value, bool):
        raise BadValue("not_number", value=str(value))
    try:
        number = float(str(value).strip().rstrip("%")) if not isinstance(value, int | float) else float(value)
    except (ValueError, OverflowError):
        raise BadValue("not_number", value=str(value)) from None
    if not math.isfinite(number):
        raise BadValue("not_number", value=str(value))
    if abs(number) >= MAX_NUMBER:
        raise BadValue("number_too_large", value=str(value)[:40])
    if col.positive and number <= 0:
        raise BadValue("not_positive", value=_fmt(number))
    if col.low is not None and number < col.low:
        raise BadValue("below", value=_fmt(number), low=_fmt(col.low), range=_range(col))
    if col.high is not None and number > col.high:
        raise BadValue("above", value=_fmt(number), high=_fmt(col.high), range=_range(col))
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


def checked_text(text: str, column: str) -> str:
    """`text` when it holds no control characters and fits the column; BadValue otherwise."""
    if re.search(control_pattern(column), text):
        raise BadValue("control_chars")
    if len(text) > max_chars(column):
        raise BadValue("too_long", n=len(text), limit=max_chars(column))
    return text


def coerce(value: object, col: Column, tz: ZoneInfo, window: DateWindow = DEFAULT_DATE_WINDOW) -> object:
    """The typed value for one cell, None for a blank; BadValue says why it cannot be used."""
    if is_blank(value):
        if col.default is not None:
            return col.default
        if col.required:
            raise BadValue("required")
        return None
    if col.type == "datetime":
        return parse_instant(value, tz, window)
    if col.type == "date":
        return parse_day(value, tz, window)
    if col.type == "bool":
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        mapped = col.value_aliases.get(text, col.value_aliases.get(_text(value), text))
        if mapped not in ("true", "false"):
            raise BadValue("not_yes_no", value=str(value)[:40])
        return mapped == "true"
    if col.type in ("int", "float"):
        number = _number(value, col)
        if col.type == "int":
            if not number.is_integer():
                raise BadValue("not_whole", value=str(value)[:40])
            return int(number)
        return number
    if col.type == "json":
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False, sort_keys=True)
        try:
            parsed = json.loads(checked_text(str(value), col.name))
        except (json.JSONDecodeError, RecursionError) as exc:
            raise BadValue("not_json", detail=getattr(exc, "msg", "too deep")) from None
        return json.dumps(parsed, ensure_ascii=False, sort_keys=True, allow_nan=True)
    text = checked_text(_text(value), col.name)
    if col.choices:
        text = col.value_aliases.get(text, col.value_aliases.get(text.lower(), text.lower().replace(" ", "_")))
        if text not in col.choices:
            raise BadValue("not_choice", value=str(value)[:40], choices=", ".join(col.choices))
    return text


def score_value(value: object) -> float:
    """A 1–5 rubric score."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        raise BadValue("not_score", value=str(value)[:40]) from None
    if not 1 <= number <= 5:
        raise BadValue("score_range", value=_fmt(number) if math.isfinite(number) else str(number))
    return number


def mark_value(value: object) -> float:
    """A per-question mark: 0 (wrong) or 1 (right)."""
    text = _text(value) if not isinstance(value, bool) else ""
    if text not in ("0", "1", "0.0", "1.0"):
        raise BadValue("not_mark", value=str(value)[:40])
    return float(text)


def above_column(value: float, bound: float, column: str) -> BadValue:
    """Why a number cannot exceed another column of its row (a score above the quiz's max_score)."""
    return BadValue("above_column", value=_fmt(value), column=column, high=_fmt(bound))
