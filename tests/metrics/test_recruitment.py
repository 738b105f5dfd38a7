"""recruitment figures and the screening helpers the forms call."""

from __future__ import annotations

from typing import Any

import pytest

from workbook.metrics.recruitment import screening_score, suggested_decision
from workbook.profile import Profile, ScreeningThresholds


def test_counts_and_channels(document: dict[str, Any]) -> None:
    rec = document["recruitment"]
    # A5 applied 10-01 01:00 local (09-30 UTC) and counts; A6 applied 09-30 23:00 local and does not.
    assert rec["applicants"] == 5
    assert (rec["accepted"], rec["waitlisted"], rec["rejected"], rec["undecided"]) == (2, 1, 1, 1)
    # min_group_size 2: referral (A1, A2) stays; social_media, internal_notice, industry_forum fold into other.
    assert rec["by_channel"]["referral"] == {"applicants": 2, "accepted": 1, "acceptance_rate": 0.5}
    other = rec["by_channel"]["other"]
    assert (other["applicants"], other["accepted"]) == (3, 1)
    assert other["acceptance_rate"] == pytest.approx(1 / 3)


def test_screening_score(profile: Profile) -> None:
    rubric = profile.screening_rubric
    # Weights .3/.3/.2/.2: 1.5 + 1.2 + .6 + .4 = 3.7 → (3.7 − 1)/4·100 = 67.5.
    score = screening_score({"motivation": 5, "relevance": 4, "foundation": 3, "commitment": 2}, rubric)
    assert score == pytest.approx(67.5)
    assert suggested_decision(score, profile.screening_thresholds) == "waitlist"
    # Only two criteria scored, both 5: 100.
    assert screening_score({"motivation": 5, "relevance": 5}, rubric) == pytest.approx(100.0)
    assert screening_score({}, rubric) is None


@pytest.mark.parametrize(("score", "decision"), [(70, "accept"), (69.9, "waitlist"), (50, "waitlist"),
                                                 (49.9, "reject"), (None, None)])
def test_suggested_decision(score: float | None, decision: str | None) -> None:
    assert suggested_decision(score, ScreeningThresholds()) == decision
    assert suggested_decision(score, {"accept": 70, "waitlist": 50}) == decision
