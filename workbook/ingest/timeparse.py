"""Turning the time stamps of exports into tz-aware UTC timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

import pandas as pd

from workbook.ingest.values import BadValue

_MICROS = {"s": 10**6, "ms": 10**3}
_LAST_DATETIME_SECOND = 253_402_300_799  # 9999-12-31 23:59:59 UTC, the last second datetime holds


class BadTime(BadValue):
    """A time stamp an export holds that cannot be read (a catalogue code and its values, like BadValue)."""


def _storable(stamp: pd.Timestamp, value: object) -> pd.Timestamp:
    """`stamp` when the store can hold it: times are kept as 64-bit nanoseconds since 1970 (1677 to 2262)."""
    try:
        stamp.value  # noqa: B018 — raises OverflowError outside the nanosecond range
    except OverflowError:
        raise BadTime("time_out_of_range", value=str(value)[:40]) from None
    return stamp


def from_epoch(value: object, unit: str = "s") -> pd.Timestamp:
    """Epoch seconds (or `unit`) → UTC timestamp; strings such as Slack's "1452837318.000002" are fine."""
    try:
        stamp = _epoch_stamp(str(value).strip(), unit)
    except pd.errors.OutOfBoundsDatetime:
        raise BadTime("time_out_of_range", value=str(value)[:40]) from None
    except (InvalidOperation, ValueError, OverflowError, OSError):
        raise BadTime("not_epoch", value=str(value)[:40]) from None
    return _storable(stamp, value)


def _epoch_stamp(text: str, unit: str) -> pd.Timestamp:
    if unit == "s" and text.isdigit() and len(text) <= 12:
        # Whole seconds (Telegram's date_unixtime): the common case, 10× cheaper than the Decimal route; built
        # from microseconds (the Timestamp datetime.fromtimestamp gives, at half the cost) up to its year 9999.
        seconds = int(text)
        if seconds <= _LAST_DATETIME_SECOND:
            return pd.Timestamp(seconds * 10**6, unit="us", tz=UTC)
        return pd.Timestamp(datetime.fromtimestamp(seconds, UTC))
    number = Decimal(text)
    if not number.is_finite():
        raise ValueError(text)
    # Decimal keeps Slack's microseconds exact, which a float would blur.
    return pd.Timestamp(int(number * _MICROS[unit]), unit="us", tz="UTC")


_LAST_NANOSECOND_SECOND = (2**63 - 1) // 10**9  # 2262-04-11, the last whole second an int64 of nanoseconds holds


def epoch_ns(value: object) -> int:
    """Epoch seconds → nanoseconds since the epoch (UTC), what message columns store: whole seconds written as
    digits (Telegram's date_unixtime) without building a Timestamp each; anything else as `from_epoch` reads it."""
    if isinstance(value, str) and value.isdigit() and len(value) <= 10 and int(value) <= _LAST_NANOSECOND_SECOND:
        return int(value) * 10**9
    return int(from_epoch(value).value)


def from_text(value: object, tz: ZoneInfo, dayfirst: bool = False) -> pd.Timestamp:
    """A written date and time → UTC; text without an offset is read as local time in `tz`."""
    text = str(value).strip()
    if not text:
        raise BadTime("time_empty")
    try:
        stamp = pd.Timestamp(pd.to_datetime(text, dayfirst=dayfirst))
    except (ValueError, OverflowError, TypeError):
        raise BadTime("time_unreadable", value=text[:40]) from None
    if stamp is pd.NaT:
        raise BadTime("time_unreadable", value=text[:40])
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize(tz, ambiguous=True, nonexistent="shift_forward")
    return _storable(stamp.tz_convert("UTC"), text)


def from_cell(value: object, tz: ZoneInfo) -> pd.Timestamp:
    """A spreadsheet cell: Excel date cells hold local wall-clock time, text goes through `from_text`."""
    if isinstance(value, datetime):
        stamp = pd.Timestamp(value)
        return _storable(stamp.tz_convert("UTC") if stamp.tzinfo else stamp.tz_localize(tz).tz_convert("UTC"), value)
    return from_text(value, tz)
