"""Points-economy simulator: a candidate points/levels configuration applied to the real history up to a period's
end — members per level, days to each level for the median and the top member, the share of points per action,
and what a spammer gains with and without the daily cap — beside the client's own configuration.

Rules as METRICS.md `points` and the Points ledger count them (daily cap per local day on messages and on reply
bonuses; manual adjustments count toward levels). Everything is over the non-staff members of the period.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from workbook.metrics.context import REACTIONS, Context, attended_events, local_days
from workbook.periods import Period
from workbook.profile import Profile, parse_profile
from workbook.store import Frames

ACTIONS = ("message", "reply_bonus", "event_attended", "feedback_given", "member_content", "reaction_given",
           "adjustment")
CANDIDATE_KEYS = ("points", "levels")
# A hypothetical spammer posts this many messages a day, every one a reply (the most the rules could pay).
SPAM_PER_DAY = 100


def candidate_profile(base: Profile, data: object, source: str = "candidate.yaml") -> Profile:
    """`base` with the candidate's `points` (any of its keys) and `levels` (the whole list) put in; ProfileError
    with one line per bad key, as client.yaml's own check gives them."""
    from workbook.profile import ProfileError

    if not isinstance(data, Mapping):
        raise ProfileError(source, ["the file must hold a mapping with `points:` and/or `levels:`"])
    unknown = [k for k in data if k not in CANDIDATE_KEYS]
    if unknown:
        raise ProfileError(source, [f"key `{k}`: unknown key (a candidate holds only points and levels)"
                                    for k in unknown])
    merged = base.model_dump(mode="json")
    points = data.get("points") or {}
    if not isinstance(points, Mapping):
        raise ProfileError(source, ["key `points`: must be a mapping of rule → points"])
    merged["points"] = {**merged["points"], **points}
    if "levels" in data:
        merged["levels"] = data["levels"]
    return parse_profile(merged, source)


def daily_points(frames: Frames, profile: Profile, timezone: str, until: pd.Timestamp) -> pd.DataFrame:
    """Columns member_id, day (local datetime64[D]), action, points: every point the rules give before `until`,
    by member, local day and action (ACTIONS); the daily cap applies per member and day."""
    rules = profile.points
    parts: list[pd.DataFrame] = []

    def add(member_ids: pd.Series, moments: pd.Series, action: str, points: Any) -> None:
        if len(member_ids):
            parts.append(pd.DataFrame({"member_id": member_ids.to_numpy(dtype=object),
                                       "day": local_days(moments, timezone), "action": action,
                                       "points": np.asarray(points, dtype="float64") * np.ones(len(member_ids))}))

    messages = frames.messages.loc[frames.messages["sent_at"] < until]
    if len(messages):
        per_day = pd.DataFrame({"member_id": messages["member_id"].to_numpy(dtype=object),
                                "day": local_days(messages["sent_at"], timezone),
                                "reply": messages["reply_to"].notna().to_numpy()})
        counted = per_day.groupby(["member_id", "day"], sort=False).agg(sent=("reply", "size"),
                                                                       replies=("reply", "sum")).reset_index()
        cap = rules.message_daily_cap
        for action, column, value in (("message", "sent", rules.message), ("reply_bonus", "replies",
                                                                           rules.reply_bonus)):
            parts.append(pd.DataFrame({"member_id": counted["member_id"], "day": counted["day"], "action": action,
                                       "points": np.minimum(counted[column].to_numpy(), cap) * value}))
    went = attended_events(frames)
    went = went.loc[went["starts_at"] < until]
    add(went["member_id"], went["starts_at"], "event_attended", rules.event_attended)
    feedback = frames.feedback.loc[frames.feedback["member_id"].notna() & (frames.feedback["submitted_at"] < until)]
    add(feedback["member_id"], feedback["submitted_at"], "feedback_given", rules.feedback_given)
    content = frames.content.loc[frames.content["member_generated"] & frames.content["author_id"].notna()
                                 & (frames.content["published_at"] < until)]
    add(content["author_id"], content["published_at"], "member_content", rules.member_content)
    interactions = frames.interactions
    reactions = interactions.loc[interactions["action"].isin(REACTIONS) & (interactions["at"] < until)]
    add(reactions["member_id"], reactions["at"], "reaction_given", rules.reaction_given)
    adjustments = frames.points_adjustments.loc[frames.points_adjustments["at"] < until]
    add(adjustments["member_id"], adjustments["at"], "adjustment", adjustments["points"].to_numpy())
    if not parts:
        return pd.DataFrame({"member_id": pd.Series(dtype=object), "day": pd.Series(dtype="datetime64[s]"),
                             "action": pd.Series(dtype=object), "points": pd.Series(dtype="float64")})
    table = pd.concat(parts, ignore_index=True)
    return table.groupby(["member_id", "day", "action"], as_index=False, sort=True)["points"].sum()


def _rank(points: float, profile: Profile) -> int:
    thresholds = [lv.min_points for lv in profile.levels]
    return max(0, int(np.searchsorted(thresholds, points, side="right")) - 1)


def level_of(points: float, profile: Profile) -> str:
    """English name of the level `points` reach (below 0 is still the lowest level, as in the ledger)."""
    return profile.levels[_rank(points, profile)].en


@dataclass(frozen=True)
class Typical:
    """One member's road through the levels: days after their start to reach each level."""

    member_id: str
    points: float
    start: str  # local date counted from: the join day, or the first day of data when they joined before it
    days: list[dict[str, Any]]  # per level: {"level", "min_points", "days", "projected"}


def _road(member_id: str, days: pd.DataFrame, start: np.datetime64, end: np.datetime64, standing: float,
          profile: Profile) -> Typical:
    """Days from `start` to the first day the member's running total reaches each level; a level not reached by
    `end` is projected at the member's average pace (points / days from start to end), None when that is ≤ 0."""
    mine = days.loc[days["member_id"] == member_id].groupby("day")["points"].sum().sort_index()
    running = mine.cumsum()
    elapsed = int((end - start).astype("int64")) + 1
    road = []
    for lv in profile.levels:
        reached = running.index[running.to_numpy() >= lv.min_points]
        if lv.min_points <= 0:
            road.append({"level": lv.en, "min_points": lv.min_points, "days": 0, "projected": False})
        elif len(reached):
            first = np.datetime64(reached[0], "D")
            road.append({"level": lv.en, "min_points": lv.min_points,
                         "days": max(0, int((first - start).astype("int64"))), "projected": False})
        else:
            # At `standing / elapsed` a day the total after day k (from 0) is pace·(k + 1).
            projected = math.ceil(lv.min_points * elapsed / standing) - 1 if standing > 0 else None
            road.append({"level": lv.en, "min_points": lv.min_points, "days": projected,
                         "projected": projected is not None})
    return Typical(member_id, standing, str(start), road)


def simulate(frames: Frames, profile: Profile, period: Period, spam_per_day: int = SPAM_PER_DAY) -> dict[str, Any]:
    """The simulator's figures for one configuration (`profile.points` and `profile.levels`) over the real
    history up to P's end, for the non-staff members of P."""
    ctx = Context(frames, profile, period)
    members = ctx.members_in_period
    tz = period.timezone
    days = daily_points(frames, profile, tz, period.end_at)
    days = days.loc[days["member_id"].isin(members)]
    standing = days.groupby("member_id")["points"].sum().reindex(members, fill_value=0.0).astype("float64")
    ranks = [_rank(p, profile) for p in standing.to_numpy()]
    by_level = [{"level": lv.en, "zh": lv.zh, "min_points": lv.min_points, "members": ranks.count(i)}
                for i, lv in enumerate(profile.levels)]
    per_action = days.groupby("action")["points"].sum()
    total = float(per_action.sum())
    by_action = [{"action": a, "points": float(per_action.get(a, 0.0)),
                  "share": float(per_action.get(a, 0.0)) / total if total else None} for a in ACTIONS]
    typical: dict[str, Any] = {"median": None, "top": None}
    if len(members):
        ordered = pd.DataFrame({"member_id": standing.index, "points": standing.to_numpy()}).sort_values(
            ["points", "member_id"], ascending=[True, True], kind="stable")
        top = pd.DataFrame({"member_id": standing.index, "points": standing.to_numpy()}).sort_values(
            ["points", "member_id"], ascending=[False, True], kind="stable").iloc[0]
        median = ordered.iloc[(len(ordered) - 1) // 2]
        first_day = days["day"].min() if len(days) else np.datetime64(period.start, "D")
        joined = pd.Series(local_days(frames.members["joined_at"], tz), index=frames.members["member_id"].to_numpy())
        end = np.datetime64(period.end, "D")
        for name, row in (("median", median), ("top", top)):
            join_day = joined.get(row["member_id"])
            start = np.datetime64(first_day, "D") if join_day is None or pd.isna(join_day) \
                else max(np.datetime64(join_day, "D"), np.datetime64(first_day, "D"))
            road = _road(str(row["member_id"]), days, start, end, float(row["points"]), profile)
            typical[name] = {"member_id": road.member_id, "points": road.points, "start": road.start,
                             "days": road.days}
    return {"config": {"points": profile.points.model_dump(mode="json"),
                       "levels": [lv.model_dump(mode="json") for lv in profile.levels]},
            "members": len(members), "by_level": by_level, "by_action": by_action, "total_points": total,
            "median": typical["median"], "top": typical["top"],
            "spammer": spammer(profile, period, spam_per_day),
            "cap_trimmed": cap_trimmed(frames, profile, period, members)}


def spammer(profile: Profile, period: Period, per_day: int = SPAM_PER_DAY) -> dict[str, Any]:
    """A newcomer posting `per_day` replies every day of P: points a day and over P, with the daily cap and
    without it, and the level each total reaches."""
    rules = profile.points
    days = (period.end - period.start).days + 1
    per_message = rules.message + rules.reply_bonus
    capped_day = min(per_day, rules.message_daily_cap) * per_message
    uncapped_day = per_day * per_message
    return {"messages_per_day": per_day, "days": days, "per_day_capped": float(capped_day),
            "per_day_uncapped": float(uncapped_day), "capped": float(capped_day * days),
            "uncapped": float(uncapped_day * days), "level_capped": level_of(capped_day * days, profile),
            "level_uncapped": level_of(uncapped_day * days, profile)}


def cap_trimmed(frames: Frames, profile: Profile, period: Period, members: pd.Index) -> float:
    """Points the daily cap withheld from the members' real messages and replies up to P's end."""
    uncapped = profile.model_copy(update={"points": profile.points.model_copy(
        update={"message_daily_cap": np.iinfo(np.int64).max})})
    kept = {"message", "reply_bonus"}

    def message_total(rules_of: Profile) -> float:
        days = daily_points(frames, rules_of, period.timezone, period.end_at)
        return float(days.loc[days["action"].isin(kept) & days["member_id"].isin(members), "points"].sum())

    return message_total(uncapped) - message_total(profile)


def compare(frames: Frames, current: Profile, candidate: Profile, period: Period,
            spam_per_day: int = SPAM_PER_DAY) -> dict[str, Any]:
    """Both configurations side by side: {"period", "current", "candidate"}."""
    return {"period": period.label, "current": simulate(frames, current, period, spam_per_day),
            "candidate": simulate(frames, candidate, period, spam_per_day)}


def profile_changes(candidate: Profile) -> dict[tuple[str | int, ...], Any]:
    """What adopting the candidate writes into client.yaml (forms.profile_file.write): each points rule by its own
    key (comments beside the others stay) and the levels list."""
    changes: dict[tuple[str | int, ...], Any] = {
        ("points", key): value for key, value in candidate.points.model_dump(mode="json").items()}
    changes[("levels",)] = [lv.model_dump(mode="json") for lv in candidate.levels]
    return changes


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _level_names(result: dict[str, Any], lang: str) -> dict[str, str]:
    return {lv["en"]: lv["zh"] if lang == "zh-CN" else lv["en"] for lv in result["config"]["levels"]}


Row = tuple[str, str, str]  # label, current, candidate


def _pair(comparison: dict[str, Any], cell: Any) -> tuple[str, str]:
    return cell(comparison["current"]), cell(comparison["candidate"])


def _nth(items: list[Any], i: int) -> Any:
    return items[i] if i < len(items) else None


def side_by_side(comparison: dict[str, Any], lang: str) -> list[tuple[str, list[Row]]]:
    """Both configurations as groups of (label, current, candidate) text rows in `lang`: members, members per
    level, each level's days for the median and the top member, points and share per action, the spammer."""
    from workbook.i18n import t

    def level_cell(result: dict[str, Any], i: int, text: Any) -> str:
        level = _nth(result["config"]["levels"], i)
        if level is None:
            return ""
        return f"{_level_names(result, lang)[level['en']]} ({_number(level['min_points'])}): {text(level, i)}"

    deepest = max(len(comparison[s]["config"]["levels"]) for s in ("current", "candidate"))
    groups: list[tuple[str, list[Row]]] = []
    members = [(t("points.sim.members_label", lang), *_pair(comparison, lambda r: str(r["members"])))]
    groups.append(("", members))
    by_level = [(t("points.sim.level_n", lang, n=i + 1), *_pair(comparison, lambda r, i=i: level_cell(
        r, i, lambda _lv, j, r=r: str(r["by_level"][j]["members"])))) for i in range(deepest)]
    groups.append((t("points.sim.by_level", lang), by_level))
    for who in ("median", "top"):
        def member(r: dict[str, Any], who: str = who) -> str:
            m = r[who]
            return "—" if m is None else t("points.sim.member_points", lang, member=m["member_id"],
                                            points=_number(m["points"]))

        def days(r: dict[str, Any], i: int, who: str = who) -> str:
            m = r[who]
            return "" if m is None else level_cell(r, i, lambda _lv, j: _days(m["days"][j], lang))

        rows = [(t("points.sim.member", lang), *_pair(comparison, member))]
        rows += [(t("points.sim.level_n", lang, n=i + 1), *_pair(comparison, lambda r, i=i: days(r, i)))
                 for i in range(deepest)]
        groups.append((t(f"points.sim.days_{who}", lang), rows))

    def action(r: dict[str, Any], name: str) -> str:
        found = next(a for a in r["by_action"] if a["action"] == name)
        share = "—" if found["share"] is None else f"{found['share']:.1%}"
        return f"{_number(found['points'])} · {share}"

    groups.append((t("points.sim.by_action", lang), [
        (t(f"points.action.{name}", lang), *_pair(comparison, lambda r, name=name: action(r, name)))
        for name in ACTIONS]))

    def spam(r: dict[str, Any], capped: bool) -> str:
        s, names = r["spammer"], _level_names(r, lang)
        kind = "capped" if capped else "uncapped"
        return t("points.sim.spam_cell", lang, points=_number(s[kind]), per_day=_number(s[f"per_day_{kind}"]),
                 level=names[s[f"level_{kind}"]])

    first = comparison["current"]["spammer"]
    groups.append((t("points.sim.spammer", lang, n=first["messages_per_day"], days=first["days"]), [
        (t("points.sim.with_cap", lang), *_pair(comparison, lambda r: spam(r, True))),
        (t("points.sim.without_cap", lang), *_pair(comparison, lambda r: spam(r, False))),
        (t("points.sim.cap_trimmed", lang), *_pair(comparison, lambda r: _number(r["cap_trimmed"])))]))
    return groups


def _days(entry: dict[str, Any] | None, lang: str) -> str:
    from workbook.i18n import t

    if entry is None or entry["days"] is None:
        return t("points.sim.never", lang)
    return t("points.sim.projected" if entry["projected"] else "points.sim.reached", lang, days=entry["days"])


def render(comparison: dict[str, Any], lang: str) -> str:
    """Both configurations side by side as terminal text."""
    from workbook.i18n import t
    from workbook.metrics.table import _pad, _width

    header = ("", t("points.sim.current", lang), t("points.sim.candidate", lang))
    groups = side_by_side(comparison, lang)
    every = [header, *(row for _title, rows in groups for row in rows)]
    widths = [max(_width(cell) for cell in column) + 2 for column in zip(*every, strict=True)]

    def line(row: tuple[str, ...]) -> str:
        return "".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip()

    lines = [t("points.cli.title", lang, period=comparison["period"]), "", line(header)]
    for title, rows in groups:
        lines += (["", title] if title else []) + [line(row) for row in rows]
    lines += ["", t("points.sim.projected_note", lang)]
    return "\n".join(lines)
