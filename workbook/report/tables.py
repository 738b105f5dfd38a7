"""Parts of the metrics document and of workbook.metrics.series reshaped into localised tidy frames for
report tables and charts.

Only reshaping and labelling happens here; every figure comes from the document or a series as computed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from workbook.i18n import has, t
from workbook.report.format import value_label

if TYPE_CHECKING:
    from workbook.report.notebook import Report


def metric_label(key: str, lang: str) -> str:
    """A dotted metrics-document key as a reader names it (its last part's label), the key when unknown."""
    last = key.rsplit(".", 1)[-1]
    return t(f"metrics.key.{last}", lang) if has(f"metrics.key.{last}") else key


# Metrics that are shares in [0, 1]: a goal on one reads its baseline, target and actual as percentages.
SHARE_METRICS = ("rate", "share", "stickiness", "attention", "adherence", "pct")


def _goal_value(metric: str, value: object) -> object:
    """A goal's figure as its metric reads: 16.7% for a rate, the number otherwise (formatted later)."""
    last = metric.rsplit(".", 1)[-1]
    if isinstance(value, int | float) and value == value and any(word in last for word in SHARE_METRICS):
        return f"{value:.1%}"
    return value


def goals(document: dict[str, Any], lang: str) -> pd.DataFrame:
    rows = [{"goal": g["statement"], "metric": metric_label(g["metric"], lang),
             **{k: _goal_value(g["metric"], g[k]) for k in ("baseline", "target", "actual")},
             "progress": g["progress"], "elapsed": g["elapsed"],
             "on_track": t(f"report.on_track.{g['on_track']}".lower(), lang)}
            for g in document.get("goals", [])]
    return pd.DataFrame(rows, columns=["goal", "metric", "baseline", "target", "actual", "progress", "elapsed",
                                       "on_track"])


def goal_progress(document: dict[str, Any], lang: str) -> pd.DataFrame:
    """Columns goal, measure (progress / time elapsed), share — one bar pair per goal."""
    rows = []
    for g in document.get("goals", []):
        for measure in ("progress", "elapsed"):
            if g.get(measure) is not None:
                rows.append({"goal": g["statement"], "measure": t(f"report.col.{measure}", lang),
                             "share": g[measure]})
    return pd.DataFrame(rows, columns=["goal", "measure", "share"])


def counts(mapping: dict[str, Any], group: str, category: str, value: str, lang: str) -> pd.DataFrame:
    """A {value: count} mapping of the document as a two-column frame with localised categories."""
    rows = [{category: value_label(group, k, lang), value: v} for k, v in mapping.items()]
    return pd.DataFrame(rows, columns=[category, value])


def channel_funnel(report: Report) -> pd.DataFrame:
    """Columns channel, stage (applied → screened → accepted → joined, localised), applicants (series)."""
    funnel = report.series("recruitment_funnel")
    return pd.DataFrame({
        "channel": [value_label("channel", c, report.lang) for c in funnel["channel"]],
        "stage": [t(f"report.value.stage.{s}", report.lang) for s in funnel["stage"]],
        "applicants": funnel["applicants"].to_numpy()})


def score_distribution(report: Report) -> pd.DataFrame:
    """Columns bin_start, bin_end, suggested (localised), applicants: non-empty 10-point bins (series)."""
    bins = report.series("screening_distribution")
    bins = bins.loc[bins["applicants"] > 0]
    return bins.assign(suggested=[value_label("suggested", d, report.lang) for d in bins["suggested"]]
                       ).reset_index(drop=True)


def decisions(document: dict[str, Any], lang: str) -> pd.DataFrame:
    recruitment = document.get("recruitment", {})
    mapping = {d: recruitment.get(d, 0) for d in ("accepted", "waitlisted", "rejected", "undecided")}
    return counts(mapping, "decision", "decision", "applicants", lang)


By = str | tuple[str, ...] | None  # the cross-filters a chart table is split by (workbook.report.breakdowns)


def _filters(by: By) -> tuple[str, ...]:
    return () if by is None else (by,) if isinstance(by, str) else by


def content_items(report: Report, by: By = None) -> pd.DataFrame:
    """Columns title, format, kind (localised), views, attention, reactions, origin: the document's content, or
    per group of the cross-filters `by`."""
    names = _filters(by)
    items = report.breakdown("content_items", *names) if names else pd.DataFrame(
        report.document.get("content", []), columns=["title", "format", "kind", "views", "attention", "reactions",
                                                     "member_generated"])
    lang = report.lang
    frame = pd.DataFrame({
        "title": items["title"].to_numpy(), "format": [value_label("format", f, lang) for f in items["format"]],
        "kind": [value_label("content_kind", k, lang) for k in items["kind"]], "views": items["views"].to_numpy(),
        "attention": items["attention"].to_numpy(), "reactions": items["reactions"].to_numpy(),
        "origin": [value_label("origin", "member" if m else "team", lang) for m in items["member_generated"]]})
    return frame.assign(**{n: items[n].to_numpy() for n in names})


def _group_counts(report: Report, by: By, table: str, everyone: dict[str, Any], labels: str, column: str,
                  measure: str) -> pd.DataFrame:
    """Columns `column` (localised by the `labels` catalogue), `measure`: the document's counts `everyone`, or
    the breakdown `table` per group of the cross-filters `by`."""
    names = _filters(by)
    if not names:
        return counts(everyone, labels, column, measure, report.lang)
    frame = report.breakdown(table, *names)
    return frame.assign(**{column: [value_label(labels, v, report.lang) for v in frame[column]]})


def content_kinds(report: Report, by: By = None) -> pd.DataFrame:
    """Columns kind (localised), items: content_summary.by_kind, or per group of the cross-filters `by`."""
    return _group_counts(report, by, "content_kinds", report.document["content_summary"]["by_kind"],
                         "content_kind", "kind", "items")


CALENDAR_STATUSES = ("on_plan", "missed", "unplanned")


def content_calendar(report: Report, by: By = None) -> pd.DataFrame:
    """Columns date, status (published as planned / planned but missing / unplanned, localised), items; per group
    of the cross-filters `by` when given."""
    names = _filters(by)
    calendar = report.breakdown("content_calendar", *names) if names else report.series("content_calendar")
    keys = pd.DataFrame({"date": calendar["date"], "status": calendar["calendar_status"],
                         **{n: calendar[n] for n in names}})
    counts = keys.value_counts(sort=False).rename("items").reset_index()
    order = {s: i for i, s in enumerate(CALENDAR_STATUSES)}
    counts = counts.sort_values(["date", "status"], key=lambda c: c.map(order) if c.name == "status" else c,
                                kind="stable")
    return counts.assign(status=[value_label("calendar", s, report.lang) for s in counts["status"]]
                         ).reset_index(drop=True)


def attention_by_format(report: Report) -> pd.DataFrame:
    """Columns format (localised), items, views, reactions, median_attention (series)."""
    table = report.series("attention_by_format").dropna(subset=["median_attention"])
    return table.assign(format=[value_label("format", f, report.lang) for f in table["format"]])[
        ["format", "items", "views", "reactions", "median_attention"]]


def event_names(document: dict[str, Any]) -> dict[str, str]:
    """event_id → the name charts show: the title, with its date when another event shares it (a chart
    would otherwise add their bars up)."""
    events_of_period, tz = document.get("events", []), document["period"]["timezone"]
    titles = [e["title"] for e in events_of_period]
    return {e["event_id"]: e["title"] if titles.count(e["title"]) == 1 else
            f"{e['title']} ({pd.Timestamp(e['starts_at']).tz_convert(tz).date().isoformat()})"
            for e in events_of_period}


def events(document: dict[str, Any], lang: str, rows_of: list[dict[str, Any]] | None = None) -> pd.DataFrame:
    """Columns event, kind, registered … flag: the document's events (or `rows_of`, some of them)."""
    names = event_names(document)
    rows = [{"event": names[e["event_id"]], "kind": value_label("event_kind", e["kind"], lang),
             "registered": e["registered"], "attended": e["attended"], "attendance_rate": e["attendance_rate"],
             "satisfaction_avg": e["satisfaction_avg"], "nps": e["nps"], "score": e["score"],
             "responses": e["responses"],
             "flag": t("report.events.low_confidence", lang) if e["low_confidence"] else ""}
            for e in (document.get("events", []) if rows_of is None else rows_of)]
    return pd.DataFrame(rows, columns=["event", "kind", "registered", "attended", "attendance_rate",
                                       "satisfaction_avg", "nps", "score", "responses", "flag"])


def low_confidence_events(document: dict[str, Any], lang: str) -> pd.DataFrame:
    """Columns event, responses, flag of the events with too few survey answers to trust (METRICS.md)."""
    chosen = [e for e in document.get("events", []) if e["low_confidence"]]
    return events(document, lang, chosen)[["event", "responses", "flag"]]


def best_events(document: dict[str, Any], lang: str, count: int = 5) -> pd.DataFrame:
    """The `events` table of the best-scored events, best first."""
    from workbook.metrics.events import top_events

    return events(document, lang, top_events(document.get("events", []), count))


def event_components(report: Report) -> pd.DataFrame:
    """Columns event, component (localised), component_no, contribution (series: its share of the score)."""
    parts = report.series("event_components").dropna(subset=["value", "score"])
    order = {c: i for i, c in enumerate(dict.fromkeys(parts["component"]))}
    names = event_names(report.document)
    return pd.DataFrame({
        "event": parts["event_id"].map(names).to_numpy(),
        "component": [t(f"report.value.component.{c}", report.lang) for c in parts["component"]],
        "component_no": parts["component"].map(order).to_numpy(),
        "contribution": parts["contribution"].to_numpy(dtype="float64")})


def goal_trajectories(report: Report) -> pd.DataFrame:
    """Columns goal, date, measure (actual / planned path, localised), value, deadline: each month's actual
    from the series, and the straight planned path from baseline to the target at the deadline."""
    path = report.series("goal_trajectories")
    goals = report.series("goals").set_index("goal_id")
    actual, planned = t("report.value.trajectory.actual", report.lang), t("report.value.trajectory.planned",
                                                                         report.lang)
    rows = []
    for goal_id, months in path.groupby("goal_id", sort=False):
        statement, deadline = goals.at[goal_id, "statement"], pd.Timestamp(goals.at[goal_id, "deadline"])
        for month in months.itertuples(index=False):
            when = pd.Timestamp(month.end)
            rows += [{"goal": statement, "date": when, "measure": actual, "value": month.actual,
                      "deadline": deadline},
                     {"goal": statement, "date": when, "measure": planned, "value": month.expected,
                      "deadline": deadline}]
        if pd.Timestamp(months["end"].iloc[-1]) < deadline:
            rows.append({"goal": statement, "date": deadline, "measure": planned,
                         "value": months["target"].iloc[-1], "deadline": deadline})
    frame = pd.DataFrame(rows, columns=["goal", "date", "measure", "value", "deadline"])
    return frame.dropna(subset=["value"]).reset_index(drop=True)


def daily_posters(report: Report, by: By = None) -> pd.DataFrame:
    """Columns date, posters, messages (series), per published group of the cross-filters `by` when given."""
    names = _filters(by)
    return report.breakdown("daily_posters", *names) if names else report.series("daily_posters")


def tiers(report: Report, by: By = None) -> pd.DataFrame:
    """Columns tier (localised), members: the document's engagement tiers, or per group of the filters `by`."""
    return _group_counts(report, by, "tiers", report.document["engagement"]["tiers"], "tier", "tier", "members")


def weekly_active(report: Report, weeks_before: int | None = None, by: By = None) -> pd.DataFrame:
    """Columns week_start, week, active_members, in_period (localised: this period / before) (series); per group
    of the cross-filters `by` when given."""
    names = _filters(by)
    weeks = report.breakdown("weekly_active", *names) if names else report.series("weekly_active")
    if weeks_before is not None:
        first_in_period = weeks.index[weeks["in_period"]].min()
        weeks = weeks.loc[first_in_period - weeks_before:].reset_index(drop=True)
    return weeks.assign(in_period=[t(f"report.value.in_period.{bool(w)}".lower(), report.lang)
                                   for w in weeks["in_period"]])


def posting_heatmap(report: Report, by: By = None) -> pd.DataFrame:
    """Columns weekday (localised), weekday_no (0 = Monday), hour, messages (series); per group of the
    cross-filters `by` when given."""
    names = _filters(by)
    cells = report.breakdown("posting_heatmap", *names) if names else report.series("posting_heatmap")
    frame = pd.DataFrame({"weekday": [t(f"report.value.weekday.{d}", report.lang) for d in cells["weekday"]],
                          "weekday_no": cells["weekday"].to_numpy(), "hour": cells["hour"].to_numpy(),
                          "messages": cells["messages"].to_numpy()})
    return frame.assign(**{n: cells[n].to_numpy() for n in names})


def cohort_retention(report: Report) -> pd.DataFrame:
    """Columns cohort, months_since_join, members, posters, retention (share who posted) (series)."""
    cohorts = report.series("cohort_retention").rename(columns={"share": "retention"})
    return cohorts.assign(cohort=[value_label("cohort", c, report.lang) for c in cohorts["cohort"]])


def department_activity(report: Report) -> pd.DataFrame:
    """Columns department, members, posters, posting_rate (series; small departments merged)."""
    departments = report.series("department_activity")
    return departments.assign(department=[value_label("department", d, report.lang)
                                          for d in departments["department"]])


def _names(report: Report) -> pd.Series:
    """member_id → the name a report may show (the id when the profile asks for pseudonyms)."""
    people = report.series("people")
    return pd.Series(people["name"].to_numpy(), index=people["member_id"].to_numpy())


def _consenting(report: Report) -> set[str]:
    people = report.series("people")
    return set(people.loc[people["consent"], "member_id"])


def dormant(report: Report) -> pd.DataFrame:
    """Columns member, department: who posted in prev(P) but not in P — the people to contact."""
    people = report.series("people").set_index("member_id")
    ids = report.document["engagement"].get("dormant_member_ids", [])
    return pd.DataFrame({"member": [people["name"].get(m, m) for m in ids],
                         "department": [people["department"].get(m) for m in ids]},
                        columns=["member", "department"])


def recommendations(report: Report | dict[str, Any], lang: str | None = None) -> list[str]:
    """The recommendation texts in the report's language, naming the members they list as the report's other
    tables do (series.people: names, or ids where the profile asks for pseudonyms) rather than by id. Client
    notebook copies written before may still pass (document, lang): they get the document's texts, with ids."""
    if isinstance(report, dict):
        chosen = lang or "en"
        return [r.get(chosen) or r.get("en", "") for r in report.get("recommendations", [])]
    names = report.series("people").set_index("member_id")["name"]
    texts = []
    for suggestion in report.document.get("recommendations", []):
        text = suggestion.get(report.lang) or suggestion.get("en", "")
        if listed := suggestion.get("members"):
            text = text.replace(", ".join(listed), ", ".join(str(names.get(m, m)) for m in listed), 1)
        texts.append(text)
    return texts


def leaderboard(report: Report, *, consent_only: bool = False) -> pd.DataFrame:
    """Columns member, points, level (series); with `consent_only`, members who agreed to be named."""
    board = report.series("leaderboard")
    if consent_only:
        board = board.loc[board["member_id"].isin(_consenting(report))]
    level = board["level_zh"] if report.lang == "zh-CN" else board["level"]
    names = _names(report)
    return pd.DataFrame({"member": board["member_id"].map(names).to_numpy(), "points": board["points"].to_numpy(),
                         "level": level.to_numpy()})


def levels(document: dict[str, Any], lang: str) -> pd.DataFrame:
    points = document.get("points", {})
    names = {lv["en"]: lv[lang] for lv in points.get("levels", [])}
    rows = [{"level": names.get(level, level), "members": n} for level, n in points.get("by_level", {}).items()]
    return pd.DataFrame(rows, columns=["level", "members"])


def core_members(report: Report) -> pd.DataFrame:
    """Columns member, department, points, active_weeks (series)."""
    core = report.series("core_members")
    names = _names(report)
    return pd.DataFrame({"member": core["member_id"].map(names).to_numpy(),
                         "department": [value_label("department", d, report.lang) for d in core["department"]],
                         "points": core["points"].to_numpy(), "active_weeks": core["active_weeks"].to_numpy()})


STORY_COLUMNS = {"first_post": ("member", "date", "text"), "most_answered": ("member", "text", "replies"),
                 "best_event": ("event", "date", "score")}


STORIES_SHOWN = 3


def stories(report: Report, kind: str, *, limit: int = STORIES_SHOWN) -> pd.DataFrame:
    """The best `limit` milestones of one kind (first_post / most_answered / best_event) as a table; the series
    already keeps only members who agreed to be named and posts within the rules."""
    found = report.series("milestones")
    found = found.loc[found["kind"] == kind].head(limit)
    frame = pd.DataFrame({
        "member": found["name"].to_numpy(), "event": found["detail"].to_numpy(),
        "text": found["detail"].to_numpy(), "replies": found["value"].to_numpy(),
        "score": found["value"].to_numpy(),
        "date": [d.tz_convert(report.profile.timezone).date() for d in found["at"]]})
    return frame[list(STORY_COLUMNS[kind])]
