"""Chart tables per department for the report's cross-filter ("and for my department?"): the metrics' own
functions (workbook.metrics.series, engagement tiers) run on the frames of one group's members. Each table is long,
with a `wb_department` column: ALL for everyone (the snapshot's own figures), then every department a breakdown may
publish — context.fold_small_groups over the members of the period: none under `privacy.min_group_size` people,
small departments merged into "other", an "other" still too small left out (never offered by the filter).

Computed once per snapshot (the pack runner calls prepare() before the notebooks start) and kept beside it, in a
folder named by this module's code, so the notebooks read them and never the store."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import uuid
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

ALL = "*"
DEPARTMENT = "wb_department"  # the filter's parameter in the chart specs, and its column in the tables
FILTERS = {DEPARTMENT: "department"}  # filter → the members column that groups people
DONE = "complete"


def _daily_posters(frames: Any, profile: Any, period: Any) -> pd.DataFrame:
    from workbook.metrics import series

    return series.daily_posters(frames, profile, period)


def _weekly_active(frames: Any, profile: Any, period: Any) -> pd.DataFrame:
    from workbook.metrics import series

    return series.weekly_active(frames, profile, period)


def _posting_heatmap(frames: Any, profile: Any, period: Any) -> pd.DataFrame:
    from workbook.metrics import series

    return series.posting_heatmap(frames, profile, period)


def _tiers(frames: Any, profile: Any, period: Any) -> pd.DataFrame:
    """Columns tier, members: engagement.tiers (METRICS.md) over the group's members of the period."""
    from workbook.metrics import engagement
    from workbook.metrics.context import Context

    counts = engagement.messages_per_member(Context(frames, profile, period))
    tiers = engagement.tiers(counts, profile.heavy_poster_min_messages)
    return pd.DataFrame({"tier": list(tiers), "members": list(tiers.values())})


TABLES: dict[str, Callable[[Any, Any, Any], pd.DataFrame]] = {
    "daily_posters": _daily_posters, "weekly_active": _weekly_active, "posting_heatmap": _posting_heatmap,
    "tiers": _tiers}


@cache
def code_digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def folder(snapshot_dir: Path) -> Path:
    return Path(snapshot_dir) / f"breakdowns-{code_digest()}"


def published_groups(frames: Any, profile: Any, period: Any, column: str) -> pd.Series:
    """member_id → the group a breakdown may show for every non-staff member (None: in no published group)."""
    from workbook.metrics.context import OTHER, Context, fold_small_groups

    ctx = Context(frames, profile, period)
    members = frames.members.loc[~frames.members["is_staff"].fillna(False).astype(bool)]
    in_period = members.loc[members["member_id"].isin(ctx.members_in_period)]
    folded = fold_small_groups(in_period[column], profile.privacy.min_group_size)
    published = set(folded.dropna())
    labels = members[column].fillna(OTHER).astype(object)
    # members outside the period keep their department when it is published, else join "other" when it is
    groups = labels.where(labels.isin(published - {OTHER}), OTHER if OTHER in published else None)
    groups.loc[in_period.index] = folded
    return pd.Series(groups.to_numpy(), index=members["member_id"].to_numpy(), dtype=object)


def only_members(frames: Any, member_ids: set[str]) -> Any:
    """The frames limited to `member_ids` and staff: every table with a member_id column keeps their rows only."""
    staff = set(frames.members.loc[frames.members["is_staff"].fillna(False).astype(bool), "member_id"])
    keep = member_ids | staff
    changes = {}
    for field in dataclasses.fields(frames):
        table = getattr(frames, field.name)
        if isinstance(table, pd.DataFrame) and "member_id" in table.columns:
            changes[field.name] = table.loc[table["member_id"].isin(keep)]
    return dataclasses.replace(frames, **changes)


def compute(frames: Any, profile: Any, period: Any) -> dict[str, pd.DataFrame]:
    """`<filter>-<table>` → the long table: ALL first, then each published group in order of name."""
    result = {}
    for name, column in FILTERS.items():
        groups = published_groups(frames, profile, period, column)
        order = sorted(set(groups.dropna()))
        for table, build in TABLES.items():
            parts = [build(frames, profile, period).assign(**{name: ALL})]
            for group in order:
                members = set(groups.index[groups == group])
                parts.append(build(only_members(frames, members), profile, period).assign(**{name: group}))
            result[f"{name}-{table}"] = pd.concat(parts, ignore_index=True)
    return result


def prepare(snapshot_dir: Path, client: str, label: str, db_url: str | None) -> Path:
    """The breakdowns of the snapshot in `snapshot_dir`, computed now unless already kept; their folder."""
    from workbook.snapshot import _current, build

    target = folder(snapshot_dir)
    if (target / DONE).is_file():
        return target
    now = _current(client, label, db_url)
    frames = build.frames_for(now.engine, client, now.profile, now.period, full=True)
    target.mkdir(parents=True, exist_ok=True)
    for name, table in compute(frames, now.profile, now.period).items():
        tmp = target / f".{name}.{uuid.uuid4().hex[:8]}"
        table.to_parquet(tmp, index=False)
        os.replace(tmp, target / f"{name}.parquet")
    (target / DONE).write_text("ok\n", encoding="utf-8")
    return target


def read(snapshot_dir: Path, name: str, table: str) -> pd.DataFrame:
    frame = pd.read_parquet(folder(snapshot_dir) / f"{name}-{table}.parquet")
    return frame.assign(**{name: frame[name].astype(object)})
