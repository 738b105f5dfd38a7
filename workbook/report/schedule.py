"""run-due: every closed, enabled period of every client that has no complete pack yet, under one file lock."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

import pandas as pd

from workbook import paths
from workbook.periods import Period, last_closed, month, week

if TYPE_CHECKING:
    from workbook.report.pack import PackResult

LOCK_NAME = ".run-due.lock"
DATA_COLUMNS = (("members", "joined_at"), ("messages", "sent_at"), ("events", "starts_at"),
                ("content", "published_at"), ("applicants", "applied_at"), ("interactions", "at"))


@contextmanager
def exclusive(lock_name: str = LOCK_NAME) -> Iterator[None]:
    """Hold reports/.run-due.lock; a second run-due waits, then finds the work done."""
    root = paths.reports_root()
    root.mkdir(parents=True, exist_ok=True)
    with (root / lock_name).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def first_data(client: str) -> pd.Timestamp | None:
    """Earliest moment in any of the client's time-stamped tables (UTC), or None without data."""
    import sqlalchemy as sa

    from workbook import store

    eng = store.engine(client)
    earliest: list[pd.Timestamp] = []
    with eng.connect() as conn:
        for table_name, column in DATA_COLUMNS:
            table = store.SA_TABLES[table_name]
            value = conn.execute(sa.select(sa.func.min(table.c[column])).where(table.c.client == client)).scalar()
            if value is not None:
                earliest.append(pd.Timestamp(value, tz="UTC") if pd.Timestamp(value).tzinfo is None
                                else pd.Timestamp(value).tz_convert("UTC"))
    return min(earliest) if earliest else None


def closed_periods(kind: Literal["month", "week"], since: pd.Timestamp, now: datetime, timezone: str) -> list[Period]:
    """Periods of `kind` from the one holding `since` to the last closed before `now`, oldest first."""
    last = last_closed(kind, now, timezone)
    first_day = since.tz_convert(timezone).date()
    if kind == "month":
        period = month(first_day.year, first_day.month, timezone)
    else:
        iso = first_day.isocalendar()
        period = week(iso.year, iso.week, timezone)
    periods = []
    while period.start <= last.start:
        periods.append(period)
        period = period.next()
    return periods


def due_periods(client: str, now: datetime) -> list[str]:
    """Labels of the client's closed, enabled periods without a complete pack."""
    from workbook.profile import load_profile
    from workbook.report.pack import is_reported

    profile = load_profile(client)
    since = first_data(client)
    if since is None:
        return []
    kinds: list[Literal["month", "week"]] = [k for k, on in (("month", profile.schedule.monthly),
                                                             ("week", profile.schedule.weekly)) if on]
    labels = [p.label for kind in kinds for p in closed_periods(kind, since, now, profile.timezone)]
    return [label for label in labels if not is_reported(client, label)]


def run_due(now: datetime | None = None, parallel: int = 2) -> list[PackResult]:
    """Run each due pack once, oldest first; idempotent and safe when two run at once."""
    from workbook.report.pack import run_pack

    moment = now or datetime.now(UTC)  # a naive `now` is read in each client's time zone
    results: list[PackResult] = []
    with exclusive():
        for client in paths.list_clients():
            for label in due_periods(client, moment):
                results.append(run_pack(client, label, parallel=parallel))
    return results
