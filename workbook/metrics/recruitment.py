"""METRICS.md `recruitment`: applicants by channel and decision, rubric screening score."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import pandas as pd

from workbook.metrics.context import Context, fold_small_groups, number, ratio, within
from workbook.profile import Criterion, ScreeningThresholds

Decision = Literal["accept", "waitlist", "reject"]


def screening_score(scores: Mapping[str, float | None], rubric: list[Criterion]) -> float | None:
    """0–100: Σ wᵢ·sᵢ / Σ wᵢ over the rubric criteria scored (1–5), mapped as (x−1)/4·100; None if none scored."""
    scored = [(c.weight, number(scores.get(c.key))) for c in rubric]
    scored = [(w, s) for w, s in scored if s is not None]
    if not scored:
        return None
    mean = sum(w * s for w, s in scored) / sum(w for w, _ in scored)
    return (mean - 1) / 4 * 100


def suggested_decision(score: float | None,
                       thresholds: ScreeningThresholds | Mapping[str, float]) -> Decision | None:
    """accept at or above the accept threshold, waitlist at or above the waitlist one, else reject."""
    if score is None:
        return None
    limits = thresholds.model_dump() if isinstance(thresholds, ScreeningThresholds) else dict(thresholds)
    if score >= limits["accept"]:
        return "accept"
    return "waitlist" if score >= limits["waitlist"] else "reject"


def applicants_in_period(ctx: Context) -> pd.DataFrame:
    applicants = ctx.frames.applicants
    chosen = applicants.loc[within(applicants["applied_at"], ctx.start_at, ctx.end_at)].copy()
    chosen["source_channel"] = chosen["source_channel"].fillna("other")
    return chosen


def by_channel(applicants: pd.DataFrame, min_group_size: int) -> dict[str, dict[str, Any]]:
    """Applicants and acceptances per channel, small channels folded (context.fold_small_groups)."""
    channel = fold_small_groups(applicants["source_channel"], min_group_size)
    shown = channel.notna()
    counts = channel[shown].value_counts()
    accepted = (applicants.loc[shown, "decision"] == "accept").groupby(channel[shown]).sum()
    return {str(ch): {"applicants": int(n), "accepted": int(accepted.get(ch, 0)),
                      "acceptance_rate": ratio(int(accepted.get(ch, 0)), int(n))}
            for ch, n in counts.sort_index().items()}


def recruitment(ctx: Context) -> dict[str, Any]:
    """The `recruitment` section of METRICS.md."""
    applicants = applicants_in_period(ctx)
    decisions = applicants["decision"]
    return {
        "applicants": len(applicants),
        "by_channel": by_channel(applicants, ctx.profile.privacy.min_group_size),
        "accepted": int((decisions == "accept").sum()),
        "waitlisted": int((decisions == "waitlist").sum()),
        "rejected": int((decisions == "reject").sum()),
        "undecided": int(decisions.isna().sum()),
    }
