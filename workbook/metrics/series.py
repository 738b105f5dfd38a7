"""Tables behind the report charts, so notebooks only display: each function returns one tidy DataFrame.

Every function takes (frames, profile, period); those drawn from figures also accept the period's metrics
`document` (computed when not given) so a notebook that already holds it does not compute it twice.
Breakdowns by department, channel or cohort fold small groups (context.fold_small_groups): none under
`privacy.min_group_size` people is shown.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from workbook import periods
from workbook.metrics.context import (
    Context,
    attended_events,
    fold_small_groups,
    iso_week_starts,
    local_days,
    questions_among,
    ratio,
    slots_due,
    within,
)
from workbook.metrics.events import COMPONENTS, normalised_components, top_events
from workbook.metrics.keys import resolve
from workbook.metrics.recruitment import applicants_in_period, screening_score, suggested_decision
from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames

CONTEXT_WEEKS = 8
SCORE_BIN = 10


def _members(frames: Frames, profile: Profile) -> pd.Series:
    """member_id → how a report may name them: the name of a member who agreed to be named (`consent`), the
    id otherwise and always under pseudonymisation — the same everywhere a pack names someone."""
    members = frames.members
    named = members["consent"].fillna(False).astype(bool) & ~profile.privacy.pseudonymise
    names = members["display_name"].where(named & members["display_name"].notna(), members["member_id"])
    return pd.Series(names.to_numpy(), index=members["member_id"].to_numpy())


def _document(frames: Frames, profile: Profile, period: Period) -> dict[str, Any]:
    from workbook.metrics import compute

    return compute(frames, profile, period)


def daily_posters(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """Columns date, posters, messages: every day of P (zeros included), members of the period only."""
    ctx = Context(frames, profile, period)
    mine = ctx.member_messages.loc[ctx.member_messages["member_id"].isin(ctx.members_in_period)]
    grouped = mine.groupby("day").agg(posters=("member_id", "nunique"), messages=("member_id", "size"))
    days = np.arange(np.datetime64(period.start, "D"), np.datetime64(period.end, "D") + 1)
    grouped = grouped.reindex(days, fill_value=0)
    return pd.DataFrame({"date": [pd.Timestamp(d).date() for d in days],
                         "posters": grouped["posters"].to_numpy(dtype="int64"),
                         "messages": grouped["messages"].to_numpy(dtype="int64")})


def _activity_days(frames: Frames, staff: pd.Index, timezone: str) -> pd.DataFrame:
    """member_id, day for every message, attended event and interaction of a non-staff member."""
    went = attended_events(frames)
    parts = [(frames.messages["member_id"], frames.messages["sent_at"]), (went["member_id"], went["starts_at"]),
             (frames.interactions["member_id"], frames.interactions["at"])]
    activity = pd.concat([pd.DataFrame({"member_id": who.to_numpy(), "day": local_days(when, timezone)})
                          for who, when in parts], ignore_index=True)
    return activity.loc[~activity["member_id"].isin(staff)]


def weekly_active(frames: Frames, profile: Profile, period: Period, weeks_before: int = CONTEXT_WEEKS
                  ) -> pd.DataFrame:
    """Columns week_start (Monday), week (ISO label), active_members, in_period (bool): the ISO weeks
    overlapping P plus `weeks_before` earlier ones; active = posted, attended or interacted that week."""
    ctx = Context(frames, profile, period)
    first = iso_week_starts(np.array([np.datetime64(period.start, "D")]))[0] - np.timedelta64(7 * weeks_before, "D")
    last = iso_week_starts(np.array([np.datetime64(period.end, "D")]))[0]
    weeks = np.arange(first, last + 1, np.timedelta64(7, "D"))
    activity = _activity_days(frames, ctx.staff_ids, ctx.tz)
    activity = activity.assign(week=iso_week_starts(activity["day"].to_numpy(dtype="datetime64[D]")))
    counts = activity.drop_duplicates(["member_id", "week"]).groupby("week").size().reindex(weeks, fill_value=0)
    starts = [pd.Timestamp(w).date() for w in weeks]
    return pd.DataFrame({
        "week_start": starts,
        "week": [f"{d.isocalendar().year}-W{d.isocalendar().week:02d}" for d in starts],
        "active_members": counts.to_numpy(dtype="int64"),
        "in_period": [d + timedelta(days=6) >= period.start for d in starts],
    })


def posting_heatmap(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """Columns weekday (0 = Monday), hour (0–23, client time zone), messages: all 7×24 cells, non-staff messages."""
    ctx = Context(frames, profile, period)
    local = ctx.member_messages["sent_at"].dt.tz_convert(ctx.tz)
    counts = pd.DataFrame({"weekday": local.dt.day_of_week, "hour": local.dt.hour}).value_counts()
    grid = pd.MultiIndex.from_product([range(7), range(24)], names=["weekday", "hour"])
    return counts.reindex(grid, fill_value=0).rename("messages").astype("int64").reset_index()


def _month_index(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[M]").astype("int64")


def cohort_retention(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """Columns cohort (join month YYYY-MM or "other"), months_since_join, members, posters, share: of the
    cohort's members who had been in the community that many months by P's end, the share who posted."""
    members = frames.members.loc[~frames.members["is_staff"]]
    join_month = pd.Series(_month_index(local_days(members["joined_at"], profile.timezone)),
                           index=members["member_id"].to_numpy())
    end_month = int(np.datetime64(period.end, "M").astype("int64"))
    join_month = join_month.loc[join_month <= end_month]
    labels = pd.Series([str(np.datetime64(int(m), "M")) for m in join_month], index=join_month.index)
    cohort = fold_small_groups(labels, profile.privacy.min_group_size).dropna()
    end_at = period.end_at
    messages = frames.messages.loc[(frames.messages["sent_at"] < end_at)
                                   & frames.messages["member_id"].isin(join_month.index)]
    posted = pd.DataFrame({"member_id": messages["member_id"].to_numpy(),
                           "month": _month_index(local_days(messages["sent_at"], profile.timezone))})
    posted = posted.drop_duplicates()
    posted["since"] = posted["month"] - posted["member_id"].map(join_month).to_numpy()
    posted = posted.loc[posted["since"] >= 0]
    posted["cohort"] = posted["member_id"].map(cohort)
    posters = posted.groupby(["cohort", "since"]).size()
    rows = []
    for name, ids in cohort.groupby(cohort).groups.items():
        tenure = end_month - join_month.loc[ids]
        for since in range(int(tenure.max()) + 1):
            eligible = int((tenure >= since).sum())
            count = int(posters.get((name, since), 0))
            rows.append({"cohort": name, "months_since_join": since, "members": eligible, "posters": count,
                         "share": ratio(count, eligible)})
    return pd.DataFrame(rows, columns=["cohort", "months_since_join", "members", "posters", "share"])


def department_activity(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """Columns department, members, posters, posting_rate over members of the period; small departments → other."""
    ctx = Context(frames, profile, period)
    roster = frames.members.loc[frames.members["member_id"].isin(ctx.members_in_period), ["member_id", "department"]]
    roster = roster.assign(department=fold_small_groups(roster["department"], profile.privacy.min_group_size),
                           posted=roster["member_id"].isin(ctx.member_messages["member_id"])).dropna(
                               subset=["department"])
    grouped = roster.groupby("department").agg(members=("member_id", "size"), posters=("posted", "sum"))
    grouped["posting_rate"] = [ratio(p, m) for p, m in zip(grouped["posters"], grouped["members"], strict=True)]
    return grouped.reset_index()


FUNNEL_STAGES = ("applied", "screened", "accepted", "joined")


def recruitment_funnel(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """Columns channel, stage (applied → screened → accepted → joined), applicants: applicants of P by
    channel; small channels → other. Screened: any rubric score; joined: linked to a member."""
    ctx = Context(frames, profile, period)
    applicants = applicants_in_period(ctx)
    channel = fold_small_groups(applicants["source_channel"], profile.privacy.min_group_size)
    applicants, channel = applicants.loc[channel.notna()], channel.dropna()
    stages = pd.DataFrame({
        "channel": channel.to_numpy(),
        "applied": True,
        "screened": [bool(s) for s in applicants["scores"]],
        "accepted": (applicants["decision"] == "accept").to_numpy(),
        "joined": ((applicants["decision"] == "accept") & applicants["member_id"].notna()).to_numpy(),
    })
    totals = stages.groupby("channel")[list(FUNNEL_STAGES)].sum()
    long = totals.reset_index().melt(id_vars="channel", var_name="stage", value_name="applicants")
    long["applicants"] = long["applicants"].astype("int64")
    order = {s: i for i, s in enumerate(FUNNEL_STAGES)}
    return long.sort_values(["channel", "stage"], key=lambda c: c.map(order) if c.name == "stage" else c,
                            kind="stable").reset_index(drop=True)


def screening_distribution(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """Columns bin_start, bin_end, suggested (accept/waitlist/reject), applicants: screening scores of P's
    applicants in 10-point bins (100 falls in the last bin); unscored applicants are left out."""
    ctx = Context(frames, profile, period)
    scores = pd.Series([screening_score(s, profile.screening_rubric) for s in applicants_in_period(ctx)["scores"]],
                       dtype="float64").dropna()
    starts = np.minimum((scores // SCORE_BIN) * SCORE_BIN, 100 - SCORE_BIN)
    bins = pd.DataFrame({"bin_start": starts.to_numpy(), "suggested": [
        suggested_decision(s, profile.screening_thresholds) for s in scores]})
    counts = bins.value_counts().rename("applicants").reset_index()
    grid = pd.DataFrame({"bin_start": np.arange(0, 100, SCORE_BIN, dtype="float64")})
    table = grid.merge(counts, on="bin_start", how="left")
    table["bin_end"] = table["bin_start"] + SCORE_BIN
    table["applicants"] = table["applicants"].fillna(0).astype("int64")
    return table[["bin_start", "bin_end", "suggested", "applicants"]]


def content_calendar(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """Columns date, slot_id, content_id, kind, format, status, planned, published, calendar_status: each plan
    slot due in P (published when its content appeared) plus each item published in P that no slot planned;
    calendar_status on_plan (planned and published), missed (planned, not published) or unplanned."""
    ctx = Context(frames, profile, period)
    slots = slots_due(frames.content_plan, period)
    content = frames.content
    published_ids = set(content.loc[content["published_at"] < ctx.end_at, "content_id"])
    planned = pd.DataFrame({
        "date": pd.to_datetime(slots["due"]).dt.date if len(slots) else pd.Series(dtype=object),
        "slot_id": slots["slot_id"], "content_id": slots["content_id"], "kind": slots["kind"],
        "format": slots["format"], "status": slots["status"], "planned": True,
        "published": (slots["status"] == "published") | slots["content_id"].isin(published_ids)})
    in_period = content.loc[within(content["published_at"], ctx.start_at, ctx.end_at)
                            & ~content["content_id"].isin(slots["content_id"].dropna())]
    extra = pd.DataFrame({
        "date": [pd.Timestamp(d).date() for d in local_days(in_period["published_at"], ctx.tz)],
        "slot_id": None, "content_id": in_period["content_id"].to_numpy(), "kind": in_period["kind"].to_numpy(),
        "format": in_period["format"].to_numpy(), "status": "unplanned", "planned": False, "published": True})
    table = pd.concat([planned, extra], ignore_index=True) if len(extra) else planned.reset_index(drop=True)
    planned_flag, published = table["planned"].astype(bool), table["published"].astype(bool)
    table["calendar_status"] = np.where(planned_flag & published, "on_plan",
                                        np.where(planned_flag, "missed", "unplanned"))
    return table.sort_values(["date", "slot_id"], kind="stable", na_position="last").reset_index(drop=True)


def attention_by_format(frames: Frames, profile: Profile, period: Period,
                        document: dict[str, Any] | None = None) -> pd.DataFrame:
    """Columns format, items, views, reactions, median_attention, mean_attention from the document's content."""
    document = document or _document(frames, profile, period)
    items = pd.DataFrame(document["content"], columns=["format", "views", "reactions", "attention"])
    items["attention"] = pd.to_numeric(items["attention"], errors="coerce").astype("float64")
    grouped = items.groupby("format").agg(items=("format", "size"), views=("views", "sum"),
                                          reactions=("reactions", "sum"), median_attention=("attention", "median"),
                                          mean_attention=("attention", "mean"))
    return grouped.reset_index()


def event_components(frames: Frames, profile: Profile, period: Period,
                     document: dict[str, Any] | None = None) -> pd.DataFrame:
    """Columns event_id, title, kind, component, value (0–1), weight, score, contribution: one row per event
    and component (value null when the component is missing and so re-weighted away); contribution = value ×
    weight / Σ weights present × 100, so an event's contributions add up to its score."""
    document = document or _document(frames, profile, period)
    weights = profile.event_score_weights.model_dump()
    rows = []
    for event in document["events"]:
        scaled = normalised_components({
            "attendance_rate": event["attendance_rate"], "satisfaction": event["satisfaction_avg"],
            "nps": event["nps"], "learning": event["learning_avg"], "application": event["application_avg"]})
        present = sum(weights[c] for c in COMPONENTS if scaled[c] is not None)
        rows += [{"event_id": event["event_id"], "title": event["title"], "kind": event["kind"], "component": c,
                  "value": scaled[c], "weight": weights[c], "score": event["score"],
                  "contribution": None if scaled[c] is None or not present else scaled[c] * weights[c] / present * 100}
                 for c in COMPONENTS]
    return pd.DataFrame(rows, columns=["event_id", "title", "kind", "component", "value", "weight", "score",
                                       "contribution"])


def _months_until(start: date, period: Period) -> list[Period]:
    """Months from `start`'s month to the one holding P's end; the last one cut at P's end."""
    months, current = [], periods.month(start.year, start.month, period.timezone)
    while current.start <= period.end:
        months.append(current if current.end <= period.end else
                      Period(current.label, "range", current.start, period.end, period.timezone))
        current = current.next()
    return months


def goal_months(goals: pd.DataFrame, period: Period) -> list[Period]:
    """The months a goal trajectory covers: from the earliest goal's start to P (the last cut at P's end)."""
    if goals.empty:
        return []
    return _months_until(min(pd.Timestamp(s).date() for s in goals["start"]), period)


TRAJECTORY_COLUMNS = ["goal_id", "month", "end", "actual", "baseline", "target", "expected"]


def goal_trajectories(frames: Frames, profile: Profile, period: Period) -> pd.DataFrame:
    """Columns goal_id, month, end, actual, baseline, target, expected: each goal's metric for every month
    from its start up to P (via compute; each month computed once), and the straight-line expectation."""
    from workbook.metrics import compute

    goals = frames.goals
    if goals.empty:
        return pd.DataFrame(columns=TRAJECTORY_COLUMNS)
    sections = {str(metric).split(".", 1)[0] for metric in goals["metric"]}
    documents = {m.label: (m, compute(frames, profile, m, sections)) for m in goal_months(goals, period)}
    rows = []
    for goal in goals.itertuples(index=False):
        start, deadline = pd.Timestamp(goal.start).date(), pd.Timestamp(goal.deadline).date()
        span = (deadline - start).days + 1
        for label, (month, document) in documents.items():
            if month.end < start:
                continue
            share = min(1.0, max(0.0, ((month.end - start).days + 1) / span)) if span > 0 else 1.0
            expected = None if pd.isna(goal.baseline) else goal.baseline + share * (goal.target - goal.baseline)
            rows.append({"goal_id": goal.goal_id, "month": label, "end": month.end,
                         "actual": resolve(document, goal.metric), "baseline": goal.baseline,
                         "target": goal.target, "expected": expected})
    return pd.DataFrame(rows, columns=TRAJECTORY_COLUMNS)


def leaderboard(frames: Frames, profile: Profile, period: Period,
                document: dict[str, Any] | None = None) -> pd.DataFrame:
    """Columns rank, member_id, name, points, level, level_zh from the document's points leaderboard."""
    document = document or _document(frames, profile, period)
    names = _members(frames, profile)
    board = pd.DataFrame(document["points"]["leaderboard"], columns=["member_id", "points", "level", "level_zh"])
    board.insert(0, "rank", np.arange(1, len(board) + 1))
    board.insert(2, "name", board["member_id"].map(names))
    return board


def core_members(frames: Frames, profile: Profile, period: Period,
                 document: dict[str, Any] | None = None) -> pd.DataFrame:
    """Columns member_id, name, department, points, active_weeks of the document's core members."""
    document = document or _document(frames, profile, period)
    names = _members(frames, profile)
    departments = pd.Series(frames.members["department"].to_numpy(), index=frames.members["member_id"].to_numpy())
    core = pd.DataFrame(document["culture"]["core_members"], columns=["member_id", "points", "active_weeks"])
    core.insert(1, "name", core["member_id"].map(names))
    core.insert(2, "department", core["member_id"].map(departments))
    return core


def milestones(frames: Frames, profile: Profile, period: Period,
               document: dict[str, Any] | None = None) -> pd.DataFrame:
    """Columns kind (first_post / most_answered / best_event), at, member_id, name, ref_id, detail, value, ranked
    best first within each kind: newcomers' first messages, the questions with most replies from others, the
    best-scored events of P. Stories quote members' words, so only members who agreed to be named appear, and
    a first post that broke the group's rules (moderation) is not one."""
    document = document or _document(frames, profile, period)
    ctx = Context(frames, profile, period)
    names = _members(frames, profile)
    members = frames.members
    consenting = set(members.loc[members["consent"].fillna(False).astype(bool), "member_id"])
    flagged = {m for ids in document["moderation"]["message_ids"].values() for m in ids}
    columns = ["kind", "at", "member_id", "name", "ref_id", "detail", "value"]
    parts = []
    messages = frames.messages.loc[~frames.messages["member_id"].isin(ctx.staff_ids)]
    first = messages.sort_values(["sent_at", "message_id"]).drop_duplicates("member_id")
    first = first.loc[within(first["sent_at"], ctx.start_at, ctx.end_at) & first["member_id"].isin(consenting)
                      & ~first["message_id"].isin(flagged)]
    parts.append(pd.DataFrame({"kind": "first_post", "at": first["sent_at"], "member_id": first["member_id"],
                               "ref_id": first["message_id"], "detail": first["text"], "value": np.nan}))
    asked = questions_among(ctx.member_messages)
    replies = frames.messages.loc[frames.messages["reply_to"].isin(asked["message_id"]), ["reply_to", "member_id"]]
    replies = replies.merge(asked[["message_id", "member_id"]], left_on="reply_to", right_on="message_id",
                            suffixes=("", "_q"))
    counts = replies.loc[replies["member_id"] != replies["member_id_q"]].groupby("reply_to").size()
    asked = asked.loc[asked["member_id"].isin(consenting)].set_index("message_id")
    counts = counts.loc[counts.index.isin(asked.index)]
    top = asked.loc[counts.sort_values(ascending=False, kind="stable").index]
    parts.append(pd.DataFrame({"kind": "most_answered", "at": top["sent_at"], "member_id": top["member_id"],
                               "ref_id": top.index, "detail": top["text"],
                               "value": counts.loc[top.index].to_numpy(dtype="float64")}))
    best = top_events(document["events"])
    parts.append(pd.DataFrame({"kind": "best_event", "at": pd.to_datetime([e["starts_at"] for e in best], utc=True),
                               "member_id": None, "ref_id": [e["event_id"] for e in best],
                               "detail": [e["title"] for e in best], "value": [e["score"] for e in best]}))
    table = pd.concat([p for p in parts if len(p)], ignore_index=True) if any(len(p) for p in parts) \
        else pd.DataFrame(columns=columns)
    table["name"] = table["member_id"].map(names)
    return table[columns]


def people(frames: Frames, profile: Profile) -> pd.DataFrame:
    """Columns member_id, name (the id when the profile asks for pseudonyms), department, consent: who a
    report may name, and how."""
    members = frames.members
    return pd.DataFrame({"member_id": members["member_id"].to_numpy(dtype=object),
                         "name": _members(frames, profile).to_numpy(dtype=object),
                         "department": members["department"].to_numpy(dtype=object),
                         "consent": members["consent"].fillna(False).astype(bool).to_numpy()})


def goal_list(frames: Frames) -> pd.DataFrame:
    """Columns goal_id, statement, deadline of every goal."""
    return frames.goals[["goal_id", "statement", "deadline"]].reset_index(drop=True)
