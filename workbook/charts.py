"""Altair chart builders over tidy DataFrames, the `workbook` theme, and offline SVG rendering.

Every builder only turns a frame into a chart (no computation); titles and axis labels come from the
i18n catalogue (workbook/i18n/charts.yaml) in the report's language.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from workbook.i18n import t


def _import_altair() -> Any:
    """altair, without its JupyterChart widget outside Voila: on import altair loads anywidget and ipywidgets
    (0.17 s of every report kernel) for a widget only a Voila page could use; our charts are SVG. The block
    lasts only for altair's import (it then defines a stand-in), so anywidget stays importable."""
    in_voila = "VOILA_KERNEL_ID" in os.environ or os.environ.get("VOILA_PREHEAT") == "True"
    if in_voila or "altair" in sys.modules or "anywidget" in sys.modules:
        import altair
        return altair
    sys.modules["anywidget"] = None  # type: ignore[assignment]
    try:
        import altair
    finally:
        del sys.modules["anywidget"]
    return altair


alt = _import_altair()

CJK_FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"))
FONT = "Noto Sans CJK SC"
PALETTE = ["#2f6f9f", "#e07b39", "#5a9e6f", "#c1443c", "#8a6bb1", "#9c7a4d", "#d17fb6", "#7f7f7f"]
WIDTH, HEIGHT = 560, 240
BAR_STEP = 20
MONTH_FORMAT, DAY_FORMAT = "%Y-%m", "%m-%d"  # numeric: Vega's month names are English only
LABEL_LIMIT = 260


@alt.theme.register("workbook", enable=True)
def workbook_theme() -> alt.theme.ThemeConfig:
    """One look for every chart: CJK-capable font, calm palette (the client's brand colour first), no border."""
    from workbook.branding import palette

    colours = palette(PALETTE)
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": colours},
            "mark": {"color": colours[0]},
            "title": {"anchor": "start", "fontSize": 15, "fontWeight": "bold"},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "gridColor": "#e6e6e6",
                     "labelLimit": LABEL_LIMIT},
            "legend": {"labelFontSize": 11, "titleFontSize": 12},
        }
    }


@cache
def register_fonts() -> None:
    """Let vl-convert see the CJK font; without it Chinese labels silently become boxes."""
    import vl_convert

    for folder in CJK_FONT_DIRS:
        if folder.is_dir():
            vl_convert.register_font_directory(str(folder))


COMPACT_ROWS = 100
_ISO_MOMENT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


def compact_data(spec: dict[str, Any]) -> dict[str, Any]:
    """`spec` with each inline dataset of more than COMPACT_ROWS rows written as CSV text, columns typed by an
    explicit parse: a filterable chart carries every group's rows, and CSV is about a fifth of the JSON records."""
    datasets = spec.get("datasets") or {}
    formats: dict[str, dict[str, Any]] = {}
    compact = {}
    for name, rows in datasets.items():
        if not isinstance(rows, list) or len(rows) <= COMPACT_ROWS or not all(
                isinstance(r, dict) and all(v is None or isinstance(v, str | int | float) for v in r.values())
                for r in rows):
            compact[name] = rows
            continue
        columns = list(dict.fromkeys(k for row in rows for k in row))
        parse = {c: kind for c in columns if (kind := _column_kind([row.get(c) for row in rows]))}
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if row.get(c) is None else row.get(c) for c in columns] for row in rows])
        compact[name] = buffer.getvalue()
        formats[name] = {"type": "csv", "parse": parse}
    if not formats:
        return spec
    return _with_formats({**spec, "datasets": compact}, formats)


def _column_kind(values: list[Any]) -> str | None:
    """Vega's parse type of a column: number, boolean, date (ISO text) or None (text as it is)."""
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "number"
    if present and all(isinstance(v, str) and _ISO_MOMENT.fullmatch(v) for v in present):
        return "date"
    return None


def _with_formats(node: Any, formats: dict[str, dict[str, Any]]) -> Any:
    """Every `data: {name}` reference to a compacted dataset given its CSV format."""
    if isinstance(node, dict):
        out = {k: (v if k == "datasets" else _with_formats(v, formats)) for k, v in node.items()}
        data = out.get("data")
        if isinstance(data, dict) and data.get("name") in formats and "format" not in data:
            out["data"] = {**data, "format": formats[data["name"]]}
        return out
    if isinstance(node, list):
        return [_with_formats(item, formats) for item in node]
    return node


def to_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    """Static SVG of `chart` (or its Vega-Lite dict), rendered by vl-convert with no network."""
    import vl_convert

    register_fonts()
    return vl_convert.vegalite_to_svg(chart if isinstance(chart, dict) else chart.to_dict())


def _title(name: str, lang: str) -> str:
    return t(f"chart.{name}.title", lang)


def _axis(name: str, lang: str) -> str:
    return t(f"chart.axis.{name}", lang)


def _tip(field: str, kind: str, lang: str, fmt: str | None = None, title: str | None = None) -> alt.Tooltip:
    """A tooltip line titled in the page's language (never the column's code name)."""
    extra: dict[str, Any] = {"format": fmt} if fmt else {}
    if kind == "T":
        extra = {"format": fmt or "%Y-%m-%d"}
    return alt.Tooltip(f"{field}:{kind}", title=_axis(title or field, lang), **extra)


def _base(frame: pd.DataFrame, name: str, lang: str) -> alt.Chart:
    return alt.Chart(frame, title=_title(name, lang))


BRUSH = "wb_brush"
OVERVIEW_HEIGHT = 60


def daily_posters(frame: pd.DataFrame, lang: str) -> alt.VConcatChart:
    """Columns: date (date or datetime), posters. The line above zooms to the days brushed on the strip below
    (an interval selection on x; double-click resets)."""
    frame = frame.assign(date=pd.to_datetime(frame["date"]))  # datetime.date is not JSON for vl-convert
    brush = alt.selection_interval(name=BRUSH, encodings=["x"])
    detail = alt.Chart().mark_line(point=True).encode(
        x=alt.X("date:T", title=_axis("date", lang), axis=alt.Axis(format=DAY_FORMAT),
                scale=alt.Scale(domain={"param": BRUSH})),
        y=alt.Y("posters:Q", title=_axis("posters", lang), axis=alt.Axis(tickMinStep=1)),
        tooltip=[_tip("date", "T", lang), _tip("posters", "Q", lang)],
    ).properties(width=WIDTH, height=HEIGHT)
    overview = alt.Chart().mark_area(opacity=0.5).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format=DAY_FORMAT)),
        y=alt.Y("posters:Q", title=None, axis=alt.Axis(tickCount=2)),
        tooltip=[_tip("date", "T", lang), _tip("posters", "Q", lang)],
    ).add_params(brush).properties(width=WIDTH, height=OVERVIEW_HEIGHT)
    return alt.vconcat(detail, overview, data=frame, title=_title("daily_posters", lang))


def cross_filter(spec: dict[str, Any], name: str, options: list[tuple[str, str]], label: str,
                 everyone: str) -> dict[str, Any]:
    """`spec` (a chart's Vega-Lite dict whose data has a `name` column) drawing only the rows of the group the
    variable parameter `name` holds (`everyone` at first, so the static SVG shows everyone). `usermeta` declares
    the filter so the page builds one selector per filter and sets the parameter of every chart declaring it."""
    spec = dict(spec)
    spec["params"] = [*spec.get("params", []), {"name": name, "value": everyone}]
    spec["transform"] = [{"filter": f"datum[{name!r}] === {name}"}, *spec.get("transform", [])]
    spec["usermeta"] = {**spec.get("usermeta", {}), "wb_filter": {
        "param": name, "label": label, "options": [{"value": v, "label": text} for v, text in options]}}
    return spec


def cross_highlight(spec: dict[str, Any], name: str, field: str, options: list[tuple[str, str]], label: str,
                    everyone: str) -> dict[str, Any]:
    """`spec` (one view whose `field` holds the groups' labels) with the group the parameter `name` holds at full
    colour and the others faded; declared like cross_filter, so the page's selector drives it too."""
    values = json.dumps([v for v, _ in options], ensure_ascii=False)
    labels = json.dumps([text for _, text in options], ensure_ascii=False)
    chosen = f"{labels}[indexof({values}, {name})]"
    spec = dict(spec)
    spec["params"] = [*spec.get("params", []), {"name": name, "value": everyone}]
    spec["encoding"] = {**spec.get("encoding", {}), "opacity": {
        "condition": {"test": f"{name} === {everyone!r} || datum[{field!r}] === {chosen}", "value": 1},
        "value": 0.25}}
    spec["usermeta"] = {**spec.get("usermeta", {}), "wb_filter": {
        "param": name, "label": label, "mode": "highlight",
        "options": [{"value": v, "label": text} for v, text in options]}}
    return spec


def weekly_active(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: week_start, active_members, in_period (localised: this period / before)."""
    frame = frame.assign(week_start=pd.to_datetime(frame["week_start"]))
    return _base(frame, "weekly_active", lang).mark_bar().encode(
        x=alt.X("yearmonthdate(week_start):O", title=_axis("week", lang),
                axis=alt.Axis(format=DAY_FORMAT, formatType="time", labelAngle=-45)),
        y=alt.Y("active_members:Q", title=_axis("active_members", lang)),
        color=alt.Color("in_period:N", title=_axis("in_period", lang), sort=None),
        tooltip=[_tip("week_start", "T", lang, title="week"), _tip("active_members", "Q", lang),
                 _tip("in_period", "N", lang)],
    )


def heat_map(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: weekday (localised label), weekday_no (0 = Monday), hour (0–23), messages."""
    return _base(frame, "heat_map", lang).mark_rect().encode(
        x=alt.X("hour:O", title=_axis("hour", lang)),
        y=alt.Y("weekday:N", title=_axis("weekday", lang), sort=alt.EncodingSortField("weekday_no")),
        color=alt.Color("messages:Q", title=_axis("messages", lang), scale=alt.Scale(scheme="blues")),
        tooltip=[_tip("weekday", "N", lang), _tip("hour", "O", lang), _tip("messages", "Q", lang)],
    )


def cohort_retention(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: cohort (join month), months_since_join, retention (0–1 share of the cohort who posted)."""
    return _base(frame, "cohort_retention", lang).mark_rect().encode(
        x=alt.X("months_since_join:O", title=_axis("months_since_join", lang)),
        y=alt.Y("cohort:O", title=_axis("cohort", lang)),
        color=alt.Color("retention:Q", title=_axis("retention", lang), scale=alt.Scale(scheme="greens"),
                        legend=alt.Legend(format=".0%")),
        tooltip=[_tip("cohort", "O", lang), _tip("months_since_join", "O", lang),
                 _tip("retention", "Q", lang, ".0%")],
    ).properties(width=alt.Step(2 * BAR_STEP), height=alt.Step(BAR_STEP + 4))


def bar(frame: pd.DataFrame, name: str, category: str, value: str, lang: str, *,
        colour: str | None = None, percent: bool = False, horizontal: bool = True,
        grouped: bool = False) -> alt.Chart:
    """A bar per `category` (already localised) sized by `value`; `colour` stacks, or sits side by side
    when `grouped` (kept in data order, e.g. funnel stages)."""
    value_axis = alt.Axis(format=".0%") if percent else alt.Axis(tickMinStep=1)
    val = alt.X(f"{value}:Q", title=_axis(value, lang), axis=value_axis) if horizontal else \
        alt.Y(f"{value}:Q", title=_axis(value, lang), axis=value_axis)
    order: Any = None if grouped else "-x"
    cat = alt.Y(f"{category}:N", title=_axis(category, lang), sort=order) if horizontal else \
        alt.X(f"{category}:N", title=_axis(category, lang), sort=None, axis=alt.Axis(labelAngle=0))
    encoding: dict[str, Any] = {"x": val, "y": cat} if horizontal else {"x": cat, "y": val}
    tooltip: list[Any] = [_tip(category, "N", lang), _tip(value, "Q", lang, ".0%" if percent else ",.2~f")]
    if colour:
        encoding["color"] = alt.Color(f"{colour}:N", title=_axis(colour, lang), sort=None)
        tooltip.append(_tip(colour, "N", lang))
        if grouped:
            offset = alt.YOffset if horizontal else alt.XOffset
            encoding["yOffset" if horizontal else "xOffset"] = offset(f"{colour}:N", sort=None)
    chart = _base(frame, name, lang).mark_bar().encode(**encoding, tooltip=tooltip)
    # A fixed band per bar (with an offset, per bar of a group) keeps long lists readable instead of squashed.
    return chart.properties(height=alt.Step(BAR_STEP)) if horizontal else chart.properties(width=alt.Step(3 * BAR_STEP))


def calendar_vs_plan(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: date, status (localised: published as planned / planned, missing / unplanned), items."""
    frame = frame.assign(date=pd.to_datetime(frame["date"]))
    return _base(frame, "calendar_vs_plan", lang).mark_bar().encode(
        x=alt.X("date(date):O", title=_axis("day_of_month", lang)),
        y=alt.Y("items:Q", title=_axis("items", lang), axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("status:N", title=_axis("status", lang), sort=None),
        tooltip=[_tip("date", "T", lang), _tip("status", "N", lang), _tip("items", "Q", lang)],
    )


def score_distribution(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: bin_start, bin_end (0–100), suggested (localised decision), applicants."""
    return _base(frame, "score_distribution", lang).mark_bar(orient="vertical", binSpacing=1).encode(
        x=alt.X("bin_start:Q", title=_axis("screening_score", lang), scale=alt.Scale(domain=[0, 100]),
                axis=alt.Axis(tickCount=10)),
        x2="bin_end:Q",
        y=alt.Y("applicants:Q", title=_axis("applicants", lang), stack="zero", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("suggested:N", title=_axis("suggested", lang), sort=None),
        tooltip=[_tip("bin_start", "Q", lang), _tip("bin_end", "Q", lang), _tip("suggested", "N", lang),
                 _tip("applicants", "Q", lang)],
    )


def goal_trajectory(frame: pd.DataFrame, lang: str) -> alt.FacetChart:
    """Columns: goal, date, measure (localised actual / planned path), value, deadline; one panel per goal."""
    frame = frame.assign(date=pd.to_datetime(frame["date"]), deadline=pd.to_datetime(frame["deadline"]))
    path = alt.Chart().mark_line(point=True).encode(
        x=alt.X("date:T", title=_axis("date", lang),
                # Points sit on month ends: full dates, so October's point is not read as "2026-11".
                axis=alt.Axis(format="%Y-%m-%d", tickCount={"interval": "month", "step": 1}, labelAngle=-30)),
        y=alt.Y("value:Q", title=_axis("value", lang), scale=alt.Scale(zero=False)),
        color=alt.Color("measure:N", title=_axis("measure", lang), sort=None),
        strokeDash=alt.StrokeDash("measure:N", title=_axis("measure", lang), sort=None),
        tooltip=[_tip("measure", "N", lang), _tip("date", "T", lang), _tip("value", "Q", lang, ",.3~f")],
    )
    deadline = alt.Chart().mark_rule(color="#c1443c", strokeDash=[2, 2]).encode(
        x="max(deadline):T", tooltip=[alt.Tooltip("max(deadline):T", title=_axis("deadline", lang), format="%Y-%m-%d")])
    return alt.layer(path, deadline, data=frame).properties(width=WIDTH, height=150).facet(
        facet=alt.Facet("goal:N", title=None, sort=None, header=alt.Header(
            labelOrient="top", labelAnchor="start", labelFontSize=13, labelFontWeight="bold")),
        columns=1, title=_title("goal_trajectory", lang),
    ).resolve_scale(y="independent")


def event_components(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Columns: event (title), component (localised), component_no, contribution (points adding up to the score)."""
    return _base(frame, "event_components", lang).mark_bar().encode(
        x=alt.X("contribution:Q", title=_axis("score", lang), scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("event:N", title=_axis("event", lang), sort=None),
        color=alt.Color("component:N", title=_axis("component", lang), sort=None),
        order=alt.Order("component_no:Q"),
        tooltip=[_tip("event", "N", lang), _tip("component", "N", lang), _tip("contribution", "Q", lang, ".1f")],
    ).properties(height=alt.Step(BAR_STEP + 6))
