"""METRICS.md `events` and `events_summary`: attendance, feedback, composite score, activity lift."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from workbook.metrics import registrations
from workbook.metrics.context import DAY, Context, attended_events, number, ratio
from workbook.profile import EventScoreWeights

LIFT_WINDOW = 14 * DAY
LOW_CONFIDENCE_RESPONSES = 5
COMPONENTS = ("attendance_rate", "satisfaction", "nps", "learning", "application")


def normalised_components(components: Mapping[str, float | None]) -> dict[str, float | None]:
    """Each raw component on 0–1: attendance_rate as is, 1–5 answers as (x−1)/4, NPS as (x+100)/200."""
    def scaled(key: str, low: float, span: float) -> float | None:
        value = number(components.get(key))
        return None if value is None else (value - low) / span

    return {"attendance_rate": scaled("attendance_rate", 0, 1),
            "satisfaction": scaled("satisfaction", 1, 4),
            "nps": scaled("nps", -100, 200),
            "learning": scaled("learning", 1, 4),
            "application": scaled("application", 1, 4)}


def composite_score(components: Mapping[str, float | None],
                    weights: EventScoreWeights | Mapping[str, float]) -> float | None:
    """0–100 weighted mean of the normalised components; a null component drops out and the rest re-weight.

    `components` holds raw values: attendance_rate (0–1), satisfaction/learning/application (1–5), nps (−100–100).
    """
    weight_of = weights.model_dump() if isinstance(weights, EventScoreWeights) else dict(weights)
    scaled = normalised_components(components)
    present = {k: v for k, v in scaled.items() if v is not None and weight_of.get(k, 0) > 0}
    total_weight = sum(weight_of[k] for k in present)
    if total_weight == 0:
        return None
    return 100 * sum(weight_of[k] * v for k, v in present.items()) / total_weight


def _nps(answers: pd.Series) -> float | None:
    answers = answers.dropna()
    if answers.empty:
        return None
    return 100 * (float((answers >= 9).mean()) - float((answers <= 6).mean()))


def activity_lift(ctx: Context) -> pd.Series:
    """Per event: non-staff attendees' messages in the 14×24 h after start / in the 14×24 h before."""
    events = ctx.events
    if events.empty:
        return pd.Series(dtype="float64")
    went = attended_events(ctx.frames)
    pairs = went.loc[went["event_id"].isin(events["event_id"]) & ~went["member_id"].isin(ctx.staff_ids)]
    pairs = pairs.drop_duplicates(["event_id", "member_id"])
    messages = ctx.frames.messages
    near = messages.loc[messages["member_id"].isin(pairs["member_id"])
                        & (messages["sent_at"] >= events["starts_at"].min() - LIFT_WINDOW)
                        & (messages["sent_at"] < events["starts_at"].max() + LIFT_WINDOW),
                        ["member_id", "sent_at"]]
    joined = pairs.merge(near, on="member_id")
    offset = joined["sent_at"] - joined["starts_at"]
    joined["before"] = (offset >= -LIFT_WINDOW) & (offset < pd.Timedelta(0))
    joined["after"] = (offset >= pd.Timedelta(0)) & (offset < LIFT_WINDOW)
    sums = joined.groupby("event_id")[["before", "after"]].sum().reindex(events["event_id"], fill_value=0)
    return pd.Series({eid: ratio(row.after, row.before) for eid, row in sums.iterrows()}, dtype="object")


def rubric_scores(ctx: Context) -> pd.DataFrame:
    """Per event of P: mean facilitator rubric score (0–100, `event_rubric` weights as for applicants) and scorers."""
    from workbook.metrics.recruitment import screening_score

    sheets = ctx.frames.event_scores
    sheets = sheets.loc[sheets["event_id"].isin(ctx.events["event_id"])]
    scored = pd.DataFrame({"event_id": sheets["event_id"].to_numpy(), "score": [
        screening_score(s, ctx.profile.event_rubric) for s in sheets["scores"]]}, columns=["event_id", "score"])
    scored["score"] = scored["score"].astype("float64")
    return scored.dropna().groupby("event_id")["score"].agg(["mean", "size"])


def event_rows(ctx: Context) -> list[dict[str, Any]]:
    """One dict per event of P, sorted by starts_at (METRICS.md `events`)."""
    events = ctx.events
    attendance = ctx.frames.attendance
    attendance = attendance.loc[attendance["event_id"].isin(events["event_id"])]
    turnout = attendance.groupby("event_id")[["registered", "attended"]].sum()
    feedback = ctx.frames.feedback
    feedback = feedback.loc[feedback["event_id"].isin(events["event_id"])]
    answers = feedback.groupby("event_id")
    lift = activity_lift(ctx)
    rubric = rubric_scores(ctx)
    planning = registrations.planning_figures(events, ctx.frames.registrations, ctx.frames.attendance)
    members = len(ctx.members_in_period)
    weights = ctx.profile.event_score_weights
    rows = []
    for event in events.itertuples(index=False):
        eid = event.event_id
        registered = int(turnout["registered"].get(eid, 0))
        attended = int(turnout["attended"].get(eid, 0))
        mine = answers.get_group(eid) if eid in answers.groups else feedback.iloc[0:0]
        row: dict[str, Any] = {
            "event_id": eid, "title": event.title, "kind": event.kind, "mode": event.mode,
            "starts_at": event.starts_at.isoformat(),
            "registered": registered, "attended": attended,
            "attendance_rate": ratio(attended, registered),
            "reach": ratio(attended, members),
            "responses": len(mine),
            "response_rate": ratio(len(mine), attended),
            "satisfaction_avg": number(mine["satisfaction"].mean()),
            "learning_avg": number(mine["learning"].mean()),
            "application_avg": number(mine["application"].mean()),
            "nps": _nps(mine["nps"]),
        }
        row["score"] = composite_score(
            {"attendance_rate": row["attendance_rate"], "satisfaction": row["satisfaction_avg"],
             "nps": row["nps"], "learning": row["learning_avg"], "application": row["application_avg"]}, weights)
        row["low_confidence"] = row["responses"] < LOW_CONFIDENCE_RESPONSES
        row["activity_lift"] = number(lift.get(eid))
        row["rubric_score"] = number(rubric["mean"].get(eid))
        row["rubric_scorers"] = int(rubric["size"].get(eid, 0))
        row |= planning[eid]
        rows.append(row)
    return rows


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """METRICS.md `events_summary`: count, attended_total, mean score, best/worst event, score by kind."""
    scored = [r for r in rows if r["score"] is not None]
    by_kind: dict[str, list[float]] = {}
    for r in scored:
        by_kind.setdefault(r["kind"], []).append(r["score"])
    return {
        "count": len(rows),
        "attended_total": sum(r["attended"] for r in rows),
        "mean_score": sum(r["score"] for r in scored) / len(scored) if scored else None,
        "best_event_id": max(scored, key=lambda r: r["score"])["event_id"] if scored else None,
        "worst_event_id": min(scored, key=lambda r: r["score"])["event_id"] if scored else None,
        "score_by_kind": {kind: sum(v) / len(v) for kind, v in sorted(by_kind.items())},
    }


def top_events(rows: list[dict[str, Any]], count: int | None = None) -> list[dict[str, Any]]:
    """Event rows of a document with a score, best first (ties keep their order by start), at most `count`."""
    scored = sorted((e for e in rows if e["score"] is not None), key=lambda e: -e["score"])
    return scored[:count] if count is not None else scored
