"""Warnings on a content plan: the same format too many times in a row, and gaps in the publishing cadence."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

MONOTONY_RUN = 3
MAX_GAP_DAYS = 7


@dataclass(frozen=True)
class Slot:
    slot_id: str
    due: date
    format: str | None
    status: str = "planned"


@dataclass(frozen=True)
class PlanWarning:
    kind: Literal["monotony", "gap"]
    values: dict[str, object] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"form.plan.warning.{self.kind}"


def monotony(slots: list[Slot], run: int = MONOTONY_RUN) -> list[PlanWarning]:
    """One warning per run of `run` or more consecutive slots (by due date) sharing a format."""
    ordered = sorted((s for s in slots if s.status != "cancelled" and s.format), key=lambda s: (s.due, s.slot_id))
    warnings: list[PlanWarning] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1].format == ordered[i].format:
            j += 1
        if j - i + 1 >= run:
            warnings.append(PlanWarning("monotony", {"format": ordered[i].format, "count": j - i + 1,
                                                     "first": ordered[i].due, "last": ordered[j].due}))
        i = j + 1
    return warnings


def gaps(slots: list[Slot], start: date, end: date, max_gap: int = MAX_GAP_DAYS) -> list[PlanWarning]:
    """Stretches of more than `max_gap` days inside [start, end] with no slot (the edges count as stretches)."""
    days = sorted({s.due for s in slots if s.status != "cancelled" and start <= s.due <= end})
    # Edges: the day before start and the day after end act as virtual slots, so an empty
    # first or last week of the window is a gap too.
    marks = [start.fromordinal(start.toordinal() - 1), *days, end.fromordinal(end.toordinal() + 1)]
    warnings = []
    for before, after in itertools.pairwise(marks):
        empty_days = (after - before).days - 1
        if empty_days > max_gap:
            first = before.fromordinal(before.toordinal() + 1)
            last = after.fromordinal(after.toordinal() - 1)
            warnings.append(PlanWarning("gap", {"first": first, "last": last, "days": empty_days}))
    return warnings


def plan_warnings(slots: list[Slot], start: date, end: date, *, run: int = MONOTONY_RUN,
                  max_gap: int = MAX_GAP_DAYS) -> list[PlanWarning]:
    """Format monotony over the whole plan, then cadence gaps inside [start, end]."""
    return [*monotony(slots, run), *gaps(slots, start, end, max_gap)]
