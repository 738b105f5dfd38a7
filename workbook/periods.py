"""Period labels (2026-10, 2026-W43, 2026-Q4, 2026-10-01..2026-10-15) → calendar days and tz-aware bounds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import pandas as pd

PeriodKind = Literal["month", "week", "quarter", "range"]

# ASCII digits only, whole text only (`$` alone would accept a trailing newline).
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_WEEK = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)
_QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.ASCII)
_RANGE = re.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", re.ASCII)
# Periods the store can hold: prev() and next() of any of them, and their bounds, stay valid dates.
MIN_YEAR, MAX_YEAR = 1900, 2100


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    """A closed range of calendar days [start, end] read in `timezone`."""

    label: str
    kind: PeriodKind
    start: date
    end: date
    timezone: str = "Asia/Shanghai"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_at(self) -> pd.Timestamp:
        """First instant of the period, tz-aware."""
        return pd.Timestamp(datetime.combine(self.start, time.min), tz=self.tz)

    @property
    def end_at(self) -> pd.Timestamp:
        """First instant after the period (exclusive bound), tz-aware."""
        return pd.Timestamp(datetime.combine(self.end + timedelta(days=1), time.min), tz=self.tz)

    def contains(self, moment: pd.Timestamp) -> bool:
        return self.start_at <= moment < self.end_at

    def prev(self) -> Period:
        if self.kind == "month":
            first = (self.start - timedelta(days=1)).replace(day=1)
            return month(first.year, first.month, self.timezone)
        if self.kind == "week":
            iso = (self.start - timedelta(days=7)).isocalendar()
            return week(iso.year, iso.week, self.timezone)
        if self.kind == "quarter":
            before = self.start - timedelta(days=1)
            return quarter(before.year, (before.month - 1) // 3 + 1, self.timezone)
        n = self.days
        return day_range(self.start - timedelta(days=n), self.start - timedelta(days=1), self.timezone)

    def next(self) -> Period:
        if self.kind == "month":
            after = self.end + timedelta(days=1)
            return month(after.year, after.month, self.timezone)
        if self.kind == "week":
            iso = (self.start + timedelta(days=7)).isocalendar()
            return week(iso.year, iso.week, self.timezone)
        if self.kind == "quarter":
            after = self.end + timedelta(days=1)
            return quarter(after.year, (after.month - 1) // 3 + 1, self.timezone)
        n = self.days
        return day_range(self.end + timedelta(days=1), self.end + timedelta(days=n), self.timezone)

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat(),
                "timezone": self.timezone}


def month(year: int, month_no: int, timezone: str = "Asia/Shanghai") -> Period:
    start = date(year, month_no, 1)
    nxt = date(year + month_no // 12, month_no % 12 + 1, 1)
    return Period(f"{year:04d}-{month_no:02d}", "month", start, nxt - timedelta(days=1), timezone)


def week(year: int, week_no: int, timezone: str = "Asia/Shanghai") -> Period:
    try:
        start = date.fromisocalendar(year, week_no, 1)
    except ValueError as exc:
        raise PeriodError(f"{year}-W{week_no:02d} is not an ISO week ({exc})") from None
    return Period(f"{year:04d}-W{week_no:02d}", "week", start, start + timedelta(days=6), timezone)


def quarter(year: int, quarter_no: int, timezone: str = "Asia/Shanghai") -> Period:
    start = date(year, 3 * quarter_no - 2, 1)
    end = month(year, 3 * quarter_no, timezone).end
    return Period(f"{year:04d}-Q{quarter_no}", "quarter", start, end, timezone)


def day_range(start: date, end: date, timezone: str = "Asia/Shanghai") -> Period:
    if end < start:
        raise PeriodError(f"range {start}..{end} ends before it starts")
    return Period(f"{start.isoformat()}..{end.isoformat()}", "range", start, end, timezone)


def parse(label: str, timezone: str = "Asia/Shanghai") -> Period:
    """Read a period label; raise PeriodError with the accepted forms when it is none of them."""
    if not isinstance(label, str):
        raise PeriodError(f"{label!r} is not a period label")
    text = label.strip()
    period = _read(text, timezone)
    if period.start.year < MIN_YEAR or period.end.year > MAX_YEAR:
        raise PeriodError(f"{text}: years {MIN_YEAR}–{MAX_YEAR} only")
    return period


def _read(text: str, timezone: str) -> Period:
    try:
        if m := _MONTH.fullmatch(text):
            month_no = int(m[2])
            if not 1 <= month_no <= 12:
                raise PeriodError(f"{text}: month must be 01–12")
            return month(int(m[1]), month_no, timezone)
        if m := _WEEK.fullmatch(text):
            return week(int(m[1]), int(m[2]), timezone)
        if m := _QUARTER.fullmatch(text):
            return quarter(int(m[1]), int(m[2]), timezone)
        if m := _RANGE.fullmatch(text):
            return day_range(date.fromisoformat(m[1]), date.fromisoformat(m[2]), timezone)
    except (ValueError, OverflowError) as exc:
        if isinstance(exc, PeriodError):
            raise
        raise PeriodError(f"{text}: {exc}") from None
    raise PeriodError(
        f"{text!r} is not a period; use 2026-10 (month), 2026-W43 (ISO week), 2026-Q4 (quarter) "
        "or 2026-10-01..2026-10-15 (days)"
    )


def last_closed(kind: Literal["month", "week"], now: datetime, timezone: str = "Asia/Shanghai") -> Period:
    """The latest period of `kind` that ended before `now` (read in `timezone`)."""
    local = pd.Timestamp(now).tz_convert(timezone) if pd.Timestamp(now).tzinfo else pd.Timestamp(now)
    today = local.date()
    if kind == "month":
        before = today.replace(day=1) - timedelta(days=1)
        return month(before.year, before.month, timezone)
    iso = (today - timedelta(days=7)).isocalendar()
    return week(iso.year, iso.week, timezone)
