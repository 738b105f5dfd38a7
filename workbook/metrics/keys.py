"""Dotted keys of the metrics document that name a single number, and how to read one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from workbook.schemas import CHANNELS, CONTENT_FORMATS, CONTENT_KINDS, EVENT_KINDS

# A quiz pair is addressed by its post quiz: one baseline may be compared with several later quizzes.
LIST_IDS = ("event_id", "content_id", "goal_id", "member_id", "quiz_id", "post_id")
QUIZ_FIGURES = ("participants", "mean_pct", "median_pct", "pass_rate")
PRE_POST_FIGURES = ("members", "mean_delta_pct")
# Keys of a quiz or quiz pair named by its id, valid before the quiz has any result (a goal set in advance).
_PER_QUIZ = re.compile(rf"quizzes\.[^.]+\.(?:{'|'.join(QUIZ_FIGURES)})"
                       rf"|quiz_pre_post\.[^.]+\.(?:{'|'.join(PRE_POST_FIGURES)})")

_ENGAGEMENT = (
    "members_in_period", "new_members", "left_members", "messages_total", "messages_members", "posters",
    "active_members", "posting_rate", "active_rate", "dau_avg", "stickiness", "gini_messages",
    "tiers.lurkers", "tiers.contributors", "tiers.heavy", "activation_rate_7d", "dormant", "replies_share",
    "absence_factor", "questions.asked", "questions.answered_24h", "questions.unanswered_share",
    "questions.median_first_response_minutes", "completion_rate",
)


@cache
def _keys() -> tuple[str, ...]:
    keys = [f"engagement.{k}" for k in _ENGAGEMENT]
    keys += ["events_summary.count", "events_summary.attended_total", "events_summary.mean_score"]
    keys += [f"events_summary.score_by_kind.{k}" for k in EVENT_KINDS]
    keys += ["content_summary.published", "content_summary.member_generated_share",
             "content_summary.plan_adherence"]
    keys += [f"content_summary.by_format.{f}" for f in CONTENT_FORMATS]
    keys += [f"content_summary.median_attention.{f}" for f in CONTENT_FORMATS]
    keys += [f"content_summary.by_kind.{k}" for k in CONTENT_KINDS]
    keys += [f"recruitment.{k}" for k in ("applicants", "accepted", "waitlisted", "rejected", "undecided")]
    keys += [f"recruitment.by_channel.{c}.{k}" for c in CHANNELS
             for k in ("applicants", "accepted", "acceptance_rate")]
    keys += ["culture.core_member_count", "moderation.flagged_messages", "moderation.repeat_offender_count"]
    return tuple(keys)


def metric_keys(quiz_ids: Iterable[str] = (), post_ids: Iterable[str] = ()) -> list[str]:
    """Every dotted key of the document that resolves to one number (goal forms offer these), with those of the
    quizzes and quiz pairs (by post quiz id) given (METRICS.md `quizzes`, `quiz_pre_post`)."""
    keys = list(_keys())
    keys += [f"quizzes.{q}.{k}" for q in quiz_ids for k in QUIZ_FIGURES]
    keys += [f"quiz_pre_post.{q}.{k}" for q in post_ids for k in PRE_POST_FIGURES]
    return keys


def is_metric_key(key: str) -> bool:
    """Whether a goal may name `key`: one of metric_keys(), or a figure of any quiz or quiz pair by its id."""
    return key in _keys() or _PER_QUIZ.fullmatch(key) is not None


def resolve(document: dict[str, Any], key: str) -> float | None:
    """The number at dotted `key` (list items are addressed by their id), or None when absent or null."""
    node: Any = document
    for part in key.split("."):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list):
            node = next((item for item in node if isinstance(item, dict)
                         and any(item.get(f) == part for f in LIST_IDS)), None)
        else:
            return None
        if node is None:
            return None
    if isinstance(node, bool) or not isinstance(node, int | float):
        return None
    return float(node)
