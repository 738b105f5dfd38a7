"""METRICS.md Points ledger (`workbook points`): per member of P, points earned, adjusted and redeemed in P, the
balance and the level at P's end."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from workbook.i18n import normalise_lang, t
from workbook.metrics.context import Context, within
from workbook.metrics.culture import points_by_member
from workbook.metrics.table import _pad, _value, _width
from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames

COLUMNS = ("member_id", "earned", "adjusted", "redeemed", "balance", "level", "level_up")


def _sums(rows: pd.DataFrame, column: str, since: pd.Timestamp | None, until: pd.Timestamp) -> pd.Series:
    """Sum of `points` per member over rows whose `column` lies in [since, until) (since=None: from the start)."""
    moments = rows[column]
    chosen = rows.loc[within(moments, since, until) if since is not None else moments < until]
    return chosen.groupby("member_id")["points"].sum().astype("float64")


def _level_ranks(points: pd.Series, profile: Profile) -> np.ndarray:
    """Index in `profile.levels` (sorted by threshold) of the highest level each total reaches; a total below 0
    (after negative adjustments) is still the lowest level."""
    thresholds = np.array([lv.min_points for lv in profile.levels])
    return np.maximum(np.searchsorted(thresholds, points.to_numpy(), side="right") - 1, 0)


def ledger(frames: Frames, profile: Profile, period: Period) -> list[dict[str, Any]]:
    """One row per non-staff member of P, by `earned` descending then member_id (METRICS.md: Points ledger).

    The level counts earned + adjusted points up to P's end, never redemptions, so spending never lowers it.
    """
    ctx = Context(frames, profile, period)
    members = ctx.members_in_period
    tz, end, prev_end = period.timezone, period.end_at, period.prev().end_at

    def per_member(series: pd.Series) -> pd.Series:
        return series.reindex(members, fill_value=0.0).astype("float64")

    earned = per_member(points_by_member(frames, profile, tz, end, since=period.start_at))
    adjusted = per_member(_sums(frames.points_adjustments, "at", period.start_at, end))
    redeemed = per_member(_sums(frames.redemptions, "at", period.start_at, end))
    standing = (per_member(points_by_member(frames, profile, tz, end))
                + per_member(_sums(frames.points_adjustments, "at", None, end)))
    standing_before = (per_member(points_by_member(frames, profile, tz, prev_end))
                       + per_member(_sums(frames.points_adjustments, "at", None, prev_end)))
    balance = standing - per_member(_sums(frames.redemptions, "at", None, end))
    rank, rank_before = _level_ranks(standing, profile), _level_ranks(standing_before, profile)
    names = [lv.en for lv in profile.levels]
    table = pd.DataFrame({
        "member_id": members, "earned": earned.to_numpy(), "adjusted": adjusted.to_numpy(),
        "redeemed": redeemed.to_numpy(), "balance": balance.to_numpy(), "level": [names[r] for r in rank],
        "level_up": rank > rank_before,
    })
    table = table.sort_values(["earned", "member_id"], ascending=[False, True], kind="stable")
    return [{"member_id": str(r.member_id), "earned": float(r.earned), "adjusted": float(r.adjusted),
             "redeemed": float(r.redeemed), "balance": float(r.balance), "level": r.level,
             "level_up": bool(r.level_up)} for r in table.itertuples(index=False)]


def render_ledger(rows: list[dict[str, Any]], profile: Profile, period: Period, lang: str) -> str:
    """The ledger as an aligned terminal table in zh-CN or en, level names in the client's own words."""
    lang = normalise_lang(lang)
    levels = {lv.en: lv.zh if lang == "zh-CN" else lv.en for lv in profile.levels}
    header = [t(f"metrics.key.{c}", lang) for c in COLUMNS]
    body = [[_value(row[c], lang, levels) for c in COLUMNS] for row in rows]
    widths = [max(_width(cell) for cell in column) + 2 for column in zip(header, *body, strict=True)]
    lines = [t("metrics.ledger.title", lang, **period.as_dict()), ""]
    lines += ["".join(_pad(cell, w) for cell, w in zip(line, widths, strict=True)).rstrip()
              for line in [header, *body]]
    if not rows:
        lines.append(t("metrics.empty_list", lang))
    return "\n".join(lines)


def standing_at(frames: Frames, profile: Profile, timezone: str, until: pd.Timestamp) -> pd.DataFrame:
    """Per member with any points before `until`: `standing` (earned + adjusted, what the level counts) and
    `balance` (standing − redeemed) — a member's "how many points do I have?" at that moment."""
    earned = points_by_member(frames, profile, timezone, until)
    adjusted = _sums(frames.points_adjustments, "at", None, until)
    redeemed = _sums(frames.redemptions, "at", None, until)
    index = earned.index.union(adjusted.index).union(redeemed.index)
    standing = earned.reindex(index, fill_value=0.0) + adjusted.reindex(index, fill_value=0.0)
    return pd.DataFrame({"standing": standing, "balance": standing - redeemed.reindex(index, fill_value=0.0)},
                        index=index).astype("float64")


def read_frames(eng: Any, client: str, profile: Profile, *chosen: Period) -> Frames:
    """The windowed read the ledger of each chosen period (and its prev) needs; points before the window are
    kept as who/when/reply of every older message, all the history the points need (workbook.snapshot.window)."""
    from workbook.snapshot import window

    wanted = [p for period in chosen for p in (period, period.prev())]
    return window.load(eng, client, window.window_for(wanted, profile))
