"""Content planning: a week view of plan slots, add/edit/move a slot, planned → published with its item."""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook import store
from workbook.forms.cadence import Slot, plan_warnings
from workbook.forms.context import FormContext
from workbook.forms.dates import day_text
from workbook.forms.ui import Field, Status, guarded, note, options, save, searchable, section
from workbook.schemas import CONTENT_FORMATS, CONTENT_KINDS, SLOT_STATUSES

NEW = ""


@dataclass
class PlanForm:
    widget: widgets.VBox
    week: widgets.DatePicker
    previous_week: widgets.Button
    next_week: widgets.Button
    calendar: widgets.HTML
    warnings: widgets.HTML
    slot: widgets.Dropdown
    due: widgets.DatePicker
    kind: widgets.Dropdown
    format: widgets.Dropdown
    topic: widgets.Text
    owner: widgets.Text
    status_choice: widgets.Dropdown
    content: widgets.Dropdown
    save: widgets.Button
    status: Status
    fields: dict[str, Field]
    state: dict[str, Any]
    slot_search: widgets.Combobox
    content_search: widgets.Combobox


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _slots(frame: pd.DataFrame) -> list[Slot]:
    return [Slot(str(r.slot_id), pd.Timestamp(r.due).date(), r.format, r.status or "planned")
            for r in frame.itertuples() if r.due is not None and not pd.isna(r.due)]


def plan_form(ctx: FormContext) -> PlanForm:
    """The week shown starts on the Monday of the period's first day; warnings cover the whole period."""
    period = ctx.period
    state: dict[str, Any] = {"version": None, "plan": pd.DataFrame()}
    week = widgets.DatePicker(value=_monday(period.start))
    previous_week = widgets.Button(description="◀", layout=widgets.Layout(width="3em"),
                                   tooltip=ctx.label("form.plan.previous_week"))
    next_week = widgets.Button(description="▶", layout=widgets.Layout(width="3em"),
                               tooltip=ctx.label("form.plan.next_week"))
    calendar, warnings = widgets.HTML(), widgets.HTML()
    slot = widgets.Dropdown()
    due = widgets.DatePicker(value=period.start)
    kind = widgets.Dropdown(options=options(ctx, "content_kind", CONTENT_KINDS, blank=True), value=None)
    fmt = widgets.Dropdown(options=options(ctx, "format", CONTENT_FORMATS, blank=True), value=None)
    topic = widgets.Text()
    owner = widgets.Text(value=ctx.who)
    status_choice = widgets.Dropdown(options=options(ctx, "slot_status", SLOT_STATUSES), value="planned")
    content = widgets.Dropdown()
    save_button = widgets.Button(description=ctx.label("form.save"), button_style="primary")
    status = Status()
    slot_row, slot_search = searchable(ctx, slot)
    content_row, content_search = searchable(ctx, content)
    fields = {name: Field(ctx.label(f"form.plan.{name}"), w) for name, w in (
        ("slot", slot_row), ("due", due), ("kind", kind), ("format", fmt), ("topic", topic), ("owner", owner),
        ("status", status_choice), ("content", content_row))}

    def show_week(*_: object) -> None:
        monday = _monday(week.value or period.start)
        plan = state["plan"]
        cells = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            items = [r for r in plan.itertuples() if r.due is not None and pd.Timestamp(r.due).date() == day]
            entries = "".join(
                f'<div class="wb-slot wb-slot-{html.escape(str(r.status))}" data-slot="{html.escape(r.slot_id)}">'
                f'{html.escape(r.topic or "—")}<br><small>{html.escape(ctx.choice("format", r.format or "—"))} · '
                f'{html.escape(ctx.choice("slot_status", r.status or "planned"))}</small></div>' for r in items)
            cells.append(f'<td style="vertical-align:top;min-width:5.5em;border:1px solid #ddd;padding:4px">'
                         f'<b>{html.escape(ctx.label(f"form.weekday.{offset}"))} '
                         f'{day_text(day, ctx.lang, year=False)}</b>{entries}</td>')
        calendar.value = f'<div class="wb-scroll"><table class="wb-week"><tr>{"".join(cells)}</tr></table></div>'

    def show_warnings() -> None:
        found = plan_warnings(_slots(state["plan"]), period.start, period.end)
        items = "".join(f"<li>{note(ctx.label(w.key, **_localised(ctx, w.values)), 'warning')}</li>" for w in found)
        warnings.value = f'<ul class="wb-plan-warnings">{items}</ul>' if items else note(
            ctx.label("form.plan.no_warnings"), "ok")

    def reload(select: str = NEW) -> None:
        plan = store.read_table(ctx.engine, ctx.client, "content_plan")
        state["plan"] = plan.sort_values(["due", "slot_id"], kind="stable") if len(plan) else plan
        slot.options = [(ctx.label("form.plan.new"), NEW), *(
            (f"{day_text(r.due, ctx.lang)} · {r.topic or '—'}", r.slot_id) for r in state["plan"].itertuples())]
        slot.value = select
        items = store.read_table(ctx.engine, ctx.client, "content").sort_values("published_at", ascending=False)
        content.options = [("—", None), *((f"{r.title} ({r.content_id})", r.content_id) for r in items.itertuples())]
        show_week()
        show_warnings()

    def on_slot(change: dict[str, Any]) -> None:
        for f in fields.values():
            f.set_error(None)
        rows = state["plan"].loc[state["plan"]["slot_id"] == change["new"]] if len(state["plan"]) else []
        if len(rows) == 0:
            state["version"] = None
            topic.value, kind.value, fmt.value, status_choice.value, content.value = "", None, None, "planned", None
            return
        row = rows.iloc[0]
        state["version"] = int(row["version"])
        due.value = pd.Timestamp(row["due"]).date()
        kind.value = row["kind"] if row["kind"] in CONTENT_KINDS else None
        fmt.value = row["format"] if row["format"] in CONTENT_FORMATS else None
        topic.value, owner.value = row["topic"] or "", row["owner"] or ""
        status_choice.value = row["status"] if row["status"] in SLOT_STATUSES else "planned"
        content.value = row["content_id"] if row["content_id"] in [v for _, v in content.options] else None

    def move(days: int) -> None:
        week.value = _monday(week.value or period.start) + timedelta(days=days)

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        for f in fields.values():
            f.set_error(None)
        problems = {}
        if due.value is None:
            problems["due"] = ctx.label("form.error.required")
        if not topic.value.strip():
            problems["topic"] = ctx.label("form.error.required")
        if status_choice.value == "published" and content.value is None:
            problems["content"] = ctx.label("form.plan.needs_content")
        for name, text in problems.items():
            fields[name].set_error(text)
        if problems:
            status.show(ctx.label("form.not_saved"), "error")
            return
        slot_id = slot.value or f"s-{uuid.uuid4().hex[:8]}"
        record = {"slot_id": slot_id, "due": due.value, "kind": kind.value, "format": fmt.value,
                  "topic": topic.value.strip(), "owner": owner.value.strip() or None, "status": status_choice.value,
                  "content_id": content.value}
        def saved(_version: int) -> None:
            week.value = _monday(record["due"])
            reload(slot_id)
            on_slot({"new": slot_id})

        save(ctx, "content_plan", record, state["version"], status, saved=saved, theirs=lambda: saved(0))

    slot.observe(on_slot, "value")
    week.observe(show_week, "value")
    previous_week.on_click(lambda _: move(-7))
    next_week.on_click(lambda _: move(7))
    save_button.on_click(on_save)
    reload()
    # Slots suggested by the interest survey and other sources (workbook.plan_suggestions); an accepted one shows.
    from workbook.forms.community_kit import suggestion_panel

    def show_accepted(suggestion: Any) -> None:
        reload(suggestion.slot_id)
        week.value = _monday(suggestion.due)

    suggested = suggestion_panel(ctx, accepted=show_accepted)
    box = section(ctx.label("form.plan.title"), widgets.HBox([previous_week, week, next_week]), calendar, warnings,
                  suggested.widget, *(f.box for f in fields.values()), save_button, status)
    box.add_class("wb-form-plan")
    return PlanForm(box, week, previous_week, next_week, calendar, warnings, slot, due, kind, fmt, topic, owner,
                    status_choice, content, save_button, status, fields, state, slot_search, content_search)


def _localised(ctx: FormContext, values: dict[str, object]) -> dict[str, object]:
    """Warning values with the format named and the days written in the reader's language."""
    return {k: ctx.choice("format", v) if k == "format" else day_text(v, ctx.lang) if isinstance(v, date) else v
            for k, v in values.items()}
