"""The outcomes section of the culture chapter: course completion, and imported outcomes (the `outcomes` kind)
beside the period's activity tiers and departments, with group sizes and without causal claims."""

from __future__ import annotations

from typing import Any

import pandas as pd

TIER_COLUMNS = ("measure", "level", "tier", "members", "mean", "median")
DEPARTMENT_COLUMNS = ("measure", "level", "department", "members", "active_rate", "value")


def _number(value: Any, percent: bool = False) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "—"
    return f"{value:.1%}" if percent else f"{value:,.2f}".rstrip("0").rstrip(".")


def tables(report: Any) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """By tier, by department (localised headers), departments left out as too small, how many member subjects
    match no member — from the period snapshot (metrics.culture_records)."""
    tiers, departments = report.series("outcome_tiers"), report.series("outcome_departments")
    gaps = report.series("outcome_gaps").iloc[0]

    def label(column: str) -> str:
        return str(report.label(f"culture_programme.outcomes.col.{column}"))

    tier_rows = pd.DataFrame({
        "measure": tiers["measure"], "level": tiers["level"].fillna("—"),
        "tier": [report.label(f"culture_programme.outcomes.tier.{t}") for t in tiers["tier"]],
        "members": tiers["members"], "mean": [_number(v) for v in tiers["mean"]],
        "median": [_number(v) for v in tiers["median"]]}, columns=list(TIER_COLUMNS))
    department_rows = pd.DataFrame({
        "measure": departments["measure"], "level": departments["level"].fillna("—"),
        "department": departments["department"], "members": departments["members"],
        "active_rate": [_number(v, percent=True) for v in departments["active_rate"]],
        "value": [_number(v) for v in departments["value"]]}, columns=list(DEPARTMENT_COLUMNS))
    return (tier_rows.rename(columns={c: label(c) for c in TIER_COLUMNS}),
            department_rows.rename(columns={c: label(c) for c in DEPARTMENT_COLUMNS}), int(gaps["left_out"]),
            int(gaps["unmatched"]))


def show(report: Any) -> None:
    """The whole section: completion rate, outcomes by tier and by department, and what they cannot show."""
    from workbook.report import notebook as nb

    nb.heading(report.label("culture_programme.outcomes.title"))
    rate = report.document.get("engagement", {}).get("completion_rate")
    nb.md(report.label("culture_programme.outcomes.completion", rate=_number(rate, percent=True)))
    by_tier, by_department, left_out, unmatched = tables(report)
    if by_tier.empty and by_department.empty:
        nb.md(report.label("culture_programme.outcomes.none"))
        return
    nb.md(report.label("culture_programme.outcomes.caution", n=report.profile.privacy.min_group_size))
    if len(by_tier):
        nb.heading(report.label("culture_programme.outcomes.by_tier"), 3)
        nb.show(by_tier)
    if len(by_department):
        nb.heading(report.label("culture_programme.outcomes.by_department"), 3)
        nb.show(by_department)
    if left_out:
        nb.md(report.label("culture_programme.outcomes.left_out", n=left_out))
    if unmatched:
        nb.md(report.label("culture_programme.outcomes.unmatched", n=unmatched))
