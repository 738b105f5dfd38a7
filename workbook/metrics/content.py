"""METRICS.md `content` and `content_summary`: views, attention, reactions, plan adherence."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from workbook.metrics.context import REACTIONS, Context, number, ratio, slots_due, within
from workbook.schemas import CONTENT_FORMATS, CONTENT_KINDS


def published(ctx: Context) -> pd.DataFrame:
    content = ctx.frames.content
    chosen = content.loc[within(content["published_at"], ctx.start_at, ctx.end_at)]
    return chosen.sort_values(["published_at", "content_id"], kind="stable")


def content_rows(ctx: Context) -> list[dict[str, Any]]:
    """One dict per item published in P with its interactions in P."""
    items = published(ctx)
    interactions = ctx.interactions.loc[ctx.interactions["content_id"].isin(items["content_id"])]
    views = interactions.loc[interactions["action"] == "view"]
    view_counts = views.groupby("content_id").size()
    viewers = views.groupby("content_id")["member_id"].nunique()
    reactions = interactions.loc[interactions["action"].isin(REACTIONS)].groupby("content_id").size()
    members = len(ctx.members_in_period)
    rows = []
    for item in items.itertuples(index=False):
        cid = item.content_id
        n_views, n_viewers, n_reactions = (int(s.get(cid, 0)) for s in (view_counts, viewers, reactions))
        rows.append({
            "content_id": cid, "title": item.title, "kind": item.kind, "format": item.format,
            "topic": item.topic, "published_at": item.published_at.isoformat(),
            "member_generated": bool(item.member_generated),
            "views": n_views, "unique_viewers": n_viewers, "reactions": n_reactions,
            "attention": ratio(n_viewers, members), "interaction_rate": ratio(n_reactions, n_views),
        })
    return rows


def plan_adherence(ctx: Context) -> float | None:
    """Content-plan slots due in P whose status is `published` / slots due in P."""
    slots = slots_due(ctx.frames.content_plan, ctx.period)
    return ratio(int((slots["status"] == "published").sum()), len(slots))


def _counts(values: pd.Series, known: tuple[str, ...]) -> dict[str, int]:
    """Count per value, every known value present (0 when absent) so goal keys always resolve."""
    counts = values.value_counts()
    return {str(k): int(counts.get(k, 0)) for k in sorted({*known, *counts.index})}


def summary(ctx: Context, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """METRICS.md `content_summary`."""
    frame = pd.DataFrame(rows, columns=["format", "kind", "member_generated", "attention"])
    attention = frame.assign(attention=pd.to_numeric(frame["attention"], errors="coerce").astype("float64"))
    medians = attention.groupby("format")["attention"].median()
    return {
        "published": len(rows),
        "by_format": _counts(frame["format"], CONTENT_FORMATS),
        "by_kind": _counts(frame["kind"], CONTENT_KINDS),
        "member_generated_share": ratio(int(np.sum(frame["member_generated"].astype(bool))), len(rows)),
        "plan_adherence": plan_adherence(ctx),
        "median_attention": {f: number(medians.get(f)) for f in sorted({*CONTENT_FORMATS, *medians.index})},
    }
