"""run-due: the closed, enabled periods of each client without a complete pack, planned and run in turns.

Catch-up goes back `schedule.catch_up` periods of each kind unless `--since` asks for older ones; clients take
turns so one client's backlog cannot starve the others; a period whose pack failed waits out a back-off.
"""

from __future__ import annotations

import fcntl
import json
import statistics
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import chain, zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

import pandas as pd

from workbook import paths
from workbook.periods import Period, last_closed, month, week

if TYPE_CHECKING:
    from workbook.report.pack import PackResult

Kind = Literal["month", "week"]
KINDS: tuple[Kind, ...] = ("month", "week")
DATA_COLUMNS = (("members", "joined_at"), ("messages", "sent_at"), ("events", "starts_at"),
                ("content", "published_at"), ("applicants", "applied_at"), ("interactions", "at"))
# Until a client has a finished pack to measure, a 7-notebook pack at two kernels takes about this long here.
DEFAULT_PACK_SECONDS = 45.0
BACKOFF_FIRST, BACKOFF_MAX = timedelta(hours=1), timedelta(hours=24)


@dataclass(frozen=True)
class Selection:
    """What an operator asked run-due for; None means everything."""

    clients: tuple[str, ...] | None = None
    kinds: tuple[Kind, ...] | None = None
    since: date | None = None
    until: date | None = None
    max_packs: int | None = None
    backoff: bool = True


@dataclass(frozen=True)
class Due:
    client: str
    period: Period
    estimate: float


@dataclass(frozen=True)
class Waiting:
    """A period whose last `attempts` runs failed; run-due tries it again from `retry_at`."""

    client: str
    label: str
    attempts: int
    retry_at: datetime


@dataclass
class Plan:
    due: list[Due] = field(default_factory=list)
    waiting: list[Waiting] = field(default_factory=list)
    left_over: list[Due] = field(default_factory=list)
    busy: list[str] = field(default_factory=list)
    clients: int = 0

    @property
    def estimate(self) -> float:
        return sum(d.estimate for d in self.due)


class Listener:
    """What run-due tells as it goes; the CLI prints it (workbook.report.progress)."""

    def planned(self, plan: Plan) -> None: ...

    def cleaned(self, folders: int) -> None: ...

    def started(self, due: Due, index: int, total: int) -> None: ...

    def finished(self, due: Due, result: PackResult) -> None: ...


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


def _period_holding(kind: Kind, day: date, timezone: str) -> Period:
    if kind == "month":
        return month(day.year, day.month, timezone)
    iso = day.isocalendar()
    return week(iso.year, iso.week, timezone)


def closed_periods(kind: Kind, since: pd.Timestamp, now: datetime, timezone: str) -> list[Period]:
    """Periods of `kind` from the one holding `since` to the last closed before `now`, oldest first."""
    last = last_closed(kind, now, timezone)
    period = _period_holding(kind, since.tz_convert(timezone).date(), timezone)
    periods = []
    while period.start <= last.start:
        periods.append(period)
        period = period.next()
    return periods


def window(kind: Kind, first: pd.Timestamp, now: datetime, timezone: str, catch_up: int,
           since: date | None = None, until: date | None = None) -> list[Period]:
    """The closed periods of `kind` run-due considers: those inside [since, until], or without `since` the
    last `catch_up` of them up to `until`; never one before the client's first data."""
    periods = [p for p in closed_periods(kind, first, now, timezone) if until is None or p.end <= until]
    if since is not None:
        return [p for p in periods if p.start >= since]
    return periods[-catch_up:]


def _aware(now: datetime, timezone: str) -> datetime:
    return now if now.tzinfo else now.replace(tzinfo=ZoneInfo(timezone))


def waiting_since(client: str, label: str, now: datetime) -> Waiting | None:
    """The back-off a failed period is still in (1 h after the first failure, doubling up to 24 h), or None."""
    from workbook.report.index import FAILED_SUFFIX
    from workbook.report.pack import failed_attempts

    attempts, finished = failed_attempts(paths.client_reports_dir(client) / f"{label}{FAILED_SUFFIX}")
    if not attempts or finished is None:
        return None
    retry_at = finished + min(BACKOFF_FIRST * 2 ** (attempts - 1), BACKOFF_MAX)
    return Waiting(client, label, attempts, retry_at) if now < retry_at else None


def estimate_seconds(client: str) -> float | None:
    """Median time of the client's finished packs (pack.json `seconds`), or None before the first."""
    from workbook.report.index import PACK_FILE

    seconds = []
    for marker in paths.client_reports_dir(client).glob(f"*/{PACK_FILE}"):
        try:
            pack = json.loads(marker.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if pack.get("status") == "ok" and isinstance(pack.get("seconds"), int | float):
            seconds.append(float(pack["seconds"]))
    return statistics.median(seconds) if seconds else None


def interleave(queues: list[list[Due]]) -> list[Due]:
    """One from each client in turn (a, b, c, a, b, c, …), each client's own order kept."""
    return [d for d in chain.from_iterable(zip_longest(*queues)) if d is not None]


def selected_clients(selection: Selection) -> list[str]:
    return list(selection.clients) if selection.clients is not None else paths.list_clients()


def plan(now: datetime | None = None, selection: Selection = Selection()) -> Plan:
    """Every pack run-due would make now, in the order it makes them, and what it would skip and why."""
    from workbook.profile import load_profile
    from workbook.report.pack import is_reported

    moment = now or datetime.now(UTC)  # a naive `now` is read in each client's time zone
    clients = selected_clients(selection)
    result = Plan(clients=len(clients))
    queues: list[list[Due]] = []
    estimates: dict[str, float | None] = {client: estimate_seconds(client) for client in clients}
    known = [e for e in estimates.values() if e is not None]
    fallback = statistics.median(known) if known else DEFAULT_PACK_SECONDS
    for client in clients:
        profile = load_profile(client)
        first = first_data(client)
        if first is None:
            continue
        on = {"month": profile.schedule.monthly, "week": profile.schedule.weekly}
        kinds = [k for k in (selection.kinds or KINDS) if on[k]]
        periods = sorted((p for kind in kinds for p in window(kind, first, moment, profile.timezone,
                                                              profile.schedule.catch_up, selection.since,
                                                              selection.until)),
                         key=lambda p: (p.end, p.kind))
        queue = []
        aware = _aware(moment, profile.timezone)
        for period in periods:
            if is_reported(client, period.label):
                continue
            waiting = waiting_since(client, period.label, aware) if selection.backoff else None
            if waiting:
                result.waiting.append(waiting)
                continue
            queue.append(Due(client, period, estimates[client] or fallback))
        queues.append(queue)
    ordered = interleave(queues)
    cut = len(ordered) if selection.max_packs is None else selection.max_packs
    result.due, result.left_over = ordered[:cut], ordered[cut:]
    return result


def lock_path(client: str, kind: str) -> Path:
    return paths.client_reports_dir(client) / f".run-due-{kind}.lock"


@contextmanager
def _try_lock(path: Path) -> Iterator[bool]:
    """Hold an flock on `path` if no other run-due holds it; yields whether this one got it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def run_due(now: datetime | None = None, parallel: int = 2, selection: Selection = Selection(),
            listener: Listener | None = None) -> list[PackResult]:
    """Make each planned pack once; a (client, kind) another run-due is working on is left to it."""
    from workbook.report.pack import PackResult, clean_stale, is_reported, run_pack

    tell = listener or Listener()
    results: list[PackResult] = []
    with ExitStack() as held:
        tell.cleaned(sum(len(clean_stale(paths.client_reports_dir(c))) for c in selected_clients(selection)))
        current = plan(now, selection)
        owned: set[tuple[str, str]] = set()
        for client, kind in sorted({(d.client, d.period.kind) for d in current.due}):
            if held.enter_context(_try_lock(lock_path(client, kind))):
                owned.add((client, kind))
            else:
                current.busy.append(f"{client} {kind}")
        current.due = [d for d in current.due if (d.client, d.period.kind) in owned]
        tell.planned(current)
        for index, due in enumerate(current.due, start=1):
            if is_reported(due.client, due.period.label):  # made meanwhile by `workbook report`
                continue
            tell.started(due, index, len(current.due))
            try:
                result = run_pack(due.client, due.period.label, parallel=parallel)
            except Exception as exc:  # one pack's crash must not cost the other clients their packs
                result = PackResult(due.client, due.period.label, paths.client_reports_dir(due.client),
                                    failures=[f"{type(exc).__name__}: {exc}"])
            tell.finished(due, result)
            results.append(result)
    return results
