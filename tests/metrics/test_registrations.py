"""Event planning figures (workbook.metrics.registrations) on a small October, worked out by hand.

E1 (capacity 4, cost 600): registrations m1, m2, m3; attendance m1 registered+attended, m2 registered only,
  m4 registered+attended (no registrations row), m5 walked in (attended, not registered).
  → sign_ups {m1, m2, m3, m4} = 4, fill 4/4 = 1.0, places left 0; attended m1, m4, m5 = 3;
    no-shows m2, m3 = 2 → 2/4 = 0.5; cost per attendee 600/3 = 200. METRICS.md `registered` stays 3.
E2 (capacity 10, cost 300): registration m1 only, nobody attended → sign_ups 1, fill 0.1, places left 9,
  no-shows 1 → 1.0, cost per attendee blank (no attendees).
E3 (capacity 0, no cost, nobody): sign_ups 0, fill blank (capacity 0), places left 0, no-show rate blank,
  cost per attendee blank.
E0 is in September: its registrations count nowhere in October.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.metrics.conftest import TZ, local, member
from workbook import periods
from workbook.metrics import compute
from workbook.metrics.registrations import planning_figures
from workbook.profile import Profile
from workbook.store import frames_from_records


def event(eid: str, when: str, capacity: int | None, cost: float | None) -> dict[str, Any]:
    return {"event_id": eid, "title": f"Event {eid}", "kind": "workshop", "mode": "offline",
            "starts_at": local(when), "capacity": capacity, "cost": cost}


def registration(eid: str, who: str, when: str = "2026-10-01 09:00") -> dict[str, Any]:
    return {"event_id": eid, "member_id": who, "registered_at": local(when), "source": "form"}


def attendance(eid: str, who: str, registered: bool, attended: bool) -> dict[str, Any]:
    return {"event_id": eid, "member_id": who, "registered": registered, "attended": attended}


EVENTS = [event("E0", "2026-09-20 19:00", 5, 100), event("E1", "2026-10-10 19:00", 4, 600),
          event("E2", "2026-10-20 19:00", 10, 300), event("E3", "2026-10-25 19:00", 0, None)]
REGISTRATIONS = [registration("E0", "m1"), registration("E0", "m2"), registration("E1", "m1"),
                 registration("E1", "m2"), registration("E1", "m3"), registration("E2", "m1")]
ATTENDANCE = [attendance("E0", "m1", True, True), attendance("E1", "m1", True, True),
              attendance("E1", "m2", True, False), attendance("E1", "m4", True, True),
              attendance("E1", "m5", False, True)]
MEMBERS = [member(f"m{i}", "2026-01-01 09:00") for i in range(1, 6)]


@pytest.fixture
def document() -> dict[str, Any]:
    frames = frames_from_records(members=MEMBERS, events=EVENTS, registrations=REGISTRATIONS,
                                 attendance=ATTENDANCE)
    return compute(frames, Profile(name="planning", timezone=TZ), periods.parse("2026-10", TZ))


def test_every_figure_by_hand(document: dict[str, Any]) -> None:
    rows = {e["event_id"]: e for e in document["events"]}
    assert set(rows) == {"E1", "E2", "E3"}
    figures = ("capacity", "cost", "sign_ups", "fill_rate", "places_left", "no_shows", "no_show_rate",
               "cost_per_attendee")
    assert {k: rows["E1"][k] for k in figures} == {
        "capacity": 4, "cost": 600.0, "sign_ups": 4, "fill_rate": 1.0, "places_left": 0, "no_shows": 2,
        "no_show_rate": 0.5, "cost_per_attendee": 200.0}
    assert {k: rows["E2"][k] for k in figures} == {
        "capacity": 10, "cost": 300.0, "sign_ups": 1, "fill_rate": 0.1, "places_left": 9, "no_shows": 1,
        "no_show_rate": 1.0, "cost_per_attendee": None}
    assert {k: rows["E3"][k] for k in figures} == {
        "capacity": 0, "cost": None, "sign_ups": 0, "fill_rate": None, "places_left": 0, "no_shows": 0,
        "no_show_rate": None, "cost_per_attendee": None}


def test_metrics_md_figures_unchanged(document: dict[str, Any]) -> None:
    e1 = next(e for e in document["events"] if e["event_id"] == "E1")
    assert (e1["registered"], e1["attended"], e1["attendance_rate"]) == (3, 3, 1.0)


def test_overbooked_event_has_negative_places_left() -> None:
    frames = frames_from_records(events=[event("E9", "2026-10-10 19:00", 1, None)],
                                 registrations=[registration("E9", "m1"), registration("E9", "m2")])
    figures = planning_figures(frames.events, frames.registrations, frames.attendance)["E9"]
    assert (figures["sign_ups"], figures["fill_rate"], figures["places_left"]) == (2, 2.0, -1)
