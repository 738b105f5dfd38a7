"""No breakdown shows a group of fewer than privacy.min_group_size people, "other" included."""

from __future__ import annotations

import pandas as pd

from workbook import periods
from workbook.metrics import compute, series
from workbook.metrics.context import fold_small_groups
from workbook.profile import Profile
from workbook.store import frames_from_records

TZ = "Asia/Shanghai"


def test_small_groups_merge_into_other_and_a_small_other_is_left_out() -> None:
    labels = pd.Series(["A"] * 5 + ["B"] * 3 + ["C"] * 2 + [None])
    # B (3), C (2) and the unlabelled row (1) make an "other" of 6 ≥ 5: shown.
    assert fold_small_groups(labels, 5).tolist() == ["A"] * 5 + ["other"] * 6
    # With min 7: A (5) joins the others, and "other" of 11 is shown.
    assert fold_small_groups(labels, 7).tolist() == ["other"] * 11
    # A lone small group next to a big one: "other" would be 1 person, so it is left out.
    assert fold_small_groups(pd.Series(["A"] * 5 + ["B"]), 5).tolist() == ["A"] * 5 + [None]


def _applicant(i: int, channel: str) -> dict[str, object]:
    return {"applicant_id": f"a{i}", "name": f"n{i}", "source_channel": channel,
            "applied_at": "2026-10-05T02:00:00Z", "decision": "accept" if i % 2 else None}


def test_recruitment_by_channel_and_funnel_publish_no_small_group() -> None:
    applicants = [_applicant(i, "referral") for i in range(5)] + [_applicant(9, "social_media")]
    frames = frames_from_records(applicants=applicants)
    profile, period = Profile(name="p", timezone=TZ), periods.parse("2026-10", TZ)
    recruitment = compute(frames, profile, period, {"recruitment"})["recruitment"]
    # referral 5 applicants (a1, a3 accepted); the one social_media applicant would be an "other" of 1.
    assert recruitment["by_channel"] == {"referral": {"applicants": 5, "accepted": 2, "acceptance_rate": 0.4}}
    assert recruitment["applicants"] == 6  # totals still count everyone
    funnel = series.recruitment_funnel(frames, profile, period)
    assert set(funnel["channel"]) == {"referral"}


def test_department_activity_leaves_out_a_small_other() -> None:
    members = [{"member_id": f"m{i}", "display_name": f"M{i}", "department": "Sales",
                "joined_at": "2026-01-01T00:00:00Z"} for i in range(6)]
    members.append({"member_id": "x", "display_name": "X", "department": "Legal", "joined_at": "2026-01-01T00:00:00Z"})
    table = series.department_activity(frames_from_records(members=members), Profile(name="p", timezone=TZ),
                                       periods.parse("2026-10", TZ))
    assert table["department"].tolist() == ["Sales"] and table["members"].tolist() == [6]
