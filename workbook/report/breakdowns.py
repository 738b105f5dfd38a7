"""Chart tables per group for the report's cross-filters ("and for my department? my channel? this format?"): the
metrics' own functions (workbook.metrics.series, engagement, content) run on the frames limited to one group. Each
filter of FILTERS says how it limits the frames — members by a column, messages by channel, content by format — and
which groups it may publish; each table is long, with the filter's column: ALL for everyone (the snapshot's own
figures), then every published group in order of name.

Publication: people never appear in a group of fewer than `privacy.min_group_size` (small groups merged into "other",
an "other" still too small left out, as context.fold_small_groups does); a channel counts its distinct non-staff
posters of the period; formats group content items, not people, so each format with content in the period is
offered. A lone group holding every row it groups (one channel, one format) offers no choice and is dropped.

Computed once per snapshot (the pack runner calls prepare() before the notebooks start) and kept beside it, in a
folder named by this module's code, so the notebooks read them and never the store."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

ALL = "*"
DEPARTMENT, CHANNEL, FORMAT = "wb_department", "wb_channel", "wb_format"  # parameters in the specs, table columns
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
    """Columns tier, members: engagement.tiers (METRICS.md) over the members of the period."""
    from workbook.metrics import engagement
    from workbook.metrics.context import Context

    counts = engagement.messages_per_member(Context(frames, profile, period))
    tiers = engagement.tiers(counts, profile.heavy_poster_min_messages)
    return pd.DataFrame({"tier": list(tiers), "members": list(tiers.values())})


CONTENT_COLUMNS = ["content_id", "title", "kind", "format", "topic", "published_at", "member_generated", "views",
                   "unique_viewers", "reactions", "attention", "interaction_rate"]


def _content_items(frames: Any, profile: Any, period: Any) -> pd.DataFrame:
    """The document's `content` rows (METRICS.md) as a frame: one per item published in P."""
    from workbook.metrics import content
    from workbook.metrics.context import Context

    return pd.DataFrame(content.content_rows(Context(frames, profile, period)), columns=CONTENT_COLUMNS)


def _content_kinds(frames: Any, profile: Any, period: Any) -> pd.DataFrame:
    """Columns kind, items: content_summary.by_kind (every known kind, zeros included)."""
    from workbook.metrics import content
    from workbook.metrics.context import Context

    ctx = Context(frames, profile, period)
    by_kind = content.summary(ctx, content.content_rows(ctx))["by_kind"]
    return pd.DataFrame({"kind": list(by_kind), "items": list(by_kind.values())})


def _content_calendar(frames: Any, profile: Any, period: Any) -> pd.DataFrame:
    from workbook.metrics import series

    return series.content_calendar(frames, profile, period)


TABLES: dict[str, Callable[[Any, Any, Any], pd.DataFrame]] = {
    "daily_posters": _daily_posters, "weekly_active": _weekly_active, "posting_heatmap": _posting_heatmap,
    "tiers": _tiers, "content_items": _content_items, "content_kinds": _content_kinds,
    "content_calendar": _content_calendar}


class Scope(Protocol):
    """How a filter limits the frames: its publishable groups (group → what selects it) and one group's frames;
    `table` names the frame whose rows it groups."""

    table: str

    def groups(self, frames: Any, profile: Any, period: Any) -> dict[str, Any]: ...

    def limit(self, frames: Any, selection: Any) -> Any: ...


def _non_staff(frames: Any) -> pd.DataFrame:
    return frames.members.loc[~frames.members["is_staff"].fillna(False).astype(bool)]


def published_groups(frames: Any, profile: Any, period: Any, column: str) -> pd.Series:
    """member_id → the group a breakdown may show for every non-staff member (None: in no published group)."""
    from workbook.metrics.context import OTHER, Context, fold_small_groups

    ctx = Context(frames, profile, period)
    members = _non_staff(frames)
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


@dataclass(frozen=True)
class Members:
    """People grouped by a members column (department): a group's frames hold its members' rows only."""

    column: str
    table: str = "members"

    def groups(self, frames: Any, profile: Any, period: Any) -> dict[str, set[str]]:
        people = published_groups(frames, profile, period, self.column)
        return {g: set(people.index[people == g]) for g in sorted(set(people.dropna()))}

    def limit(self, frames: Any, selection: set[str]) -> Any:
        return only_members(frames, selection)


def channel_posters(frames: Any, profile: Any, period: Any, column: str = "channel") -> pd.DataFrame:
    """Columns channel, member_id: each distinct non-staff member of the period who posted in the channel in P
    (a message without a channel is in "other")."""
    from workbook.metrics.context import OTHER, Context

    ctx = Context(frames, profile, period)
    posts = ctx.member_messages.loc[ctx.member_messages["member_id"].isin(ctx.members_in_period)]
    return pd.DataFrame({"channel": posts[column].fillna(OTHER).astype(object).to_numpy(),
                         "member_id": posts["member_id"].to_numpy()}).drop_duplicates(ignore_index=True)


def published_channels(frames: Any, profile: Any, period: Any, column: str = "channel") -> dict[str, set[str]]:
    """Published group → its channels: a channel of fewer than `min_group_size` distinct posters in P joins
    "other", which is left out when its channels together still have fewer distinct posters (a member posting in
    two small channels counts once)."""
    from workbook.metrics.context import OTHER, fold_small_groups

    posters = channel_posters(frames, profile, period, column)
    least = profile.privacy.min_group_size
    # one row per (channel, poster): fold_small_groups counts each channel's distinct posters
    folded = fold_small_groups(posters["channel"], least)
    if posters.loc[(folded == OTHER).to_numpy(), "member_id"].nunique() < least:
        folded = folded.where(folded != OTHER, None)
    groups: dict[str, set[str]] = {}
    for channel, group in zip(posters["channel"], folded, strict=True):
        if group is not None:
            groups.setdefault(group, set()).add(channel)
    return {g: groups[g] for g in sorted(groups)}


@dataclass(frozen=True)
class Messages:
    """Messages grouped by channel: a group's frames hold its channels' messages and no other activity (an event
    attended or content read belongs to no channel); members stay, so every member of the period is counted."""

    column: str
    table: str = "messages"

    def groups(self, frames: Any, profile: Any, period: Any) -> dict[str, set[str]]:
        return published_channels(frames, profile, period, self.column)

    def limit(self, frames: Any, selection: set[str]) -> Any:
        from workbook.metrics.context import OTHER

        messages = frames.messages
        return dataclasses.replace(
            frames, messages=messages.loc[messages[self.column].fillna(OTHER).isin(selection)],
            attendance=frames.attendance.iloc[0:0], interactions=frames.interactions.iloc[0:0])


@dataclass(frozen=True)
class Content:
    """Content items grouped by a content column (format): a group's frames hold its items, the interactions with
    them and the plan slots of that value; people are not grouped, so every value of the items published in P is
    offered."""

    column: str
    table: str = "content"

    def groups(self, frames: Any, profile: Any, period: Any) -> dict[str, set[str]]:
        from workbook.metrics import content
        from workbook.metrics.context import Context

        values = content.published(Context(frames, profile, period))[self.column].dropna().unique()
        return {str(v): {v} for v in sorted(values, key=str)}

    def limit(self, frames: Any, selection: set[str]) -> Any:
        items = frames.content.loc[frames.content[self.column].isin(selection)]
        return dataclasses.replace(
            frames, content=items,
            interactions=frames.interactions.loc[frames.interactions["content_id"].isin(items["content_id"])],
            content_plan=frames.content_plan.loc[frames.content_plan[self.column].isin(selection)])


ENGAGEMENT_TABLES = ("daily_posters", "weekly_active", "posting_heatmap", "tiers")
CONTENT_TABLES = ("content_items", "content_kinds", "content_calendar")


@dataclass(frozen=True)
class Filter:
    """A cross-filter: how it limits the frames, the tables it splits, `values` — the workbook.report.format value
    group naming its groups, and the column a chart of the groups themselves shows them in — and the catalogue
    key of its note beside the selector (given n = privacy.min_group_size), if any."""

    scope: Scope
    tables: tuple[str, ...]
    values: str
    note: str | None = None


FILTERS: dict[str, Filter] = {
    DEPARTMENT: Filter(Members("department"), ENGAGEMENT_TABLES, "department", "report.explore.filter.note"),
    CHANNEL: Filter(Messages("channel"), ENGAGEMENT_TABLES, "message_channel", "report.explore.filter.channel_note"),
    FORMAT: Filter(Content("format"), CONTENT_TABLES, "format"),
}


@cache
def code_digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def folder(snapshot_dir: Path) -> Path:
    return Path(snapshot_dir) / f"breakdowns-{code_digest()}"


def compute(frames: Any, profile: Any, period: Any) -> dict[str, pd.DataFrame]:
    """`<filter>-<table>` → the long table: ALL first, then each published group in order of name."""
    everyone: dict[str, pd.DataFrame] = {}
    result = {}
    for name, spec in FILTERS.items():
        for table in spec.tables:
            if table not in everyone:
                everyone[table] = TABLES[table](frames, profile, period)
        groups = {group: spec.scope.limit(frames, selection)
                  for group, selection in spec.scope.groups(frames, profile, period).items()}
        grouped = spec.scope.table
        if len(groups) == 1 and all(len(getattr(g, grouped)) == len(getattr(frames, grouped)) for g in groups.values()):
            groups = {}  # one group holding every row (one channel, one department): nothing to choose
        per_group = {group: {table: TABLES[table](limited, profile, period) for table in spec.tables}
                     for group, limited in groups.items()}
        for table in spec.tables:
            parts = [everyone[table].assign(**{name: ALL}),
                     *(tables[table].assign(**{name: group}) for group, tables in per_group.items())]
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
