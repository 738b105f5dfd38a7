"""goals: actual, progress, elapsed and a goal naming a metric that does not exist."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from workbook.metrics.goals import elapsed, progress


def test_goal_off_track(document: dict[str, Any]) -> None:
    g1 = document["goals"][0]
    assert g1["actual"] == pytest.approx(5 / 9)
    # (5/9 − 0.4) / (0.8 − 0.4) = 0.3889; 61 of the 122 days 09-01…12-31 passed by 10-31.
    assert g1["progress"] == pytest.approx((5 / 9 - 0.4) / 0.4)
    assert g1["elapsed"] == pytest.approx(0.5)
    assert g1["on_track"] is False


def test_unknown_metric_is_reported_not_raised(document: dict[str, Any]) -> None:
    g2 = document["goals"][1]
    assert "G2" in g2["error"] and "engagement.no_such_key" in g2["error"]
    assert g2["actual"] is None and g2["progress"] is None and g2["on_track"] is None


def test_goal_past_target(document: dict[str, Any]) -> None:
    g3 = document["goals"][2]
    # Mean event score 91.25 against 70 → 80: (91.25 − 70)/10 = 2.125 (not clipped); the goal's month is over.
    assert g3["progress"] == pytest.approx(2.125)
    assert g3["elapsed"] == 1.0 and g3["on_track"] is True


def test_helpers() -> None:
    assert progress(5, 5, 5) is None
    # A decrease goal: from 10 down to 4, now at 7 → halfway.
    assert progress(7, 10, 4) == pytest.approx(0.5)
    assert elapsed(date(2026, 11, 1), date(2026, 11, 30), date(2026, 10, 31)) == 0.0
