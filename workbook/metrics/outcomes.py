"""Outcomes beside activity: an imported outcome (LMS completion, a manager's rating, a business KPI — the
`outcomes` kind, per member or per department, Kirkpatrick level L3/L4 when given) set next to the members'
activity tiers of the period, with group sizes. Side by side only: nothing here says activity caused an outcome.

Definitions (period P, members in P as METRICS.md):
- A member's **value** of a measure is the one with the latest `as_of` on or before P's last day.
- **Tiers** are METRICS.md engagement.tiers over members in P: lurkers (no message in P), contributors (1 to h−1),
  heavy (h or more; h = heavy_poster_min_messages).
- Per measure and tier: `members` (members in P of the tier with a value), `mean`, `median` of their values.
  Tiers with fewer than privacy.min_group_size valued members are merged into "other"; an "other" still too small
  is left out (context.fold_small_groups), so no group under the minimum is shown.
- Department outcomes: the department's latest value beside its members in P and its active rate in P, for
  departments with at least min_group_size members in P (smaller ones are left out and counted).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from workbook.metrics.context import Context, fold_small_groups, ratio

TIERS = ("lurkers", "contributors", "heavy")


def member_tiers(ctx: Context) -> pd.Series:
    """member_id → tier of P (lurkers / contributors / heavy) over members in P."""
    counts = ctx.member_messages.groupby("member_id").size().reindex(ctx.members_in_period, fill_value=0)
    heavy = ctx.profile.heavy_poster_min_messages
    tiers = pd.Series("contributors", index=counts.index, dtype=object)
    tiers[counts == 0] = "lurkers"
    tiers[counts >= heavy] = "heavy"
    return tiers


def latest(outcomes: pd.DataFrame, scope: str, until: date) -> pd.DataFrame:
    """Per (subject, measure) of one scope ("member" also takes rows without a scope) the value with the latest
    as_of on or before `until`."""
    if outcomes.empty:
        return outcomes.assign(as_of_day=pd.Series(dtype=object))
    scopes = outcomes["scope"].fillna("member")
    days = pd.to_datetime(outcomes["as_of"]).dt.date
    rows = outcomes.loc[(scopes == scope) & (days <= until)].assign(as_of_day=days)
    rows = rows.sort_values(["subject", "measure", "as_of_day"], kind="stable")
    return rows.drop_duplicates(["subject", "measure"], keep="last")


def by_tier(ctx: Context, outcomes: pd.DataFrame) -> pd.DataFrame:
    """Columns measure, level, tier, members, mean, median (see the module docstring), tiers in TIERS order then
    "other"."""
    columns = ["measure", "level", "tier", "members", "mean", "median"]
    values = latest(outcomes, "member", ctx.period.end)
    tiers = member_tiers(ctx)
    values = values.loc[values["subject"].isin(tiers.index)]
    rows = []
    for measure, group in values.groupby("measure", sort=True):
        group = group.assign(tier=group["subject"].map(tiers).to_numpy())
        group["tier"] = fold_small_groups(group["tier"], ctx.profile.privacy.min_group_size).to_numpy()
        level = next((lv for lv in group["level"] if isinstance(lv, str)), None)
        for tier in (*TIERS, "other"):
            chosen = group.loc[group["tier"] == tier, "value"].astype(float)
            if len(chosen):
                rows.append({"measure": measure, "level": level, "tier": tier, "members": len(chosen),
                             "mean": float(chosen.mean()), "median": float(chosen.median())})
    return pd.DataFrame(rows, columns=columns)


def by_department(ctx: Context, outcomes: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Columns measure, level, department, members, active_rate, value for departments with at least
    min_group_size members in P; and how many valued departments were left out as too small."""
    columns = ["measure", "level", "department", "members", "active_rate", "value"]
    values = latest(outcomes, "department", ctx.period.end)
    members = ctx.frames.members
    in_period = members.loc[members["member_id"].isin(ctx.members_in_period)]
    sizes = in_period.groupby("department").size()
    active = set(ctx.member_messages["member_id"]) | set(ctx.attendees) | set(ctx.interactions["member_id"])
    active_counts = in_period.loc[in_period["member_id"].isin(active)].groupby("department").size()
    minimum = ctx.profile.privacy.min_group_size
    rows, left_out = [], 0
    for row in values.sort_values(["measure", "subject"], kind="stable").itertuples():
        size = int(sizes.get(row.subject, 0))
        if size < minimum:
            left_out += 1
            continue
        rows.append({"measure": row.measure, "level": row.level if isinstance(row.level, str) else None,
                     "department": row.subject, "members": size,
                     "active_rate": ratio(float(active_counts.get(row.subject, 0)), size), "value": float(row.value)})
    return pd.DataFrame(rows, columns=columns), left_out


def unmatched(ctx: Context, outcomes: pd.DataFrame) -> list[str]:
    """Member-scope subjects that are no member of the roster (a typo, or ids hashed by pseudonymisation)."""
    values = latest(outcomes, "member", ctx.period.end)
    known = set(ctx.frames.members["member_id"])
    return sorted({str(s) for s in values["subject"] if s not in known})
