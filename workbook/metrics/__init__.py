"""The metrics engine: every figure of METRICS.md from the store's frames, as one JSON-ready document."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

import numpy as np

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


def compute(frames: Frames, profile: Profile, period: Period,
            sections: Collection[str] | None = None) -> dict[str, Any]:
    """Every figure of METRICS.md for `period` (recommendations are made from it one level up).

    With `sections`, only those top-level sections (and `period`) are computed — no goals, no
    recommendations: what a goal's month-by-month trajectory needs, at a fraction of the cost.
    """
    wanted = set(SECTIONS if sections is None else sections)
    ctx = Context(frames, profile, period)
    document: dict[str, Any] = {"period": period.as_dict()}
    if "engagement" in wanted:
        document["engagement"] = engagement.engagement(ctx)
    if wanted & {"events", "events_summary"}:
        document["events"] = events.event_rows(ctx)
        document["events_summary"] = events.summary(document["events"])
    if wanted & {"content", "content_summary"}:
        document["content"] = content.content_rows(ctx)
        document["content_summary"] = content.summary(ctx, document["content"])
    if "recruitment" in wanted:
        document["recruitment"] = recruitment.recruitment(ctx)
    if "points" in wanted:
        document["points"] = culture.points_section(ctx)
    if "culture" in wanted:
        document["culture"] = culture.culture(ctx)
    if "moderation" in wanted:
        document["moderation"] = moderation.moderation(ctx)
    if "quizzes" in wanted:
        document["quizzes"] = quizzes.quizzes(ctx)
    if "quiz_pre_post" in wanted:
        document["quiz_pre_post"] = quizzes.quiz_pre_post(ctx)
    if "voice" in wanted:
        document["voice"] = voice.voice(ctx)
    if sections is not None:
        return plain(document)
    document["goals"] = goals.goal_rows(ctx, document)
    document = {key: document[key] for key in ("period", "engagement", "events", "events_summary", "content",
                                               "content_summary", "recruitment", "goals", "points", "culture",
                                               "moderation", "quizzes", "quiz_pre_post", "voice")}
    return dict(plain(document))
