"""Parts of the metrics document reshaped into localised tidy frames for report tables and charts.

Only reshaping and labelling happens here; every figure comes from the document as computed.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from workbook.i18n import has, t


def value_label(group: str, value: object, lang: str) -> str:
    """Localised name of an enum value (channel, format, kind…); unknown values are data, shown as is."""
    key = f"report.value.{group}.{value}"
    return t(key, lang) if has(key) else str(value)


def _columns(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rename columns to their localised headers (report.col.<name>)."""
    return frame.rename(columns={c: t(f"report.col.{c}", lang) for c in frame.columns})


def goals(document: dict[str, Any], lang: str) -> pd.DataFrame:
    rows = [{"goal": g["statement"], "metric": g["metric"], "baseline": g["baseline"], "target": g["target"],
             "actual": g["actual"], "progress": g["progress"], "elapsed": g["elapsed"],
             "on_track": t(f"report.on_track.{g['on_track']}".lower(), lang)}
            for g in document.get("goals", [])]
    frame = pd.DataFrame(rows, columns=["goal", "metric", "baseline", "target", "actual", "progress", "elapsed",
                                        "on_track"])
    for col in ("progress", "elapsed"):
        frame[col] = [f"{v:.0%}" if v is not None and v == v else "—" for v in frame[col]]
    return _columns(frame, lang)


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


def channel_funnel(document: dict[str, Any], lang: str) -> pd.DataFrame:
    """Columns channel, stage (applied / accepted), applicants."""
    rows = []
    for channel, figures in document.get("recruitment", {}).get("by_channel", {}).items():
        for stage in ("applicants", "accepted"):
            rows.append({"channel": value_label("channel", channel, lang),
                         "stage": t(f"report.stage.{stage}", lang), "applicants": figures.get(stage, 0)})
    return pd.DataFrame(rows, columns=["channel", "stage", "applicants"])


def decisions(document: dict[str, Any], lang: str) -> pd.DataFrame:
    recruitment = document.get("recruitment", {})
    mapping = {d: recruitment.get(d, 0) for d in ("accepted", "waitlisted", "rejected", "undecided")}
    return counts(mapping, "decision", "decision", "applicants", lang)


def content_items(document: dict[str, Any], lang: str) -> pd.DataFrame:
    rows = [{"title": c["title"], "format": value_label("format", c["format"], lang),
             "kind": value_label("content_kind", c["kind"], lang), "views": c["views"],
             "attention": c["attention"], "reactions": c["reactions"],
             "member_generated": t(f"report.yes_no.{bool(c['member_generated'])}".lower(), lang)}
            for c in document.get("content", [])]
    return pd.DataFrame(rows, columns=["title", "format", "kind", "views", "attention", "reactions",
                                       "member_generated"])


def events(document: dict[str, Any], lang: str) -> pd.DataFrame:
    rows = [{"event": e["title"], "kind": value_label("event_kind", e["kind"], lang),
             "registered": e["registered"], "attended": e["attended"], "attendance_rate": e["attendance_rate"],
             "satisfaction_avg": e["satisfaction_avg"], "nps": e["nps"], "score": e["score"],
             "responses": e["responses"],
             "flag": t("report.events.low_confidence", lang) if e["low_confidence"] else ""}
            for e in document.get("events", [])]
    return pd.DataFrame(rows, columns=["event", "kind", "registered", "attended", "attendance_rate",
                                       "satisfaction_avg", "nps", "score", "responses", "flag"])


def localised(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The frame with localised column headers, ratios written as percentages, for display."""
    shown = frame.copy()
    for col in shown.columns:
        if col in ("attendance_rate", "attention", "share", "retention", "progress", "elapsed"):
            shown[col] = [f"{v:.1%}" if isinstance(v, float) and v == v else "—" for v in shown[col]]
        elif col in ("score", "satisfaction_avg", "nps"):
            shown[col] = [f"{v:.1f}" if isinstance(v, float) and v == v else "—" for v in shown[col]]
    return _columns(shown, lang)


def recommendations(document: dict[str, Any], lang: str) -> list[str]:
    """The recommendation texts in the report's language."""
    return [r.get(lang) or r.get("en", "") for r in document.get("recommendations", [])]


def _names(members: pd.DataFrame) -> dict[str, str]:
    return dict(zip(members["member_id"], members["display_name"], strict=True))


def leaderboard(document: dict[str, Any], members: pd.DataFrame, lang: str, *,
                consent_only: bool = False) -> pd.DataFrame:
    """Columns member (display name), points, level; with `consent_only`, members who agreed to be named."""
    names = _names(members)
    agreed = set(members.loc[members["consent"], "member_id"]) if "consent" in members else set()
    rows = [{"member": names.get(r["member_id"], r["member_id"]), "points": r["points"],
             "level": r["level_zh"] if lang == "zh-CN" else r["level"]}
            for r in document.get("points", {}).get("leaderboard", [])
            if not consent_only or r["member_id"] in agreed]
    return pd.DataFrame(rows, columns=["member", "points", "level"])


def levels(document: dict[str, Any], lang: str) -> pd.DataFrame:
    points = document.get("points", {})
    names = {lv["en"]: lv[lang] for lv in points.get("levels", [])}
    rows = [{"level": names.get(level, level), "members": n} for level, n in points.get("by_level", {}).items()]
    return pd.DataFrame(rows, columns=["level", "members"])


def core_members(document: dict[str, Any], members: pd.DataFrame) -> pd.DataFrame:
    names = _names(members)
    rows = [{"member": names.get(c["member_id"], c["member_id"]), "points": c["points"],
             "active_weeks": c["active_weeks"]} for c in document.get("culture", {}).get("core_members", [])]
    return pd.DataFrame(rows, columns=["member", "points", "active_weeks"])
