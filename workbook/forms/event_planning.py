"""Event planning: create and edit events (title, kind, times, mode, host, places, registration deadline, cost),
register members, the attendance register and this period's sign-up, no-show and cost figures, on one page.

Every write goes through the audited store in one transaction per action (the revision bumps, snapshots stay
fresh); a write that changes nothing writes nothing, so registering or ticking twice is harmless."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
import pandas as pd
import sqlalchemy as sa

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.ui import Field, Status, guarded, note, section, table_html
from workbook.schemas import EVENT_KINDS, EVENT_MODES, TABLES

if TYPE_CHECKING:
    from workbook.forms.attendance_register import AttendanceRegister

EVENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", re.ASCII)
LOCAL_TIME = re.compile(r"\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2}))?\s*")
NEW = "__new__"
SOURCE = "workbook"  # registrations made on this page


# --- writing ------------------------------------------------------------------------------------------------

@dataclass
class Write:
    """One record to land; `expected_version` is checked only when `check` (an edit of a record read earlier)."""

    table: str
    record: dict[str, Any]
    expected_version: int | None = None
    check: bool = False


def _same(stored: Any, wanted: Any) -> bool:
    if stored is None or wanted is None:
        return stored is None and wanted is None
    if isinstance(stored, datetime) and isinstance(wanted, datetime):
        return stored.replace(tzinfo=None) == wanted.replace(tzinfo=None)
    return bool(stored == wanted)


def write_rows(ctx: FormContext, writes: Sequence[Write], deletes: Sequence[tuple[str, dict[str, Any]]] = ()) -> int:
    """Land `writes` (and remove `deletes`, by key) in one audited transaction; rows whose values are already
    stored are skipped. Returns how many rows changed; raises store.ConflictError (nothing written) when a
    checked record was saved by someone else since it was read."""
    changed = 0
    with ctx.engine.begin() as conn:
        for write in writes:
            key = {k: write.record[k] for k in TABLES[write.table].key}
            before = store.get_record(conn, ctx.client, write.table, key)
            stored_version = before["version"] if before else None
            if write.check and stored_version != write.expected_version:
                raise store.ConflictError(write.table, key, before or {"updated_by": "?", "updated_at": "(deleted)"})
            if before is not None and all(_same(before[c], v) for c, v in write.record.items()):
                continue
            table = store.SA_TABLES[write.table]
            stamp = {"updated_at": store.now_utc(), "updated_by": ctx.who}
            where = sa.and_(table.c.client == ctx.client, *(table.c[k] == v for k, v in key.items()))
            if before is None:
                conn.execute(table.insert().values(**write.record, client=ctx.client, version=1, **stamp))
            else:
                conn.execute(table.update().where(where).values(
                    **{c: v for c, v in write.record.items() if c not in key}, version=before["version"] + 1,
                    **stamp))
            after = store.get_record(conn, ctx.client, write.table, key)
            store.write_audit(conn, ctx.client, write.table, key, before, after, ctx.who)
            changed += 1
        for table_name, key in deletes:
            before = store.get_record(conn, ctx.client, table_name, key)
            if before is None:
                continue
            table = store.SA_TABLES[table_name]
            conn.execute(table.delete().where(sa.and_(table.c.client == ctx.client,
                                                      *(table.c[k] == v for k, v in key.items()))))
            store.write_audit(conn, ctx.client, table_name, key, before, None, ctx.who)
            changed += 1
    return changed


# --- reading input ------------------------------------------------------------------------------------------

class Invalid(ValueError):
    """A field's value refused: the catalogue key of its message and the values the message names."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def parse_local_time(text: str, tz: str) -> datetime | None:
    """'2026-11-20 19:30' (or 2026/11/20 19:30, or a day alone: 00:00) in the client's time zone → naive UTC, as
    the store keeps times; None for a blank; Invalid otherwise."""
    if not text.strip():
        return None
    found = LOCAL_TIME.fullmatch(text)
    if not found:
        raise Invalid("events_planning.error.time")
    year, month, day, hour, minute = (int(g) if g else 0 for g in found.groups())
    try:
        local = pd.Timestamp(datetime(year, month, day, hour, minute)).tz_localize(tz)
    except ValueError:
        raise Invalid("events_planning.error.time") from None
    return local.tz_convert("UTC").tz_localize(None).to_pydatetime()


def local_time_text(value: Any, tz: str) -> str:
    """A stored instant as the form writes it, in the client's time zone ('' for none)."""
    if value is None or pd.isna(value):
        return ""
    stamp = pd.Timestamp(value)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp
    return stamp.tz_convert(tz).strftime("%Y-%m-%d %H:%M")


def parse_capacity(text: str) -> int | None:
    if not text.strip():
        return None
    try:
        value = float(text.strip().replace(",", ""))
    except ValueError:
        raise Invalid("events_planning.error.capacity") from None
    if value < 0 or value != int(value):
        raise Invalid("events_planning.error.capacity")
    return int(value)


def parse_cost(text: str) -> float | None:
    cleaned = text.strip().replace(",", "").lstrip("¥￥$")
    if not cleaned:
        return None
    try:
        value = float(cleaned)
    except ValueError:
        raise Invalid("events_planning.error.cost") from None
    if value < 0 or value != value or value in (float("inf"), float("-inf")):
        raise Invalid("events_planning.error.cost")
    return value


def find_member(members: pd.DataFrame, text: str) -> str:
    """The member_id meant by `text`: an id, "name (id)" as the suggestions write it, or a unique exact name."""
    wanted = text.strip()
    ids = set(members["member_id"])
    if wanted in ids:
        return wanted
    suggested = re.fullmatch(r".*\(([^()]+)\)\s*", wanted)
    if suggested and suggested[1] in ids:
        return suggested[1]
    named = members.loc[members["display_name"] == wanted, "member_id"].tolist()
    if len(named) == 1:
        return str(named[0])
    if len(named) > 1:
        raise Invalid("events_planning.error.ambiguous_member", count=len(named))
    raise Invalid("events_planning.error.unknown_member")


def member_error(ctx: FormContext, exc: Invalid, member: str) -> str:
    return ctx.label(exc.key, member=member, **exc.values)


def member_suggestions(members: pd.DataFrame) -> list[str]:
    return [f"{name} ({mid})" if name and name != mid else str(mid)
            for mid, name in zip(members["member_id"], members["display_name"], strict=True)]


# --- the page's shared state ----------------------------------------------------------------------------------

@dataclass
class PlanningState:
    """What the page read last: every event, member, registration, attendance row and deadline."""

    ctx: FormContext
    events: pd.DataFrame = field(default_factory=pd.DataFrame)
    members: pd.DataFrame = field(default_factory=pd.DataFrame)
    registrations: pd.DataFrame = field(default_factory=pd.DataFrame)
    attendance: pd.DataFrame = field(default_factory=pd.DataFrame)
    plans: pd.DataFrame = field(default_factory=pd.DataFrame)

    def reload(self) -> None:
        with self.ctx.engine.connect() as conn:
            for name in ("events", "members", "registrations", "attendance"):
                setattr(self, name, store.read_table(conn, self.ctx.client, name))
            self.plans = store.read_table(conn, self.ctx.client, "event_plans")

    def event(self, event_id: str | None) -> dict[str, Any] | None:
        rows = self.events.loc[self.events["event_id"] == event_id]
        return rows.iloc[0].to_dict() if len(rows) else None

    def deadline(self, event_id: str) -> Any:
        rows = self.plans.loc[self.plans["event_id"] == event_id, "registration_deadline"]
        return rows.iloc[0] if len(rows) and not pd.isna(rows.iloc[0]) else None

    def signed_up(self, event_id: str) -> list[str]:
        """Members registered for the event (registrations or attendance marked registered), in sign-up order."""
        from workbook.metrics.registrations import signed_up

        regs = self.registrations.sort_values(["registered_at", "member_id"], kind="stable")
        both = signed_up(regs.loc[regs["event_id"] == event_id],
                         self.attendance.loc[self.attendance["event_id"] == event_id])
        return both["member_id"].tolist()

    def name(self, member_id: str) -> str:
        rows = self.members.loc[self.members["member_id"] == member_id, "display_name"]
        return str(rows.iloc[0]) if len(rows) and rows.iloc[0] else member_id

    def event_options(self, ctx: FormContext) -> list[tuple[str, str]]:
        events = self.events.sort_values(["starts_at", "event_id"], ascending=[False, True], kind="stable")
        tz = ctx.profile.timezone
        return [(ctx.label("events_planning.form.new"), NEW),
                *((f"{local_time_text(e.starts_at, tz)[:10]} · {e.title} ({e.event_id})", e.event_id)
                  for e in events.itertuples(index=False))]


# --- the event editor -------------------------------------------------------------------------------------------

@dataclass
class EventEditor:
    widget: widgets.VBox
    event: widgets.Dropdown
    inputs: dict[str, widgets.Widget]
    save: widgets.Button
    status: Status
    fields: dict[str, Field]
    state: dict[str, Any]
    fill: Callable[[str], None]


EDITOR_FIELDS = ("event_id", "title", "kind", "mode", "starts_at", "ends_at", "host", "capacity",
                 "registration_deadline", "cost")


def next_event_id(events: pd.DataFrame, day: str | None = None) -> str:
    """A free id for a new event: EV-<yyyymmdd>-<n> of its start day (today until one is typed), numbered
    within the day."""
    day = day or datetime.now().strftime("%Y%m%d")
    taken = set(events["event_id"])
    n = 1
    while f"EV-{day}-{n}" in taken:
        n += 1
    return f"EV-{day}-{n}"


def event_editor(ctx: FormContext, planning: PlanningState, on_saved: Callable[[str], None]) -> EventEditor:
    tz = ctx.profile.timezone
    hint = ctx.label("events_planning.form.time_hint", tz=tz)
    kinds = [(ctx.choice("kind", k), k) for k in EVENT_KINDS]
    modes = [("—", None), *((ctx.label(f"events_planning.value.mode.{m}"), m) for m in EVENT_MODES)]
    inputs: dict[str, widgets.Widget] = {
        "event_id": widgets.Text(), "title": widgets.Text(layout=widgets.Layout(width="28em")),
        "kind": widgets.Dropdown(options=kinds), "mode": widgets.Dropdown(options=modes),
        "starts_at": widgets.Text(placeholder=hint), "ends_at": widgets.Text(placeholder=hint),
        "host": widgets.Text(), "capacity": widgets.Text(), "registration_deadline": widgets.Text(placeholder=hint),
        "cost": widgets.Text()}
    event = widgets.Dropdown(layout=widgets.Layout(width="28em"))
    save_button = widgets.Button(description=ctx.label("events_planning.form.save_event"), button_style="primary")
    status = Status()
    fields = {"event": Field(ctx.label("events_planning.form.pick"), event)}
    fields |= {name: Field(ctx.label(f"events_planning.form.{name}"), inputs[name]) for name in EDITOR_FIELDS}
    state: dict[str, Any] = {"version": None}

    def fill(event_id: str) -> None:
        for f in fields.values():
            f.set_error(None)
        record = planning.event(event_id) if event_id != NEW else None
        inputs["event_id"].disabled = record is not None
        if record is None:
            state["version"] = None
            inputs["event_id"].value = state["suggested"] = next_event_id(planning.events)
            for name in ("title", "starts_at", "ends_at", "host", "capacity", "registration_deadline", "cost"):
                inputs[name].value = ""
            inputs["kind"].value, inputs["mode"].value = EVENT_KINDS[0], None
            return
        state["version"] = int(record["version"])
        inputs["event_id"].value = record["event_id"]
        inputs["title"].value = record["title"] or ""
        inputs["kind"].value = record["kind"] if record["kind"] in EVENT_KINDS else EVENT_KINDS[0]
        inputs["mode"].value = record["mode"] if record["mode"] in EVENT_MODES else None
        inputs["starts_at"].value = local_time_text(record["starts_at"], tz)
        inputs["ends_at"].value = local_time_text(record["ends_at"], tz)
        inputs["host"].value = record["host"] or ""
        inputs["capacity"].value = "" if pd.isna(record["capacity"]) else str(int(record["capacity"]))
        inputs["cost"].value = "" if pd.isna(record["cost"]) else f"{record['cost']:g}"
        inputs["registration_deadline"].value = local_time_text(planning.deadline(record["event_id"]), tz)

    def read() -> tuple[dict[str, Any], datetime | None] | None:
        """The record the fields hold, or None after marking every refused field."""
        problems: dict[str, str] = {}
        values: dict[str, Any] = {}
        event_id = inputs["event_id"].value.strip()
        if not event_id:
            problems["event_id"] = ctx.label("form.error.required")
        elif not EVENT_ID.fullmatch(event_id):
            problems["event_id"] = ctx.label("events_planning.error.event_id")
        elif state["version"] is None and (taken := planning.event(event_id)) is not None:
            problems["event_id"] = ctx.label("events_planning.error.event_id_taken", title=taken["title"])
        if not inputs["title"].value.strip():
            problems["title"] = ctx.label("form.error.required")
        parsers = {"starts_at": lambda v: parse_local_time(v, tz), "ends_at": lambda v: parse_local_time(v, tz),
                   "registration_deadline": lambda v: parse_local_time(v, tz), "capacity": parse_capacity,
                   "cost": parse_cost}
        for name, parse in parsers.items():
            try:
                values[name] = parse(inputs[name].value)
            except Invalid as exc:
                problems[name] = ctx.label(exc.key, **exc.values)
        if "starts_at" not in problems and values.get("starts_at") is None:
            problems["starts_at"] = ctx.label("form.error.required")
        starts, ends, deadline = values.get("starts_at"), values.get("ends_at"), values.get("registration_deadline")
        if starts and ends and ends < starts:
            problems["ends_at"] = ctx.label("events_planning.error.end_before_start")
        if starts and deadline and deadline > starts:
            problems["registration_deadline"] = ctx.label("events_planning.error.deadline_after_start")
        for name, text in problems.items():
            fields[name].set_error(text)
        if problems:
            return None
        record = {"event_id": event_id, "title": inputs["title"].value.strip(), "kind": inputs["kind"].value,
                  "mode": inputs["mode"].value, "starts_at": starts, "ends_at": ends,
                  "host": inputs["host"].value.strip() or None, "capacity": values["capacity"],
                  "cost": values["cost"]}
        return record, deadline

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        from workbook.forms.conflict import conflict_text

        for f in fields.values():
            f.set_error(None)
        if not ctx.who.strip():
            status.show(ctx.label("form.error.no_name"), "error")
            return
        read_back = read()
        if read_back is None:
            status.show(ctx.label("form.not_saved"), "error")
            return
        record, deadline = read_back
        writes = [Write("events", record, state["version"], check=True),
                  Write("event_plans", {"event_id": record["event_id"], "registration_deadline": deadline})]
        try:
            write_rows(ctx, writes)
        except store.ConflictError as exc:
            status.show(conflict_text(ctx, exc, record), "warning")
            return
        status.show(ctx.label("form.saved", who=ctx.who), "ok")
        on_saved(record["event_id"])

    def suggest_id(change: dict[str, Any]) -> None:
        """A new event's suggested id follows its start day until the facilitator types an id of their own."""
        found = LOCAL_TIME.fullmatch(change["new"] or "")
        if state["version"] is not None or inputs["event_id"].value != state.get("suggested") or not found:
            return
        year, month, day = (int(g) for g in found.groups()[:3])
        suggested = next_event_id(planning.events, f"{year:04d}{month:02d}{day:02d}")
        inputs["event_id"].value = state["suggested"] = suggested

    event.observe(lambda change: fill(change["new"]) if change["new"] is not None else None, "value")
    inputs["starts_at"].observe(suggest_id, "value")
    save_button.on_click(on_save)
    box = section(ctx.label("events_planning.form.editor"), fields["event"].box,
                  *(fields[name].box for name in EDITOR_FIELDS), save_button, status)
    box.add_class("wb-form-event-plan")
    return EventEditor(box, event, inputs, save_button, status, fields, state, fill)


# --- registration -------------------------------------------------------------------------------------------------

@dataclass
class RegistrationPanel:
    widget: widgets.VBox
    member: widgets.Combobox
    register: widgets.Button
    cancel: widgets.Button
    summary: widgets.HTML
    listing: widgets.HTML
    status: Status
    field: Field
    state: dict[str, Any]
    show: Callable[[str | None], None]


def registration_panel(ctx: FormContext, planning: PlanningState,
                       on_saved: Callable[[str], None]) -> RegistrationPanel:
    member = widgets.Combobox(ensure_option=False, layout=widgets.Layout(width="22em"))
    register = widgets.Button(description=ctx.label("events_planning.form.register"), button_style="primary")
    cancel = widgets.Button(description=ctx.label("events_planning.form.cancel"))
    summary, listing = widgets.HTML(), widgets.HTML()
    status = Status()
    member_field = Field(ctx.label("events_planning.form.member"), member)
    state: dict[str, Any] = {"event_id": None}
    tz = ctx.profile.timezone

    def show(event_id: str | None) -> None:
        state["event_id"] = event_id
        member.options = member_suggestions(planning.members)
        record = planning.event(event_id) if event_id else None
        if record is None:
            summary.value, listing.value = note(ctx.label("events_planning.error.pick_event"), "info"), ""
            return
        signed = planning.signed_up(event_id)  # type: ignore[arg-type]
        capacity = None if pd.isna(record["capacity"]) else int(record["capacity"])
        deadline = local_time_text(planning.deadline(record["event_id"]), tz) or "—"
        summary.value = note(ctx.label(
            "events_planning.form.summary", sign_ups=len(signed), capacity="—" if capacity is None else capacity,
            left="—" if capacity is None else capacity - len(signed), deadline=deadline), "info")
        listing.value = (table_html([{"member": planning.name(m), "id": m} for m in signed],
                                    {"member": ctx.label("events_planning.form.register_list"), "id": "ID"})
                         if signed else note(ctx.label("events_planning.form.nobody"), "info"))

    def chosen() -> str | None:
        member_field.set_error(None)
        if state["event_id"] is None:
            status.show(ctx.label("events_planning.error.pick_event"), "error")
            return None
        if not ctx.who.strip():
            status.show(ctx.label("form.error.no_name"), "error")
            return None
        typed = member.value
        if not typed.strip():
            member_field.set_error(ctx.label("form.error.required"))
            status.show(ctx.label("form.not_saved"), "error")
            return None
        try:
            return find_member(planning.members, typed)
        except Invalid as exc:
            member_field.set_error(member_error(ctx, exc, typed.strip()))
            status.show(ctx.label("form.not_saved"), "error")
            return None

    @guarded(status, ctx)
    def on_register(_: object) -> None:
        member_id = chosen()
        if member_id is None:
            return
        event_id = state["event_id"]
        record = planning.event(event_id)
        signed = planning.signed_up(event_id)
        shown_name = planning.name(member_id)
        if member_id not in signed:
            capacity = record["capacity"] if record else None
            if capacity is not None and not pd.isna(capacity) and len(signed) >= int(capacity):
                status.show(ctx.label("events_planning.error.full", sign_ups=len(signed), capacity=int(capacity)),
                            "error")
                return
            deadline = planning.deadline(event_id)
            if deadline is not None and pd.Timestamp(store.now_utc()) > pd.Timestamp(deadline).tz_localize(None):
                status.show(ctx.label("events_planning.error.closed", deadline=local_time_text(deadline, tz)),
                            "error")
                return
        stored = planning.attendance.loc[(planning.attendance["event_id"] == event_id)
                                         & (planning.attendance["member_id"] == member_id)]
        has_registration = ((planning.registrations["event_id"] == event_id)
                            & (planning.registrations["member_id"] == member_id)).any()
        writes = []
        if not has_registration:
            writes.append(Write("registrations", {"event_id": event_id, "member_id": member_id,
                                                  "registered_at": store.now_utc(), "source": SOURCE}))
        attended = bool(stored["attended"].iloc[0]) if len(stored) else False
        writes.append(Write("attendance", {"event_id": event_id, "member_id": member_id, "registered": True,
                                           "attended": attended}))
        if not write_rows(ctx, writes):
            status.show(ctx.label("events_planning.form.already_registered", member=shown_name), "info")
            return
        member.value = ""
        status.show(ctx.label("events_planning.form.registered", member=shown_name, who=ctx.who), "ok")
        on_saved(event_id)

    @guarded(status, ctx)
    def on_cancel(_: object) -> None:
        member_id = chosen()
        if member_id is None:
            return
        event_id = state["event_id"]
        shown_name = planning.name(member_id)
        stored = planning.attendance.loc[(planning.attendance["event_id"] == event_id)
                                         & (planning.attendance["member_id"] == member_id)]
        writes = []
        if len(stored):
            writes.append(Write("attendance", {"event_id": event_id, "member_id": member_id, "registered": False,
                                               "attended": bool(stored["attended"].iloc[0])}))
        changed = write_rows(ctx, writes, deletes=[("registrations", {"event_id": event_id,
                                                                       "member_id": member_id})])
        if not changed:
            status.show(ctx.label("events_planning.form.not_registered", member=shown_name), "info")
            return
        member.value = ""
        status.show(ctx.label("events_planning.form.cancelled", member=shown_name, who=ctx.who), "ok")
        on_saved(event_id)

    register.on_click(on_register)
    cancel.on_click(on_cancel)
    box = section(ctx.label("events_planning.form.registration"), summary, member_field.box,
                  widgets.HBox([register, cancel]), status, listing)
    box.add_class("wb-form-registration")
    return RegistrationPanel(box, member, register, cancel, summary, listing, status, member_field, state, show)


# --- the page ---------------------------------------------------------------------------------------------------

@dataclass
class PlanningPage:
    widget: widgets.VBox
    editor: EventEditor
    registration: RegistrationPanel
    register: AttendanceRegister
    figures: widgets.HTML
    planning: PlanningState


def figures_html(ctx: FormContext) -> str:
    """This period's events with their planning figures (workbook.metrics.registrations), from the snapshot."""
    from workbook.report.event_sections import planning_table, written

    frame = planning_table(ctx.document())
    if frame.empty:
        return note(ctx.label("events_planning.report.planning_none"), "info")
    shown = written(frame, ctx.lang)
    rows = shown.to_dict("records")
    return table_html(rows, {c: c for c in shown.columns}) + \
        f'<p class="wb-glossary">{html.escape(ctx.label("events_planning.report.glossary"))}</p>'


def planning_form(ctx: FormContext) -> PlanningPage:
    """The editor, the registration panel and the attendance register of the event picked in the editor, with
    this period's figures below; each save reloads what the page shows."""
    from workbook.forms.attendance_register import attendance_register

    planning = PlanningState(ctx)
    figures = widgets.HTML()
    figures.add_class("wb-planning-figures")
    parts: dict[str, Any] = {}

    def refresh(event_id: str | None) -> None:
        planning.reload()
        editor = parts["editor"]
        editor.event.options = planning.event_options(ctx)
        chosen = event_id if event_id in set(planning.events["event_id"]) else NEW
        if editor.event.value == chosen:  # no change event: show the record as now stored
            editor.fill(chosen)
            show_event(chosen)
        else:
            editor.event.value = chosen
        figures.value = figures_html(ctx)

    def show_event(event_id: str) -> None:
        real = event_id if event_id != NEW else None
        parts["registration"].show(real)
        parts["register"].show(real)

    def saved(event_id: str) -> None:
        refresh(event_id)
        ctx.changed()

    parts["editor"] = event_editor(ctx, planning, saved)
    parts["registration"] = registration_panel(ctx, planning, saved)
    parts["register"] = attendance_register(ctx, planning, saved)
    planning.reload()
    editor = parts["editor"]
    editor.event.options = planning.event_options(ctx)
    editor.event.value = NEW
    editor.event.observe(lambda change: show_event(change["new"]) if change["new"] is not None else None, "value")
    show_event(NEW)
    figures.value = figures_html(ctx)
    box = widgets.VBox([editor.widget, parts["registration"].widget, parts["register"].widget,
                        section(ctx.label("events_planning.form.figures"), figures)])
    return PlanningPage(box, editor, parts["registration"], parts["register"], figures, planning)


def planning_page(*, client: str, period: str, lang: str, db_url: str | None = None,
                  who: str | None = None) -> widgets.VBox:
    """The page as 08_event_planning displays it in Voila (like forms.page.page for the domain pages)."""
    from workbook.forms.request import who as request_who

    ctx = FormContext(client, period, lang, db_url, who if who is not None else request_who())
    box = planning_form(ctx).widget
    box.add_class("wb-page")
    box.add_class("wb-page-event_planning")
    return box
