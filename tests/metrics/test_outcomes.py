"""Outcomes beside activity tiers and departments, worked out by hand for October 2026 (min group size 3)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from tests.metrics.test_stories import local, person, said
from workbook import periods
from workbook.metrics import outcomes
from workbook.metrics.context import Context
from workbook.profile import Privacy, Profile
from workbook.store import frames_from_records

DEPARTMENTS = {**{f"m{i:02d}": "Sales" for i in range(1, 9)}, "m09": "HR", "m10": "HR", "m11": "HR", "m12": "Legal"}
MEMBERS = [person(m, m.upper(), "2026-03-01 09:00") | {"department": d} for m, d in DEPARTMENTS.items()]
# Heavy (≥ 2 messages): m01–m04; contributors (1): m05–m07; lurkers: m08–m12.
MESSAGES = [*(said(f"{m}-{k}", m, f"2026-10-0{k + 1} 09:00", "hi") for m in ("m01", "m02", "m03", "m04")
              for k in range(2)),
            *(said(f"{m}-0", m, "2026-10-05 09:00", "hi") for m in ("m05", "m06", "m07"))]
EVENTS = [{"event_id": "E1", "title": "Talk", "kind": "webinar", "starts_at": local("2026-10-10 20:00")}]
ATTENDANCE = [{"event_id": "E1", "member_id": "m09", "registered": True, "attended": True}]


def row(subject: str, measure: str, value: float, as_of: str, scope: str | None = None,
        level: str | None = None) -> dict[str, object]:
    return {"subject": subject, "scope": scope, "measure": measure, "value": value, "as_of": date.fromisoformat(as_of),
            "level": level}


OUTCOMES = pd.DataFrame([
    row("m01", "manager_rating", 1, "2026-09-30", "member", "L3"),   # older: replaced by the next row
    row("m01", "manager_rating", 4, "2026-10-31", "member", "L3"),
    row("m01", "manager_rating", 1, "2026-11-15", "member", "L3"),   # after October: not yet
    row("m02", "manager_rating", 5, "2026-10-31", "member", "L3"),
    row("m03", "manager_rating", 4, "2026-10-31"), row("m04", "manager_rating", 3, "2026-10-31"),
    row("m05", "manager_rating", 5, "2026-10-31"), row("m06", "manager_rating", 5, "2026-10-31"),  # 2 → too few
    row("m08", "manager_rating", 2, "2026-10-31"), row("m09", "manager_rating", 3, "2026-10-31"),
    row("m10", "manager_rating", 3, "2026-10-31"), row("m11", "manager_rating", 4, "2026-10-31"),
    row("x99", "manager_rating", 4, "2026-10-31"),                   # no such member
    row("Sales", "sales_kpi", 120, "2026-10-31", "department", "L4"),
    row("HR", "sales_kpi", 80, "2026-10-31", "department", "L4"),
    row("Legal", "sales_kpi", 50, "2026-10-31", "department", "L4"),  # one member: left out
])
PROFILE = Profile(name="outcomes", timezone="Asia/Shanghai", heavy_poster_min_messages=2,
                  privacy=Privacy(min_group_size=3))


def context() -> Context:
    frames = frames_from_records(members=MEMBERS, messages=MESSAGES, events=EVENTS, attendance=ATTENDANCE)
    return Context(frames, PROFILE, periods.parse("2026-10", "Asia/Shanghai"))


def test_tiers() -> None:
    tiers = outcomes.member_tiers(context())
    assert tiers.value_counts().to_dict() == {"lurkers": 5, "heavy": 4, "contributors": 3}


def test_outcome_by_tier_with_small_groups_left_out() -> None:
    table = outcomes.by_tier(context(), OUTCOMES)
    # heavy: 4, 5, 4, 3 → mean 4.0, median 4.0; lurkers m08–m11: 2, 3, 3, 4 → mean 3.0, median 3.0;
    # contributors m05, m06 (2 < 3) fold into "other", itself under 3 → left out.
    assert table.to_dict("records") == [
        {"measure": "manager_rating", "level": "L3", "tier": "lurkers", "members": 4, "mean": 3.0, "median": 3.0},
        {"measure": "manager_rating", "level": "L3", "tier": "heavy", "members": 4, "mean": 4.0, "median": 4.0}]
    assert outcomes.unmatched(context(), OUTCOMES) == ["x99"]


def test_outcome_by_department() -> None:
    table, left_out = outcomes.by_department(context(), OUTCOMES)
    # Sales: 8 members, active m01–m07 → 7/8; HR: 3 members, m09 attended E1 → 1/3; Legal (1 member) left out.
    assert table.to_dict("records") == [
        {"measure": "sales_kpi", "level": "L4", "department": "HR", "members": 3, "active_rate": 1 / 3,
         "value": 80.0},
        {"measure": "sales_kpi", "level": "L4", "department": "Sales", "members": 8, "active_rate": 0.875,
         "value": 120.0}]
    assert left_out == 1


def test_no_outcomes() -> None:
    empty = OUTCOMES.iloc[0:0]
    assert outcomes.by_tier(context(), empty).empty and outcomes.by_department(context(), empty)[0].empty
