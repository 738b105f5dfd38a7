"""METRICS.md `goals`: each goal's metric for P, progress from baseline to target, time elapsed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from workbook.i18n import t
from workbook.metrics.context import Context, number
from workbook.metrics.keys import is_metric_key, resolve


def _as_date(value: object) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()  # type: ignore[arg-type]


def elapsed(start: date | None, deadline: date | None, period_end: date) -> float | None:
    """Share of the calendar days [start, deadline] passed at the end of P's last day, clipped to [0, 1]."""
    if start is None or deadline is None:
        return None
    total = (deadline - start).days + 1
    if total <= 0:
        return 1.0
    return min(1.0, max(0.0, ((period_end - start).days + 1) / total))


def progress(actual: float | None, baseline: float | None, target: float | None) -> float | None:
    """(actual − baseline) / (target − baseline), not clipped; None when undefined."""
    if actual is None or baseline is None or target is None or target == baseline:
        return None
    return (actual - baseline) / (target - baseline)


def goal_rows(ctx: Context, document: dict[str, Any]) -> list[dict[str, Any]]:
    """One dict per goal; an unknown metric key gives an `error` instead of a figure."""
    rows = []
    for goal in ctx.frames.goals.sort_values("goal_id").itertuples(index=False):
        start, deadline = _as_date(goal.start), _as_date(goal.deadline)
        baseline, target = number(goal.baseline), number(goal.target)
        row: dict[str, Any] = {
            "goal_id": goal.goal_id, "statement": goal.statement, "metric": goal.metric,
            "direction": goal.direction, "owner": goal.owner,
            "start": start.isoformat() if start else None, "deadline": deadline.isoformat() if deadline else None,
            "baseline": baseline, "target": target, "actual": None, "progress": None,
            "elapsed": elapsed(start, deadline, ctx.period.end), "on_track": None,
        }
        if not is_metric_key(goal.metric):
            row["error"] = t("metrics.error.unknown_metric", "en", goal=goal.goal_id, metric=goal.metric)
        else:
            row["actual"] = resolve(document, goal.metric)
            row["progress"] = progress(row["actual"], baseline, target)
            if row["progress"] is not None and row["elapsed"] is not None:
                row["on_track"] = row["progress"] >= row["elapsed"]
        rows.append(row)
    return rows
