"""The metrics engine: every figure of METRICS.md from the store's frames, as one JSON-ready document."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from workbook.metrics import content, culture, engagement, events, goals, moderation, recruitment
from workbook.metrics.context import Context
from workbook.metrics.keys import metric_keys, resolve
from workbook.metrics.table import render_table
from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames

__all__ = ["compute", "for_period", "metric_keys", "plain", "render_table", "resolve"]


def plain(value: Any) -> Any:
    """The value with numpy scalars made Python ones and NaN made None, recursively (JSON has neither)."""
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        return None if math.isnan(value) else float(value)
    return value


def compute(frames: Frames, profile: Profile, period: Period) -> dict[str, Any]:
    """Every figure of METRICS.md for `period`, plus the next-period recommendations."""
    from workbook import recommend

    ctx = Context(frames, profile, period)
    event_rows = events.event_rows(ctx)
    content_rows = content.content_rows(ctx)
    document: dict[str, Any] = {
        "period": period.as_dict(),
        "engagement": engagement.engagement(ctx),
        "events": event_rows,
        "events_summary": events.summary(event_rows),
        "content": content_rows,
        "content_summary": content.summary(ctx, content_rows),
        "recruitment": recruitment.recruitment(ctx),
        "goals": [],
        "points": culture.points_section(ctx),
        "culture": culture.culture(ctx),
        "moderation": moderation.moderation(ctx),
    }
    document["goals"] = goals.goal_rows(ctx, document)
    document = plain(document)
    document["recommendations"] = recommend.recommend(document)
    return document


def for_period(client: str, period_label: str, db_url: str | None = None) -> dict[str, Any]:
    """Load the client's profile and store once and compute the document for `period_label`."""
    from workbook import periods, store
    from workbook.profile import load_profile

    profile = load_profile(client)
    period = periods.parse(period_label, profile.timezone)
    frames = store.load_frames(store.engine(client, db_url), client)
    return compute(frames, profile, period)
