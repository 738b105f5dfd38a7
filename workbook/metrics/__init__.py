"""The metrics engine: every figure of METRICS.md from the store's frames, as one JSON-ready document."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from typing import Any

import numpy as np

from workbook import forked
from workbook.metrics import content, culture, engagement, events, goals, moderation, quizzes, recruitment, voice
from workbook.metrics.context import Context
from workbook.metrics.keys import metric_keys, resolve
from workbook.metrics.table import render_table
from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames

__all__ = ["compute", "metric_keys", "plain", "render_table", "resolve"]


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


SECTIONS = ("engagement", "events", "events_summary", "content", "content_summary", "recruitment", "points",
            "culture", "moderation", "quizzes", "quiz_pre_post", "voice")


def _engagement(ctx: Context) -> dict[str, Any]:
    return {"engagement": engagement.engagement(ctx)}


def _events(ctx: Context) -> dict[str, Any]:
    rows = events.event_rows(ctx)
    return {"events": rows, "events_summary": events.summary(rows)}


def _content(ctx: Context) -> dict[str, Any]:
    rows = content.content_rows(ctx)
    return {"content": rows, "content_summary": content.summary(ctx, rows)}


# Each part computes one or more top-level sections; parts are independent of each other.
PARTS: dict[tuple[str, ...], Callable[[Context], dict[str, Any]]] = {
    ("engagement",): _engagement,
    ("events", "events_summary"): _events,
    ("content", "content_summary"): _content,
    ("recruitment",): lambda ctx: {"recruitment": recruitment.recruitment(ctx)},
    ("points",): lambda ctx: {"points": culture.points_section(ctx)},
    ("culture",): lambda ctx: {"culture": culture.culture(ctx)},
    ("moderation",): lambda ctx: {"moderation": moderation.moderation(ctx)},
    ("quizzes",): lambda ctx: {"quizzes": quizzes.quizzes(ctx)},
    ("quiz_pre_post",): lambda ctx: {"quiz_pre_post": quizzes.quiz_pre_post(ctx)},
    ("voice",): lambda ctx: {"voice": voice.voice(ctx)},
}
# The parts a second core takes when the whole document is computed (forked): about half the time.
FORKED = (("points",), ("culture",), ("moderation",))


def _parts(ctx: Context, parts: Collection[tuple[str, ...]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for part in parts:
        document.update(PARTS[part](ctx))
    return document


def compute(frames: Frames, profile: Profile, period: Period,
            sections: Collection[str] | None = None) -> dict[str, Any]:
    """Every figure of METRICS.md for `period` (recommendations are made from it one level up).

    With `sections`, only those top-level sections (and `period`) are computed — no goals, no
    recommendations: what a goal's month-by-month trajectory needs, at a fraction of the cost.
    """
    wanted = set(SECTIONS if sections is None else sections)
    ctx = Context(frames, profile, period)
    chosen = [part for part in PARTS if wanted & set(part)]
    pending = forked.start(lambda: plain(_parts(ctx, FORKED))) if sections is None else None
    document: dict[str, Any] = {"period": period.as_dict()}
    document.update(_parts(ctx, [p for p in chosen if pending is None or p not in FORKED]))
    if pending is not None:
        done, part = pending.result()
        document.update(part if done else _parts(ctx, FORKED))
    if sections is not None:
        return plain(document)
    document["goals"] = goals.goal_rows(ctx, document)
    document = {key: document[key] for key in ("period", "engagement", "events", "events_summary", "content",
                                               "content_summary", "recruitment", "goals", "points", "culture",
                                               "moderation", "quizzes", "quiz_pre_post", "voice")}
    return dict(plain(document))
