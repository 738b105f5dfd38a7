"""events and events_summary of the conftest community, by hand."""

from __future__ import annotations

from typing import Any

import pytest

from workbook.metrics.events import composite_score
from workbook.profile import EventScoreWeights


def test_workshop_with_walk_ins_and_blank_answers(document: dict[str, Any]) -> None:
    e1 = document["events"][0]
    assert e1["event_id"] == "E1"
    # Registered: m1, m4, m5, m9; attended: m1, m4, m3 (never registered), s1 (staff walk-in).
    assert (e1["registered"], e1["attended"]) == (4, 4)
    assert e1["attendance_rate"] == 1.0
    assert e1["reach"] == pytest.approx(4 / 9)
    # f3 answered nothing but is still a response: 3 of 4 attendees.
    assert e1["responses"] == 3 and e1["response_rate"] == pytest.approx(0.75)
    # Satisfaction (5+4)/2; learning only f1 = 4; application (4+3)/2.
    assert (e1["satisfaction_avg"], e1["learning_avg"], e1["application_avg"]) == (4.5, 4.0, 3.5)
    # NPS answers 10, 7: promoters 1/2, detractors 0 → 50.
    assert e1["nps"] == 50.0
    # .25·1 + .25·(3.5/4) + .20·(150/200) + .15·(3/4) + .15·(2.5/4) = .25+.21875+.15+.1125+.09375 = .825.
    assert e1["score"] == pytest.approx(82.5)
    assert e1["low_confidence"] is True
    # Non-staff attendees m1, m4, m3: 4 messages in the 14 days before (m1 a1, a3, a4, a5), none after.
    assert e1["activity_lift"] == 0.0


def test_webinar_without_feedback_reweights(document: dict[str, Any]) -> None:
    e2 = document["events"][1]
    assert e2["nps"] is None and e2["satisfaction_avg"] is None
    # Only attendance_rate (2/2) is left, so it carries all the weight.
    assert e2["score"] == pytest.approx(100.0)
    assert e2["response_rate"] == 0.0
    # m2: a7 (10-15) before, a12 (10-21) after; m7's a9 (10-06 09:00) is before the 14-day window.
    assert e2["activity_lift"] == 1.0


def test_facilitator_rubric(document: dict[str, Any]) -> None:
    e1, e2 = document["events"]
    # Default event rubric weights .4/.3/.3: s1 (5, 4, 3) → 4.1 → 77.5; s2 (3, 3, 3) → 50; mean 63.75.
    assert e1["rubric_score"] == pytest.approx(63.75) and e1["rubric_scorers"] == 2
    assert (e2["rubric_score"], e2["rubric_scorers"]) == (None, 0)


def test_summary(document: dict[str, Any]) -> None:
    summary = document["events_summary"]
    # E3 (09-28) is in September.
    assert summary["count"] == 2 and summary["attended_total"] == 6
    assert summary["mean_score"] == pytest.approx((82.5 + 100) / 2)
    assert (summary["best_event_id"], summary["worst_event_id"]) == ("E2", "E1")
    assert summary["score_by_kind"] == {"webinar": pytest.approx(100.0), "workshop": pytest.approx(82.5)}


def test_composite_score_drops_null_components() -> None:
    weights = EventScoreWeights()
    # Satisfaction 5 → 1.0 (weight .25) and NPS 0 → 0.5 (weight .20): (.25 + .10) / .45.
    score = composite_score({"satisfaction": 5, "nps": 0, "attendance_rate": None}, weights)
    assert score == pytest.approx(100 * 0.35 / 0.45)
    assert composite_score({}, weights) is None
    assert composite_score({"attendance_rate": 0.5}, {"attendance_rate": 1.0}) == pytest.approx(50.0)
