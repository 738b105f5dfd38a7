from datetime import date

import pandas as pd
import pytest

from workbook import periods
from workbook.periods import PeriodError


@pytest.mark.parametrize(("label", "kind", "start", "end"), [
    ("2026-10", "month", date(2026, 10, 1), date(2026, 10, 31)),
    ("2026-02", "month", date(2026, 2, 1), date(2026, 2, 28)),
    ("2026-W43", "week", date(2026, 10, 19), date(2026, 10, 25)),
    ("2026-Q4", "quarter", date(2026, 10, 1), date(2026, 12, 31)),
    ("2026-10-01..2026-10-15", "range", date(2026, 10, 1), date(2026, 10, 15)),
])
def test_parse_each_form(label: str, kind: str, start: date, end: date) -> None:
    period = periods.parse(label)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, label)


def test_bounds_are_local_midnights() -> None:
    period = periods.parse("2026-10", "Asia/Shanghai")
    assert period.start_at == pd.Timestamp("2026-10-01 00:00", tz="Asia/Shanghai")
    assert period.end_at == pd.Timestamp("2026-11-01 00:00", tz="Asia/Shanghai")
    # 2026-10-31 23:30 in Shanghai is 15:30 UTC and still October.
    assert period.contains(pd.Timestamp("2026-10-31 15:30", tz="UTC"))
    assert not period.contains(pd.Timestamp("2026-10-31 16:00", tz="UTC"))
    assert period.as_dict() == {"label": "2026-10", "start": "2026-10-01", "end": "2026-10-31",
                                "timezone": "Asia/Shanghai"}


@pytest.mark.parametrize(("label", "previous"), [
    ("2026-10", "2026-09"), ("2026-01", "2025-12"), ("2026-W43", "2026-W42"), ("2026-W01", "2025-W52"),
    ("2026-Q1", "2025-Q4"), ("2026-10-01..2026-10-15", "2026-09-16..2026-09-30"),
])
def test_prev(label: str, previous: str) -> None:
    assert periods.parse(label).prev().label == previous


def test_next_is_inverse_of_prev() -> None:
    for label in ("2026-10", "2026-W01", "2026-Q1", "2026-10-01..2026-10-15"):
        assert periods.parse(label).prev().next().label == label


@pytest.mark.parametrize("bad", ["2026-13", "2026-W54", "2026-Q5", "Oct 2026", "2026-10-15..2026-10-01"])
def test_bad_labels_say_what_is_accepted(bad: str) -> None:
    with pytest.raises(PeriodError):
        periods.parse(bad)


def test_last_closed() -> None:
    now = pd.Timestamp("2026-11-25 10:00", tz="UTC")
    assert periods.last_closed("month", now).label == "2026-10"
    assert periods.last_closed("week", now).label == "2026-W47"
