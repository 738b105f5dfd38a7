"""What a period's figures need from the store, declared in one place, and the windowed read that loads it.

Every figure of a period P looks at P itself plus a look-back or look-ahead of its own:

| figure | needs |
|---|---|
| engagement.dormant, voice prev_count, `previous` document | prev(P), full rows |
| events activity_lift | 14 days before P's first event to 14 days after its last (events.LIFT_WINDOW) |
| engagement.activation_rate_7d | 7 days after P for newcomers of P |
| culture.core_members | the `core_members.window_days` ending with P, all activity |
| weekly_active chart | CONTEXT_WEEKS ISO weeks before P |
| goal trajectories | every month from the first goal's start (each with its own prev month) |
| questions answered, most answered | replies to P's questions, however late |
| points, cohorts, first posts | every message and reaction before P's end: only who, when, whether a reply |

So messages are read in full within [detail_from, until) — plus late replies to the questioned range — and
before `detail_from` only as (member_id, sent_at, reply flag); interactions in full within the window and only
reactions before it; the other tables (events, members, feedback …) are small and read whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from workbook import forked
from workbook.metrics.context import REACTIONS
from workbook.metrics.events import LIFT_WINDOW
from workbook.metrics.series import CONTEXT_WEEKS
from workbook.periods import Period
from workbook.profile import Profile
from workbook.snapshot import columnar
from workbook.snapshot.columnar import Between, Query
from workbook.store import Frames

ACTIVATION_WINDOW = pd.Timedelta(days=7)
WHOLE_TABLES = ("members", "events", "attendance", "feedback", "content", "applicants", "goals", "content_plan",
                "event_scores", "quiz_results", "points_adjustments", "redemptions", "registrations", "stories",
                "core_roles", "core_tasks", "mentoring", "outcomes")
HISTORY_COLUMNS = ("member_id", "sent_at")
READERS = 3  # reader threads at most (one per core)


@dataclass(frozen=True)
class Window:
    """Full rows from `detail_from` up to `until`; replies to messages of [asked_from, asked_until) at any time."""

    detail_from: pd.Timestamp
    until: pd.Timestamp
    asked_from: pd.Timestamp
    asked_until: pd.Timestamp


def _lookback_start(period: Period, profile: Profile) -> pd.Timestamp:
    """Earliest instant any figure of `period` reads in full."""
    prev = period.prev()
    core_days = profile.core_members.window_days
    core_start = pd.Timestamp(period.end - timedelta(days=core_days - 1)).tz_localize(period.timezone)
    monday = period.start - timedelta(days=period.start.weekday())
    weeks_start = pd.Timestamp(monday - timedelta(weeks=CONTEXT_WEEKS)).tz_localize(period.timezone)
    return min(prev.start_at, period.start_at - LIFT_WINDOW, core_start, weeks_start)


def window_for(periods: Iterable[Period], profile: Profile) -> Window:
    """The window covering every figure of every period given (a period, its prev, goal months …)."""
    chosen = list(periods)
    return Window(detail_from=min(_lookback_start(p, profile) for p in chosen),
                  until=max(p.end_at for p in chosen) + max(LIFT_WINDOW, ACTIVATION_WINDOW),
                  asked_from=min(p.start_at for p in chosen), asked_until=max(p.end_at for p in chosen))


def _message_queries(window: Window) -> list[Query]:
    full = columnar.all_columns("messages")
    return [
        Query("messages", full, Between("sent_at", window.detail_from, window.until)),
        Query("messages", full, Between("sent_at", window.until),
              replying_to=Between("sent_at", window.asked_from, window.asked_until)),
        Query("messages", HISTORY_COLUMNS, Between("sent_at", None, window.detail_from), flags=("reply_to",)),
    ]


def _interaction_queries(window: Window) -> list[Query]:
    full = columnar.all_columns("interactions")
    return [
        Query("interactions", full, Between("at", window.detail_from, window.until)),
        Query("interactions", full, Between("at", None, window.detail_from), only=("action", REACTIONS)),
    ]


def _blank(dtype: object, index: pd.Index) -> pd.Series:
    """A column of `dtype` holding its empty value; integers are the row version, 1 for rows never edited."""
    if pd.api.types.is_object_dtype(dtype):
        return pd.Series(np.full(len(index), None, dtype=object), index=index)
    if pd.api.types.is_integer_dtype(dtype):
        return pd.Series(1, index=index, dtype=dtype)
    if pd.api.types.is_bool_dtype(dtype):
        return pd.Series(False, index=index, dtype=dtype)
    if pd.api.types.is_float_dtype(dtype):
        return pd.Series(np.nan, index=index, dtype=dtype)
    if isinstance(dtype, pd.DatetimeTZDtype):
        return pd.Series(pd.NaT, index=index, dtype=dtype)
    return pd.Series([None] * len(index), index=index, dtype=object).astype(dtype)


def _stack(parts: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    """Parts one under the other with every column of the first (full) part; the columns a history part lacks
    hold that type's empty value (None, NaN, NaT, False)."""
    template = parts[0]
    shaped = []
    for part in parts:
        for name in columns:
            if name not in part:
                part[name] = _blank(template[name].dtype, part.index)
        shaped.append(part[columns])
    kept = [p for p in shaped if len(p)] or [template]
    return pd.concat(kept, ignore_index=True) if len(kept) > 1 else kept[0].reset_index(drop=True)


def _fork_read(eng: Engine, client: str, query: Query) -> forked.Pending | None:
    """The history read (every older message's who, when and reply flag: half the rows) started in a forked
    child on SQLite, where the threads' reads gain little from a second core; None where no child can be used."""
    if eng.dialect.name != "sqlite" or not eng.url.database or eng.url.database == ":memory:":
        return None
    database = eng.url.database
    return forked.start(lambda: columnar.packed_from_file(database, query, client))


def load(eng: Engine, client: str, window: Window | None, alongside: Callable[[], object] | None = None) -> Frames:
    """The frames a window's figures need; `window=None` reads every row (the reference the tests compare to).

    The reads run on worker threads — SQLite and PostgreSQL release the GIL while they work — and `alongside`
    (a cost of the computation to come, such as loading a dictionary) runs meanwhile in the calling thread.
    """
    if window is None:
        messages = [Query("messages", columnar.all_columns("messages"))]
        interactions = [Query("interactions", columnar.all_columns("interactions"))]
    else:
        messages, interactions = _message_queries(window), _interaction_queries(window)
    whole = [Query(name, columnar.all_columns(name)) for name in WHOLE_TABLES]
    history = next((q for q in messages if q.flags), None)
    forked_read = _fork_read(eng, client, history) if history is not None else None
    here = [q for q in [*messages, *interactions, *whole] if forked_read is None or q is not history]
    with ThreadPoolExecutor(max_workers=min(READERS, os.cpu_count() or 1)) as pool:
        # Biggest first, so the small tables fill the gaps at the end.
        pending = {id(q): pool.submit(columnar.read, eng, client, q) for q in here}
        if alongside is not None:
            alongside()
        read = {key: future.result() for key, future in pending.items()}
    if forked_read is not None and history is not None:
        done, packed = forked_read.result()
        read[id(history)] = columnar.read(eng, client, history, packed if done else None)
    return Frames(**{q.table: read[id(q)] for q in whole},
                  messages=_stack([read[id(q)] for q in messages], columnar.all_columns("messages")),
                  interactions=_stack([read[id(q)] for q in interactions], columnar.all_columns("interactions")))
