"""Computing a period snapshot from the store: the document, the previous period's and every chart table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine

from workbook import recommend, store
from workbook.metrics import compute, culture_records, series, voice
from workbook.periods import Period
from workbook.profile import Profile
from workbook.snapshot import columnar, window
from workbook.store import Frames

# Chart tables kept in a snapshot: name → builder(frames, profile, period, document).
TableBuilder = Callable[[Frames, Profile, Period, dict[str, Any]], pd.DataFrame]
TABLES: dict[str, TableBuilder] = {
    "daily_posters": lambda f, p, pe, d: series.daily_posters(f, p, pe),
    "weekly_active": lambda f, p, pe, d: series.weekly_active(f, p, pe),
    "posting_heatmap": lambda f, p, pe, d: series.posting_heatmap(f, p, pe),
    "cohort_retention": lambda f, p, pe, d: series.cohort_retention(f, p, pe),
    "department_activity": lambda f, p, pe, d: series.department_activity(f, p, pe),
    "recruitment_funnel": lambda f, p, pe, d: series.recruitment_funnel(f, p, pe),
    "screening_distribution": lambda f, p, pe, d: series.screening_distribution(f, p, pe),
    "content_calendar": lambda f, p, pe, d: series.content_calendar(f, p, pe),
    "attention_by_format": lambda f, p, pe, d: series.attention_by_format(f, p, pe, document=d),
    "event_components": lambda f, p, pe, d: series.event_components(f, p, pe, document=d),
    "goal_trajectories": lambda f, p, pe, d: series.goal_trajectories(f, p, pe),
    "leaderboard": lambda f, p, pe, d: series.leaderboard(f, p, pe, document=d),
    "core_members": lambda f, p, pe, d: series.core_members(f, p, pe, document=d),
    "milestones": lambda f, p, pe, d: series.milestones(f, p, pe, document=d),
    "people": lambda f, p, pe, d: series.people(f, p),
    "goals": lambda f, p, pe, d: series.goal_list(f),
    "accepted_stories": lambda f, p, pe, d: culture_records.accepted_stories(f, p, pe),
    "core_roster": lambda f, p, pe, d: culture_records.core_roster(f, p, pe),
    "outcome_tiers": lambda f, p, pe, d: culture_records.outcome_tiers(f, p, pe),
    "outcome_departments": lambda f, p, pe, d: culture_records.outcome_departments(f, p, pe),
    "outcome_gaps": lambda f, p, pe, d: culture_records.outcome_gaps(f, p, pe),
}


def period_document(frames: Frames, profile: Profile, period: Period) -> dict[str, Any]:
    """The METRICS.md document of `period` with its next-period recommendations (recommend.py)."""
    document = compute(frames, profile, period)
    document["recommendations"] = recommend.recommend(document)
    return document


def needed_periods(eng: Engine, client: str, profile: Profile, period: Period, full: bool) -> list[Period]:
    """The periods whose figures a snapshot holds: P; with `full` also prev(P) and each goal's months."""
    if not full:
        return [period]
    goals = columnar.read_all(eng, client, "goals")
    months = series.goal_months(goals, period) if len(goals) else []
    return [period, period.prev(), *months]


# The last full windowed read of this process, by what it was read for: a pack reads its period's window for the
# snapshot and then again for the breakdowns of its cross-filter (report.breakdowns), a million-message store in
# seconds each time. Frames are read-only to all their readers (the metrics are pure functions), so one is shared.
_LAST: dict[str, tuple[tuple[object, ...], Frames]] = {}


def frames_for(eng: Engine, client: str, profile: Profile, period: Period, full: bool) -> Frames:
    """The windowed read that covers everything the snapshot (or the document alone) needs."""
    key = (str(eng.url), client, store.revision(eng, client), profile.model_dump_json(), period.label,
           period.timezone) if full else None
    if key is not None and (last := _LAST.get("full")) is not None and last[0] == key:
        return last[1]
    periods = needed_periods(eng, client, profile, period, full)
    frames = window.load(eng, client, window.window_for(periods, profile), alongside=lambda: voice.prepare(profile))
    if key is not None:
        _LAST["full"] = (key, frames)
    return frames


def tables(frames: Frames, profile: Profile, period: Period, document: dict[str, Any]) -> dict[str, pd.DataFrame]:
    return {name: build(frames, profile, period, document) for name, build in TABLES.items()}
