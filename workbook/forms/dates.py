"""Dates as the page's language writes them: zh-CN 2026年10月3日 (10月3日 without the year), en 2026-10-03 (10-03)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def as_date(value: Any, tz: str | None = None) -> date | None:
    """A date from a date, datetime, pandas Timestamp or ISO text (an instant's day in `tz` when given);
    None for anything else or missing."""
    import pandas as pd

    if value is None or (not isinstance(value, str | date) and pd.isna(value)):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError):
        return None
    if tz and stamp.tzinfo is not None:
        stamp = stamp.tz_convert(tz)
    return stamp.date()


def day_text(value: Any, lang: str, year: bool = True, tz: str | None = None) -> str:
    """The day of `value` in the page's style; "—" when there is none."""
    day = as_date(value, tz)
    if day is None:
        return "—"
    if lang == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日" if year else f"{day.month}月{day.day}日"
    return day.isoformat() if year else f"{day:%m-%d}"
