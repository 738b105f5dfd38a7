"""SMART checks of a goal draft: each letter passes, warns or fails, with the reason's label key and values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from workbook.profile import Profile

Level = Literal["ok", "warning", "error"]

MIN_STATEMENT_CHARS = 12
MAX_MONTHS = 12
# Words that name who the goal is about or what they should do (zh and en, lower case).
AUDIENCE_WORDS = ("成员", "学员", "新人", "新员工", "讲师", "经理", "骨干", "员工", "member", "learner", "newcomer",
                  "participant", "manager", "staff", "employee", "mentor", "team")
BEHAVIOUR_WORDS = ("发言", "参加", "参与", "分享", "回复", "提问", "互动", "完成", "学习", "报名", "发布", "贡献",
                   "post", "attend", "share", "reply", "answer", "ask", "complete", "join", "contribute",
                   "publish", "apply", "engage")
# Which metric domains serve each community type (the first part of a metric key names its domain).
RELEVANT_DOMAINS: dict[str, tuple[str, ...]] = {
    "onboarding": ("engagement", "events", "content", "recruitment", "culture"),
    "skills": ("engagement", "events", "content"),
    "leadership": ("engagement", "events", "culture"),
    "sales": ("engagement", "events", "content"),
    "compliance": ("engagement", "events", "content", "moderation"),
    "innovation": ("engagement", "content", "culture"),
}
_DOMAIN_OF_SECTION = {"engagement": "engagement", "events_summary": "events", "content_summary": "content",
                      "recruitment": "recruitment", "culture": "culture", "moderation": "moderation"}


# Metrics measured as a share of something (stored 0–1, shown and typed as 0–100 %).
RATE_WORDS = ("rate", "share", "stickiness", "adherence")


def is_rate(metric: str | None) -> bool:
    leaf = (metric or "").rsplit(".", 1)[-1]
    return any(word in leaf for word in RATE_WORDS)


@dataclass(frozen=True)
class GoalDraft:
    statement: str
    metric: str | None
    baseline: float | None
    target: float | None
    direction: str
    start: date | None
    deadline: date | None


@dataclass(frozen=True)
class Check:
    letter: Literal["S", "M", "A", "R", "T"]
    level: Level
    reason: str  # label key form.smart.<letter>.<reason>
    values: dict[str, object] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"form.smart.{self.letter}.{self.reason}"


def metric_domain(metric: str) -> str | None:
    return _DOMAIN_OF_SECTION.get(metric.split(".", 1)[0])


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise ValueError(day)


def specific(draft: GoalDraft, profile: Profile) -> Check:
    text = draft.statement.strip().lower()
    if len(text) < MIN_STATEMENT_CHARS:
        return Check("S", "error", "short", {"chars": MIN_STATEMENT_CHARS})
    audience = profile.positioning.audience.strip().lower()
    words = (*AUDIENCE_WORDS, *BEHAVIOUR_WORDS, *([audience] if audience else []))
    if not any(w in text for w in words):
        return Check("S", "error", "vague")
    return Check("S", "ok", "ok")


def measurable(draft: GoalDraft, known_metrics: list[str]) -> Check:
    if not draft.metric or draft.metric not in known_metrics:
        return Check("M", "error", "no_metric")
    if draft.target is None:
        return Check("M", "error", "no_target")
    return Check("M", "ok", "ok", {"metric": draft.metric})


def achievable(draft: GoalDraft, profile: Profile) -> Check:
    """Warn (never block) when the target is further than `goals.achievable_multiple` × baseline."""
    multiple = profile.goals.achievable_multiple
    base, target = draft.baseline, draft.target
    if target is None or target < 0 or (is_rate(draft.metric) and target > 1):
        return Check("A", "warning", "no_target")
    if base is None or base == 0:
        return Check("A", "warning", "no_baseline")
    if (draft.direction == "increase" and target <= base) or (draft.direction == "decrease" and target >= base):
        return Check("A", "warning", "wrong_way", {"baseline": base, "target": target})
    ratio = target / base if draft.direction == "increase" else base / target if target else float("inf")
    if ratio > multiple:
        return Check("A", "warning", "stretch", {"ratio": round(ratio, 1), "multiple": multiple})
    return Check("A", "ok", "ok", {"ratio": round(ratio, 1), "multiple": multiple})


def relevant(draft: GoalDraft, profile: Profile) -> Check:
    """Warn when the metric's domain is not one the community type usually steers by."""
    kind = profile.positioning.type
    domain = metric_domain(draft.metric) if draft.metric else None
    if domain is None:
        return Check("R", "warning", "unknown", {"type": kind})
    allowed = RELEVANT_DOMAINS.get(kind)
    if allowed is not None and domain not in allowed:
        return Check("R", "warning", "mismatch", {"type": kind, "domain": domain})
    return Check("R", "ok", "ok", {"type": kind, "domain": domain})


def time_bound(draft: GoalDraft, today: date | None = None) -> Check:
    """`today` given (the editor): a deadline already past fails too."""
    if draft.start is None or draft.deadline is None:
        return Check("T", "error", "missing")
    if draft.deadline <= draft.start:
        return Check("T", "error", "order")
    if today is not None and draft.deadline <= today:
        return Check("T", "error", "past", {"today": today.isoformat()})
    if draft.deadline > _add_months(draft.start, MAX_MONTHS):
        return Check("T", "error", "too_far", {"months": MAX_MONTHS})
    return Check("T", "ok", "ok", {"days": (draft.deadline - draft.start).days})


def target_problem(draft: GoalDraft) -> tuple[str, dict[str, object]] | None:
    """Why the target cannot be right whatever the baseline's size: below zero, a rate beyond 100 %, or
    not in the chosen direction from the baseline. A label key under form.goal.error and its values."""
    target, base = draft.target, draft.baseline
    if target is None:
        return None
    if target < 0:
        return "form.goal.error.negative", {}
    if is_rate(draft.metric) and target > 1:
        return "form.goal.error.rate_range", {}
    if base is not None and draft.direction == "increase" and target <= base:
        return "form.goal.error.not_above", {}
    if base is not None and draft.direction == "decrease" and target >= base:
        return "form.goal.error.not_below", {}
    return None


def smart_checks(draft: GoalDraft, profile: Profile, known_metrics: list[str],
                 today: date | None = None) -> list[Check]:
    """The five SMART checks in order; only `error` ones block a save."""
    return [specific(draft, profile), measurable(draft, known_metrics), achievable(draft, profile),
            relevant(draft, profile), time_bound(draft, today)]


def blocking(checks: list[Check]) -> bool:
    return any(c.level == "error" for c in checks)
