"""Event planning figures per event: sign-ups against capacity, no-shows and cost per attendee.

METRICS.md does not define these; they are defined here and in the events report's glossary:
- `sign_ups`: distinct members registered for the event — a `registrations` row for it, or an attendance row
  with `registered` true (staff included, as METRICS.md counts `registered`);
- `fill_rate`: sign_ups / capacity (null without a capacity or with capacity 0);
- `places_left`: capacity − sign_ups (negative when overbooked; null without a capacity);
- `no_shows`: signed-up members with no attendance row marked `attended`;
- `no_show_rate`: no_shows / sign_ups (null with no sign-ups);
- `cost_per_attendee`: cost / attended, attended as METRICS.md counts it (null without a cost or attendees).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from workbook.metrics.context import number, ratio

FIGURES = ("capacity", "cost", "sign_ups", "fill_rate", "places_left", "no_shows", "no_show_rate",
           "cost_per_attendee")


def signed_up(registrations: pd.DataFrame, attendance: pd.DataFrame) -> pd.DataFrame:
    """Columns event_id, member_id: one row per member registered for an event by either source."""
    from_attendance = attendance.loc[attendance["registered"], ["event_id", "member_id"]]
    both = pd.concat([registrations[["event_id", "member_id"]], from_attendance], ignore_index=True)
    return both.drop_duplicates(ignore_index=True)


def _whole(value: object) -> int | None:
    found = number(value)
    return None if found is None else int(found)


def planning_figures(events: pd.DataFrame, registrations: pd.DataFrame,
                     attendance: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """event_id → the figures of the module docstring, for every event of `events`."""
    mine = attendance.loc[attendance["event_id"].isin(events["event_id"])]
    signed = signed_up(registrations.loc[registrations["event_id"].isin(events["event_id"])], mine)
    went = set(zip(mine.loc[mine["attended"], "event_id"], mine.loc[mine["attended"], "member_id"], strict=True))
    attended = mine.loc[mine["attended"]].groupby("event_id").size()
    by_event = {eid: list(rows) for eid, rows in signed.groupby("event_id")["member_id"]}
    figures: dict[str, dict[str, Any]] = {}
    for event in events.itertuples(index=False):
        members = by_event.get(event.event_id, [])
        capacity, cost = _whole(event.capacity), number(event.cost)
        sign_ups = len(members)
        no_shows = sum((event.event_id, m) not in went for m in members)
        attendees = int(attended.get(event.event_id, 0))
        figures[event.event_id] = {
            "capacity": capacity, "cost": cost, "sign_ups": sign_ups,
            "fill_rate": ratio(sign_ups, capacity) if capacity else None,
            "places_left": capacity - sign_ups if capacity is not None else None,
            "no_shows": no_shows, "no_show_rate": ratio(no_shows, sign_ups),
            "cost_per_attendee": ratio(cost, attendees) if cost is not None else None,
        }
    return figures
