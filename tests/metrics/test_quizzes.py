"""METRICS.md `quizzes` and `quiz_pre_post` on a small quiz community, every figure worked out by hand.

Q1 (max 10), October, best per member (ties between attempts: the earliest):
  m1 5 then 9 → 0.9 (best submitted 10-06)      m2 9 → 0.9 (10-05 09:00, earlier than m1's best)
  m3 6 → 0.6 (passes: ≥ 0.6)                     m4 4 then 4 → 0.4 (attempt 1 is the best, 10-07)
  s1 is staff, m5's 10/10 is in September: neither counts.
  → participants 4, mean (0.9+0.9+0.6+0.4)/4 = 0.7, median (0.6+0.9)/2 = 0.75, pass 3/4, top m2, m1, m3.
  Items over the best attempts: q_a 1,1,0,0 → 0.5; q_b 1,0,·,0 → 1/3 (m3 left it blank).
Q0 has only a staff result in October: listed, nobody counted, every ratio null.
PRE (max 20): m1 10 (0.5), m2 8 (0.4), m3 12 in September then 16 in October (0.8), m4 10; s1 20.
POST (max 20), October: m5 20 (1.0), m3 18 (0.9, 10-20), m1 18 (0.9, 10-21), m2 10 (0.5); m2's 20 in November
  does not count; s1 20. → participants 4, mean 3.3/4 = 0.825, median 0.9, pass 3/4, top m5, m3, m1.
PRE → POST up to October's end: m1 +0.4, m2 +0.1, m3 +0.1 (m4 lacks POST, m5 PRE, s1 is staff) → 3, mean 0.2.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.metrics.conftest import TZ, local, member
from workbook import periods
from workbook.metrics import compute
from workbook.profile import Profile, Quiz
from workbook.store import Frames, frames_from_records


def result(quiz: str, who: str, score: float, max_score: float, when: str, attempt: int = 1,
           **marks: int) -> dict[str, Any]:
    return {"quiz_id": quiz, "member_id": who, "attempt": attempt, "score": score, "max_score": max_score,
            "submitted_at": local(when), "items": marks}


RESULTS = [
    result("Q1", "m1", 5, 10, "2026-10-05 10:00", a=0, b=0),
    result("Q1", "m1", 9, 10, "2026-10-06 10:00", attempt=2, a=1, b=1),
    result("Q1", "m2", 9, 10, "2026-10-05 09:00", a=1, b=0),
    result("Q1", "m3", 6, 10, "2026-10-07 10:00", a=0),
    result("Q1", "m4", 4, 10, "2026-10-07 11:00", a=0, b=0),
    result("Q1", "m4", 4, 10, "2026-10-08 11:00", attempt=2, a=1, b=1),
    result("Q1", "s1", 10, 10, "2026-10-05 10:00", a=1, b=1),
    result("Q1", "m5", 10, 10, "2026-09-30 10:00", a=1, b=1),
    result("Q0", "s1", 3, 10, "2026-10-02 10:00"),
    result("PRE", "m1", 10, 20, "2026-09-10 10:00"),
    result("PRE", "m2", 8, 20, "2026-09-10 10:00"),
    result("PRE", "m3", 12, 20, "2026-09-10 10:00"),
    result("PRE", "m3", 16, 20, "2026-10-01 00:30", attempt=2),
    result("PRE", "m4", 10, 20, "2026-09-10 10:00"),
    result("PRE", "s1", 20, 20, "2026-09-10 10:00"),
    result("POST", "m5", 20, 20, "2026-10-22 10:00"),
    result("POST", "m3", 18, 20, "2026-10-20 10:00"),
    result("POST", "m1", 18, 20, "2026-10-21 10:00"),
    result("POST", "m2", 10, 20, "2026-10-21 10:00"),
    result("POST", "m2", 20, 20, "2026-11-01 00:30", attempt=2),
    result("POST", "s1", 20, 20, "2026-10-21 10:00"),
]
MEMBERS = [member("s1", "2026-01-01 09:00", staff=True),
           *(member(f"m{i}", "2026-01-01 09:00") for i in range(1, 6))]
GOALS = [
    {"goal_id": "G1", "statement": "Pass Q1", "metric": "quizzes.Q1.pass_rate", "baseline": 0.5, "target": 1.0,
     "direction": "increase", "start": "2026-10-01", "deadline": "2026-10-31"},
    {"goal_id": "G2", "statement": "Learn", "metric": "quiz_pre_post.POST.mean_delta_pct", "baseline": 0.0,
     "target": 0.4, "direction": "increase", "start": "2026-10-01", "deadline": "2026-10-31"},
]


@pytest.fixture
def quiz_frames() -> Frames:
    return frames_from_records(members=MEMBERS, quiz_results=RESULTS, goals=GOALS)


@pytest.fixture
def quiz_profile() -> Profile:
    return Profile(name="quizzes", timezone=TZ, quiz=Quiz(pairs=[("PRE", "POST"), ("Q1", "NEVER")]))


def _document(frames: Frames, profile: Profile, label: str = "2026-10") -> dict[str, Any]:
    return compute(frames, profile, periods.parse(label, TZ))


def test_quiz_rows(quiz_frames: Frames, quiz_profile: Profile) -> None:
    rows = {row["quiz_id"]: row for row in _document(quiz_frames, quiz_profile)["quizzes"]}
    assert list(rows) == ["POST", "PRE", "Q0", "Q1"]
    q1 = rows["Q1"]
    assert q1["participants"] == 4
    assert q1["mean_pct"] == pytest.approx(0.7) and q1["median_pct"] == pytest.approx(0.75)
    assert q1["pass_rate"] == 0.75
    assert q1["top"] == ["m2", "m1", "m3"]
    assert q1["item_difficulty"] == {"q_a": 0.5, "q_b": pytest.approx(1 / 3)}
    post = rows["POST"]
    assert (post["participants"], post["pass_rate"], post["top"]) == (4, 0.75, ["m5", "m3", "m1"])
    assert post["mean_pct"] == pytest.approx(0.825) and post["median_pct"] == pytest.approx(0.9)
    assert post["item_difficulty"] == {}
    # Only m3's October attempt of PRE lies in the period.
    assert (rows["PRE"]["participants"], rows["PRE"]["mean_pct"]) == (1, 0.8)


def test_a_quiz_with_no_member_result_has_null_ratios(quiz_frames: Frames, quiz_profile: Profile) -> None:
    q0 = next(row for row in _document(quiz_frames, quiz_profile)["quizzes"] if row["quiz_id"] == "Q0")
    assert q0 == {"quiz_id": "Q0", "participants": 0, "mean_pct": None, "median_pct": None, "pass_rate": None,
                  "top": [], "item_difficulty": {}}


def test_pass_mark_comes_from_the_profile(quiz_frames: Frames) -> None:
    strict = Profile(name="quizzes", timezone=TZ, quiz=Quiz(pass_pct=0.9))
    q1 = next(row for row in _document(quiz_frames, strict)["quizzes"] if row["quiz_id"] == "Q1")
    assert q1["pass_rate"] == 0.5


def test_pre_post(quiz_frames: Frames, quiz_profile: Profile) -> None:
    pairs = _document(quiz_frames, quiz_profile)["quiz_pre_post"]
    assert pairs[0]["pre_id"] == "PRE" and pairs[0]["post_id"] == "POST" and pairs[0]["members"] == 3
    assert pairs[0]["mean_delta_pct"] == pytest.approx(0.2)
    assert pairs[1] == {"pre_id": "Q1", "post_id": "NEVER", "members": 0, "mean_delta_pct": None}
    # At September's end nobody has taken POST yet.
    september = _document(quiz_frames, quiz_profile, "2026-09")["quiz_pre_post"][0]
    assert (september["members"], september["mean_delta_pct"]) == (0, None)


def test_quiz_sections_follow_moderation_and_feed_goals(quiz_frames: Frames, quiz_profile: Profile) -> None:
    document = _document(quiz_frames, quiz_profile)
    keys = list(document)
    assert keys[keys.index("moderation") + 1: keys.index("moderation") + 3] == ["quizzes", "quiz_pre_post"]
    goals = {goal["goal_id"]: goal for goal in document["goals"]}
    assert goals["G1"]["actual"] == 0.75 and goals["G1"]["progress"] == 0.5
    assert goals["G2"]["actual"] == pytest.approx(0.2) and "error" not in goals["G2"]


def test_no_quizzes_no_rows(frames: Frames, profile: Profile, october: periods.Period) -> None:
    document = compute(frames, profile, october)
    assert document["quizzes"] == [] and document["quiz_pre_post"] == []
