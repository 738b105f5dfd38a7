"""The demo's fixed six-month window (local Asia/Shanghai time), its day rhythm and time formatting."""

from __future__ import annotations

import numpy as np

WINDOW_START = np.datetime64("2026-05-01", "D")
WINDOW_END = np.datetime64("2026-11-01", "D")  # exclusive
DAYS = np.arange(WINDOW_START, WINDOW_END, dtype="datetime64[D]")
SECONDS_PER_DAY = 86_400
WINDOW_END_S = WINDOW_END.astype("datetime64[s]")

# Approximate 2026 public holidays: 劳动节, 端午, 中秋, 国庆. Chat quietens as on a weekend.
_HOLIDAYS = (("2026-05-01", "2026-05-05"), ("2026-06-19", "2026-06-21"), ("2026-09-25", "2026-09-27"),
             ("2026-10-01", "2026-10-07"))


def is_holiday(days: np.ndarray) -> np.ndarray:
    out = np.zeros(len(days), dtype=bool)
    for first, last in _HOLIDAYS:
        out |= (days >= np.datetime64(first)) & (days <= np.datetime64(last))
    return out


def weekday(days: np.ndarray) -> np.ndarray:
    """0 = Monday … 6 = Sunday (1970-01-01 was a Thursday)."""
    return (days.astype("datetime64[D]").astype(np.int64) + 3) % 7


def day_factor(days: np.ndarray) -> np.ndarray:
    """Relative chat volume per day: weekdays busy, weekends and holidays quiet."""
    wd = weekday(days)
    factor = np.where(wd == 5, 0.42, np.where(wd == 6, 0.34, 1.0))
    return np.where(is_holiday(days), 0.34, factor)


def hour_weights(kind: str) -> np.ndarray:
    """Probability of each local hour 0–23: lunch (12h) and evening (20–21h) peaks for members."""
    if kind == "staff":
        raw = [0, 0, 0, 0, 0, 0, 0, 0.2, 1.5, 3.5, 3.5, 3, 1.5, 2, 3, 3, 3, 2.5, 1, 0.5, 0.8, 0.5, 0.1, 0]
    elif kind == "weekend":
        raw = [0.6, 0.3, 0.1, 0.05, 0.05, 0.1, 0.3, 0.8, 1.5, 2.5, 3.2, 3.2, 4.2, 3.6, 2.8, 2.8, 2.8, 2.6, 2.4,
               3.0, 4.4, 4.6, 3.0, 1.4]
    else:
        raw = [0.3, 0.1, 0.05, 0.03, 0.03, 0.1, 0.4, 1.2, 2.2, 3.0, 3.2, 3.0, 6.5, 5.0, 2.6, 2.6, 2.5, 2.4, 2.0,
               3.0, 5.5, 6.0, 3.5, 1.2]
    weights = np.asarray(raw, dtype=float)
    return weights / weights.sum()


def fmt_times(seconds: np.ndarray) -> list[str]:
    """Naive local `YYYY-MM-DD HH:MM:SS` strings (the importer reads them in the client's zone)."""
    text = np.datetime_as_string(np.asarray(seconds, dtype="datetime64[s]"), unit="s")
    return [s.replace("T", " ") for s in text.tolist()]


def fmt_days(days: np.ndarray) -> list[str]:
    return np.datetime_as_string(np.asarray(days, dtype="datetime64[D]"), unit="D").tolist()
