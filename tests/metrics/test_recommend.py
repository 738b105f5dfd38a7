"""Recommendations: 3–8 bilingual suggestions whose figures are the document's own values."""

from __future__ import annotations

from typing import Any

from workbook import metrics
from workbook.periods import Period
from workbook.profile import Profile
from workbook.recommend import recommend
from workbook.snapshot.build import period_document
from workbook.store import frames_from_records


def _check(document: dict[str, Any]) -> list[dict[str, Any]]:
    suggestions = document["recommendations"]
    assert 3 <= len(suggestions) <= 8
    for s in suggestions:
        assert s["zh-CN"] and s["en"] and s["figures"]
        for key, value in s["figures"].items():
            assert metrics.resolve(document, key) == value, (s["id"], key)
    return suggestions


def test_fixture_suggestions(document: dict[str, Any]) -> None:
    by_id = {s["id"]: s for s in _check(document)}
    # G1 progress 0.389 < elapsed 0.5; m4 went quiet; 1 of 2 questions unanswered.
    assert by_id["goal_off_track"]["figures"] == {"goals.G1.progress": document["goals"][0]["progress"],
                                                  "goals.G1.elapsed": 0.5}
    assert "m4" in by_id["dormant"]["en"]
    # Workshop (82.5) below webinar (100); E1's weakest scaled component is application (3.5 → 0.625).
    assert by_id["event_kind"]["figures"]["events.E1.application_avg"] == 3.5
    # Video median attention 2/9 vs text 1/9.
    assert set(by_id["content_format"]["figures"]) == {"content_summary.median_attention.video",
                                                       "content_summary.median_attention.text"}
    assert "m1" in by_id["repeat_offenders"]["zh-CN"]


def test_recommend_uses_only_the_document(document: dict[str, Any]) -> None:
    assert recommend(document) == document["recommendations"]


def test_quiet_period_still_gets_three(profile: Profile, october: Period) -> None:
    document = period_document(frames_from_records(), profile, october)
    assert [s["id"] for s in _check(document)] == ["no_members", "no_event_data", "core_members"]


def test_a_long_list_of_members_says_how_many_more_in_each_language(document: dict[str, Any]) -> None:
    from workbook.recommend import dormant

    quiet = [f"m{n:02d}" for n in range(13)]
    doc = {**document, "engagement": {**document["engagement"], "dormant": 13, "dormant_member_ids": quiet}}
    (suggestion,) = dormant(doc)
    first_ten = ", ".join(quiet[:10])
    assert suggestion["en"].endswith(f"contact them one by one: {first_ten} and 3 more.")
    assert suggestion["zh-CN"].endswith(f"请逐一私信联系：{first_ten} 等另外 3 人。")
    assert suggestion["members"] == quiet[:10]  # what a report replaces by names (report.tables.recommendations)
    short = dormant({**doc, "engagement": {**doc["engagement"], "dormant": 2, "dormant_member_ids": quiet[:2]}})
    assert short[0]["en"].endswith("contact them one by one: m00, m01.")
