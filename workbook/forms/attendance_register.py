"""The attendance register (签到表): tick who came to an event when no meeting report will be imported.

One checkbox per signed-up member or member with an attendance row; someone who came without signing up is
added by id or name. Saving writes only the attendance rows whose `attended` changes (audited, one
transaction), keeping each row's `registered` and `minutes`: ticking twice writes nothing the second time."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets
import sqlalchemy as sa

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.event_planning import (
    Invalid,
    PlanningState,
    Write,
    find_member,
    member_error,
    member_suggestions,
    write_rows,
)
from workbook.forms.ui import Field, Status, guarded, note, section


@dataclass
class AttendanceRegister:
    widget: widgets.VBox
    ticks: dict[str, widgets.Checkbox]
    member: widgets.Combobox
    add: widgets.Button
    save: widgets.Button
    status: Status
    field: Field
    show: Callable[[str | None], None]
    state: dict[str, Any] = field(default_factory=dict)


def report_files(ctx: FormContext, event_id: str) -> list[str]:
    """The imported files (meeting reports) the event's attendance rows came from."""
    table = store.SA_TABLES["attendance"]
    query = (sa.select(table.c.source_file).distinct()
             .where(table.c.client == ctx.client, table.c.event_id == event_id, table.c.source_file.is_not(None)))
    with ctx.engine.connect() as conn:
        return sorted(str(row[0]) for row in conn.execute(query))


def attendance_register(ctx: FormContext, planning: PlanningState, on_saved: Callable[[str], None]) \
        -> AttendanceRegister:
    listing = widgets.VBox()
    listing.add_class("wb-register-list")
    intro = widgets.HTML()
    member = widgets.Combobox(ensure_option=False, layout=widgets.Layout(width="22em"))
    add = widgets.Button(description=ctx.label("events_planning.register.walk_in"))
    save_button = widgets.Button(description=ctx.label("events_planning.register.save"), button_style="primary")
    status = Status()
    member_field = Field(ctx.label("events_planning.form.member"), member)
    ticks: dict[str, widgets.Checkbox] = {}
    state: dict[str, Any] = {"event_id": None}

    def tick_box(member_id: str, value: bool) -> widgets.Checkbox:
        box = widgets.Checkbox(value=value, description=f"{planning.name(member_id)} ({member_id})", indent=False)
        ticks[member_id] = box
        return box

    def show(event_id: str | None) -> None:
        state["event_id"] = event_id
        ticks.clear()
        member.options = member_suggestions(planning.members)
        if event_id is None:
            intro.value, listing.children = note(ctx.label("events_planning.error.pick_event"), "info"), ()
            return
        rows = planning.attendance.loc[planning.attendance["event_id"] == event_id]
        attended = dict(zip(rows["member_id"], rows["attended"], strict=True))
        order = [*planning.signed_up(event_id), *sorted(set(rows["member_id"]))]
        listing.children = tuple(tick_box(m, bool(attended.get(m, False))) for m in dict.fromkeys(order))
        files = report_files(ctx, event_id)
        texts = [ctx.label("events_planning.register.hint")]
        if files:
            texts.append(ctx.label("events_planning.register.from_report", files=", ".join(files)))
        if not ticks:
            texts.append(ctx.label("events_planning.register.empty"))
        intro.value = "".join(f"<p>{html.escape(text)}</p>" for text in texts)

    @guarded(status, ctx)
    def on_add(_: object) -> None:
        member_field.set_error(None)
        if state["event_id"] is None:
            status.show(ctx.label("events_planning.error.pick_event"), "error")
            return
        typed = member.value.strip()
        if not typed:
            member_field.set_error(ctx.label("form.error.required"))
            return
        try:
            member_id = find_member(planning.members, typed)
        except Invalid as exc:
            member_field.set_error(member_error(ctx, exc, typed))
            return
        if member_id in ticks:
            ticks[member_id].value = True
        else:
            listing.children = (*listing.children, tick_box(member_id, True))
        member.value = ""

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        event_id = state["event_id"]
        if event_id is None:
            status.show(ctx.label("events_planning.error.pick_event"), "error")
            return
        if not ctx.who.strip():
            status.show(ctx.label("form.error.no_name"), "error")
            return
        rows = planning.attendance.loc[planning.attendance["event_id"] == event_id].set_index("member_id")
        signed = set(planning.signed_up(event_id))
        writes = []
        for member_id, box in ticks.items():
            if member_id not in rows.index and not box.value:
                continue
            registered = bool(rows["registered"].get(member_id, False)) or member_id in signed
            writes.append(Write("attendance", {"event_id": event_id, "member_id": member_id,
                                               "registered": registered, "attended": bool(box.value)}))
        changed = write_rows(ctx, writes)
        if not changed:
            status.show(ctx.label("events_planning.register.unchanged"), "info")
            return
        status.show(ctx.label("events_planning.register.saved", changed=changed, who=ctx.who), "ok")
        on_saved(event_id)

    add.on_click(on_add)
    save_button.on_click(on_save)
    box = section(ctx.label("events_planning.register.title"), intro, listing, member_field.box, add, save_button,
                  status)
    box.add_class("wb-form-attendance-register")
    return AttendanceRegister(box, ticks, member, add, save_button, status, member_field, show, state)
