"""Engagement explorer: department / channel / period filters over the charts, dormant members, Excel export."""

from __future__ import annotations

import base64
import dataclasses
import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import ipywidgets as widgets
import pandas as pd

from workbook import paths
from workbook.forms.context import FormContext
from workbook.forms.dates import as_date, day_text
from workbook.forms.ui import Field, Status, guarded, note, section, table_html
from workbook.store import Frames

ALL = ""
EXPORT_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*", re.ASCII)
DORMANT_COLUMNS = ("display_name", "department", "last_posted", "email", "phone")


@dataclass
class EngagementView:
    widget: widgets.VBox
    department: widgets.Dropdown
    channel: widgets.Dropdown
    period: widgets.Text
    summary: widgets.HTML
    charts: widgets.VBox
    dormant: widgets.HTML
    export: widgets.Button
    download: widgets.HTML
    status: Status
    fields: dict[str, Field]
    state: dict[str, Any]


def filtered(frames: Frames, department: str = ALL, channel: str = ALL) -> Frames:
    """Frames limited to one department's members and/or one channel's messages (ALL keeps everything)."""
    members, messages = frames.members, frames.messages
    if department:
        members = members.loc[(members["department"] == department) | members["is_staff"]]
        messages = messages.loc[messages["member_id"].isin(members["member_id"])]
    if channel:
        messages = messages.loc[messages["channel"] == channel]
    return dataclasses.replace(frames, members=members, messages=messages)


def dormant_table(frames: Frames, profile: Any, period: Any) -> pd.DataFrame:
    """Members of the period who posted in prev(P) but not in P, with when they last posted and how to reach them."""
    from workbook.metrics import engagement
    from workbook.metrics.context import Context

    ctx = Context(frames, profile, period)
    ids = engagement.dormant_ids(ctx, engagement.posters(ctx))
    members = frames.members.set_index("member_id")
    last = engagement.last_posted(ctx, ids)
    rows = [{"member_id": m, "display_name": members.at[m, "display_name"],
             "department": members.at[m, "department"], "last_posted": last.get(m),
             "email": members.at[m, "email"], "phone": members.at[m, "phone"]} for m in ids]
    return pd.DataFrame(rows, columns=["member_id", *DORMANT_COLUMNS])


def export_path(client: str, period_label: str) -> Path:
    """data/<client>/exports/dormant-<period>.xlsx: member contacts stay beside the client's data, never in a
    published report pack; the name is built from a client name and a parsed period label only."""
    exports = paths.client_dir(client).resolve() / "exports"
    if not EXPORT_PART.fullmatch(client) or not EXPORT_PART.fullmatch(period_label):
        raise ValueError(f"not an export name: {client!r}, {period_label!r}")
    path = exports / f"dormant-{period_label}.xlsx"
    if path.resolve().parent != exports:
        raise ValueError(f"{path} is outside {exports}")
    return path


def write_excel(frame: pd.DataFrame, path: Path, sheet: str) -> Path:
    """The table as one .xlsx sheet (openpyxl), folders created as needed; text a spreadsheet would run as a
    formula (a member named `=HYPERLINK(…)`) is written inert."""
    from workbook.safe_cells import neutralise

    safe = frame.map(lambda v: v if isinstance(v, date) else neutralise(v)).rename(
        columns=lambda c: neutralise(str(c)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl", date_format="yyyy-mm-dd") as writer:
        safe.to_excel(writer, sheet_name=sheet[:31], index=False)
        _fit_columns(writer.sheets[sheet[:31]])
    return path


def _fit_columns(worksheet: Any) -> None:
    """Each column as wide as its longest cell (a CJK character counts two), dates as yyyy-mm-dd cells."""
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(worksheet.iter_cols(), start=1):
        widths = [10]
        for cell in column:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
                widths.append(12)
            elif cell.value is not None:
                text = str(cell.value)
                widths.append(sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) + 2)
        worksheet.column_dimensions[get_column_letter(index)].width = min(max(widths), 60)


def period_notes(ctx: FormContext, period: Any, figures: dict[str, Any],
                 today: date | None = None) -> list[tuple[str, str]]:
    """(sentence, level) for a period that has not started, is still running, or has nothing in it."""
    from workbook.report.notebook import has_data

    today = today or datetime.now(ZoneInfo(period.timezone)).date()
    notes = []
    if today < period.start:
        notes.append((ctx.label("report.period_future", today=today), "warning"))
    elif today <= period.end:
        notes.append((ctx.label("report.period_open", today=today), "info"))
    if not has_data({"engagement": figures}):
        notes.append((ctx.label("report.period_empty"), "warning"))
    return notes


def engagement_view(ctx: FormContext, charts: bool = True) -> EngagementView:
    """Filters re-draw the charts and the dormant list; `charts=False` skips drawing (tests, speed)."""
    frames = ctx.frames()
    loaded = {ctx.period.label: frames}  # the windowed read of each period looked at, read once
    state: dict[str, Any] = {"table": pd.DataFrame(), "export_path": None}
    departments = sorted({d for d in frames.members["department"].dropna() if d})
    channels = sorted({c for c in frames.messages["channel"].dropna() if c})
    everything = ctx.label("form.engagement.all")
    department = widgets.Dropdown(options=[(everything, ALL), *((d, d) for d in departments)], value=ALL)
    channel = widgets.Dropdown(options=[(everything, ALL), *((c, c) for c in channels)], value=ALL)
    period = widgets.Text(value=ctx.period_label, continuous_update=False)
    summary, dormant, download = widgets.HTML(), widgets.HTML(), widgets.HTML()
    chart_box = widgets.VBox()
    export = widgets.Button(description=ctx.label("form.engagement.export"), icon="")
    status = Status()
    fields = {"department": Field(ctx.label("form.engagement.department"), department),
              "channel": Field(ctx.label("form.engagement.channel"), channel),
              "period": Field(ctx.label("form.engagement.period"), period)}

    def chosen_period() -> Any:
        from workbook.periods import PeriodError, parse

        try:
            value = parse(period.value.strip(), ctx.profile.timezone)
        except PeriodError:
            fields["period"].set_error(ctx.label("page.bad_period", period=period.value))
            return None
        fields["period"].set_error(None)
        return value

    @guarded(status, ctx)
    def refresh(*_: object) -> None:
        from workbook.metrics import engagement, series
        from workbook.metrics.context import Context

        chosen = chosen_period()
        if chosen is None:
            return
        if chosen.label not in loaded:
            loaded[chosen.label] = ctx.frames(chosen)
        subset = filtered(loaded[chosen.label], department.value, channel.value)
        members = subset.members.loc[~subset.members["is_staff"]]
        if department.value and len(members) < ctx.profile.privacy.min_group_size:
            summary.value = note(ctx.label("form.engagement.too_small", size=ctx.profile.privacy.min_group_size),
                                 "warning")
            chart_box.children, dormant.value, state["table"] = (), "", pd.DataFrame()
            return
        figures = engagement.engagement(Context(subset, ctx.profile, chosen))  # this section only
        summary.value = "".join(f"<div>{note(text, level)}</div>" for text, level in [
            # The page's own period has these sentences in the page header already.
            *(period_notes(ctx, chosen, figures) if chosen.label != ctx.period.label else []),
            (ctx.label("form.engagement.summary", members=figures["members_in_period"], posters=figures["posters"],
                       active=figures["active_members"], dormant=figures["dormant"]), "info")])
        table = dormant_table(subset, ctx.profile, chosen)
        state["table"] = table
        headers = {c: ctx.label(f"form.engagement.col.{c}") for c in DORMANT_COLUMNS}
        shown = table.assign(last_posted=[day_text(d, ctx.lang, tz=ctx.profile.timezone) for d in table["last_posted"]])
        dormant.value = table_html(shown.to_dict("records"), headers) if len(table) else note(
            ctx.label("form.engagement.no_dormant"), "ok")
        if charts:
            from workbook import charts as chart_builders

            chart_box.children = (_static(chart_builders.daily_posters(
                series.daily_posters(subset, ctx.profile, chosen), ctx.lang)),)

    @guarded(status, ctx)
    def on_export(_: object) -> None:
        chosen = chosen_period()
        if chosen is None:
            return
        table = state["table"]
        headers = {c: ctx.label(f"form.engagement.col.{c}") for c in DORMANT_COLUMNS}
        frame = table[list(DORMANT_COLUMNS)].assign(
            last_posted=[as_date(d, ctx.profile.timezone) for d in table["last_posted"]]).rename(columns=headers)
        path = write_excel(frame, export_path(ctx.client, chosen.label), ctx.label("form.engagement.dormant"))
        name = path.name
        state["export_path"] = path
        data = base64.b64encode(path.read_bytes()).decode()
        download.value = (f'<a download="{html.escape(name)}" href="data:application/vnd.openxmlformats-'
                          f'officedocument.spreadsheetml.sheet;base64,{data}">{html.escape(name)}</a>')
        status.show(ctx.label("form.engagement.exported", path=str(path)), "ok")

    for w in (department, channel, period):
        w.observe(refresh, "value")
    export.on_click(on_export)
    refresh()
    box = section(ctx.label("form.engagement.title"), *(f.box for f in fields.values()), summary, chart_box,
                  widgets.HTML(f"<h4>{html.escape(ctx.label('form.engagement.dormant'))}</h4>"), dormant,
                  widgets.HBox([export, download]), status)
    box.add_class("wb-form-engagement")
    return EngagementView(box, department, channel, period, summary, chart_box, dormant, export, download, status,
                          fields, state)


def _static(chart: Any) -> widgets.HTML:
    """The chart as inline SVG (vl-convert, ~70 ms): no JavaScript bundle for the page to load, and each
    filter change swaps the picture."""
    from workbook.charts import to_svg

    box = widgets.HTML(f'<figure class="wb-figure">{to_svg(chart)}</figure>')
    box.add_class("wb-chart")
    return box
