"""Plan warnings: format runs and cadence gaps on a hand-made October plan."""

from __future__ import annotations

from datetime import date

from workbook.forms.cadence import PlanWarning, Slot, gaps, monotony, plan_warnings

OCT1, OCT31 = date(2026, 10, 1), date(2026, 10, 31)


def _slot(day: int, fmt: str, status: str = "planned") -> Slot:
    return Slot(f"s{day}", date(2026, 10, day), fmt, status)


def test_three_in_a_row_of_one_format_is_monotony() -> None:
    slots = [_slot(1, "text"), _slot(5, "text"), _slot(9, "text"), _slot(13, "video"), _slot(17, "text")]
    assert monotony(slots) == [PlanWarning("monotony", {"format": "text", "count": 3, "first": date(2026, 10, 1),
                                                        "last": date(2026, 10, 9)})]


def test_cancelled_slots_break_nothing_and_count_for_nothing() -> None:
    slots = [_slot(1, "text"), _slot(5, "video", "cancelled"), _slot(9, "text"), _slot(13, "text")]
    # The cancelled video is ignored, so text runs 1 → 9 → 13 (3 in a row).
    assert [w.values["count"] for w in monotony(slots)] == [3]


def test_gaps_longer_than_a_week_including_the_edges() -> None:
    # Slots on 3rd, 8th, 20th: gaps are Oct 9–19 (11 empty days) and Oct 21–31 (11 days); 1–2 and 4–7 are short.
    slots = [_slot(3, "text"), _slot(8, "video"), _slot(20, "image")]
    assert gaps(slots, OCT1, OCT31) == [
        PlanWarning("gap", {"first": date(2026, 10, 9), "last": date(2026, 10, 19), "days": 11}),
        PlanWarning("gap", {"first": date(2026, 10, 21), "last": date(2026, 10, 31), "days": 11})]


def test_a_weekly_mixed_plan_has_no_warning() -> None:
    formats = ["text", "video", "text", "image", "text"]
    slots = [_slot(day, fmt) for day, fmt in zip((1, 8, 15, 22, 29), formats, strict=True)]
    # Between consecutive slots 6 empty days, 29 → 31 two: none over 7.
    assert plan_warnings(slots, OCT1, OCT31) == []


def test_an_empty_plan_is_one_gap() -> None:
    assert gaps([], OCT1, OCT31) == [PlanWarning("gap", {"first": OCT1, "last": OCT31, "days": 31})]
