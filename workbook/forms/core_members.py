"""The core members page: roles (moderator, mentor, speaker, content author), tasks and mentoring pairs recorded
as audited rows, each role holder's contributions of the period beside them, and the promotion candidates."""

from __future__ import annotations

import html
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.dates import day_text
from workbook.forms.ui import Field, Status, guarded, note, save, section, table_html
from workbook.metrics import core_programme as programme
from workbook.metrics.context import Context
from workbook.schemas import CORE_ROLES, TASK_STATUSES

NEW = ""


@dataclass
class CoreMembersForm:
    widget: widgets.VBox
    member: widgets.Dropdown
    role: widgets.Dropdown
    since: widgets.DatePicker
    until: widgets.DatePicker
    note: widgets.Text
    save_role: widgets.Button
    roster: widgets.HTML
    task: widgets.Dropdown
    task_member: widgets.Dropdown
    task_title: widgets.Text
    task_due: widgets.DatePicker
    task_status: widgets.Dropdown
    save_task: widgets.Button
    mentor: widgets.Dropdown
    mentee: widgets.Dropdown
    pair_since: widgets.DatePicker
    save_pair: widgets.Button
    candidates: widgets.HTML
    tasks: widgets.HTML
    pairs: widgets.HTML
    status: Status
    fields: dict[str, Field]
    state: dict[str, Any]


def _records(ctx: FormContext, table: str) -> pd.DataFrame:
    return store.read_table(ctx.engine, ctx.client, table)


def _row(frame: pd.DataFrame, **key: str) -> pd.Series | None:
    if frame.empty:
        return None
    mask = pd.Series(True, index=frame.index)
    for column, value in key.items():
        mask &= frame[column] == value
    rows = frame.loc[mask]
    return rows.iloc[0] if len(rows) else None


def _date(value: Any) -> date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()


def core_members_form(ctx: FormContext) -> CoreMembersForm:
    state: dict[str, Any] = {}
    label = ctx.label
    wide = widgets.Layout(width="24em")
    member = widgets.Dropdown(layout=wide)
    role = widgets.Dropdown(options=[(label(f"culture_programme.role.{r}"), r) for r in CORE_ROLES])
    since, until = widgets.DatePicker(value=ctx.period.start), widgets.DatePicker(value=None)
    note_text = widgets.Text(layout=wide)
    save_role = widgets.Button(description=label("culture_programme.core.save_role"), button_style="primary")
    roster, tasks_table, pairs_table, candidates = widgets.HTML(), widgets.HTML(), widgets.HTML(), widgets.HTML()
    task, task_member = widgets.Dropdown(layout=wide), widgets.Dropdown(layout=wide)
    task_title, task_due = widgets.Text(layout=wide), widgets.DatePicker(value=ctx.period.end)
    task_status = widgets.Dropdown(options=[(label(f"culture_programme.task_status.{s}"), s) for s in TASK_STATUSES],
                                   value="open")
    save_task = widgets.Button(description=label("culture_programme.core.save_task"), button_style="primary")
    mentor, mentee = widgets.Dropdown(layout=wide), widgets.Dropdown(layout=wide)
    pair_since = widgets.DatePicker(value=ctx.period.start)
    save_pair = widgets.Button(description=label("culture_programme.core.save_pair"), button_style="primary")
    status = Status()
    fields = {name: Field(label(f"culture_programme.core.{name}"), w) for name, w in (
        ("member", member), ("role", role), ("since", since), ("until", until), ("note", note_text),
        ("task", task), ("task_member", task_member), ("task_title", task_title), ("task_due", task_due),
        ("task_status", task_status), ("mentor", mentor), ("mentee", mentee), ("pair_since", pair_since))}

    def name(member_id: str) -> str:
        return str(state["names"].get(member_id, member_id))

    def headers(*columns: str) -> dict[str, str]:
        return {c: label(f"culture_programme.core.col.{c}") for c in columns}

    def reload() -> None:
        # The period's activity is read once per page: a role, task or pair saved here does not change it.
        if "context" not in state:
            state["context"] = Context(ctx.frames(), ctx.profile, ctx.period)
        context = state["context"]
        frames = context.frames
        people = frames.members.loc[~frames.members["is_staff"]].sort_values("member_id")
        state["names"] = {str(r.member_id): f"{r.display_name} ({r.member_id})" for r in people.itertuples()}
        choices = [(text, mid) for mid, text in state["names"].items()]
        for dropdown in (member, task_member, mentor, mentee):
            kept = dropdown.value
            dropdown.options = choices
            dropdown.value = kept if kept in state["names"] else (choices[0][1] if choices else None)
        roles, pairs, tasks = _records(ctx, "core_roles"), _records(ctx, "mentoring"), _records(ctx, "core_tasks")
        state.update(roles=roles, pairs=pairs, tasks=tasks)
        rows = programme.roster(context, roles, pairs, tasks).to_dict("records")
        for row in rows:
            row["member"], row["role"] = name(row["member_id"]), label(f"culture_programme.role.{row['role']}")
            row["since"] = day_text(row["since"], ctx.lang)
        roster.value = table_html(rows, headers("member", "role", "since", *programme.CONTRIBUTIONS)) if rows \
            else note(label("culture_programme.core.no_roles"))
        task.options = [(label("culture_programme.core.new_task"), NEW), *(
            (f"{name(r.member_id)} · {r.title}", r.task_id) for r in tasks.sort_values("task_id").itertuples())]
        task_rows = [{"member": name(r.member_id), "task_title": r.title, "task_due": day_text(r.due, ctx.lang),
                      "task_status": label(f"culture_programme.task_status.{r.status or 'open'}")}
                     for r in tasks.sort_values(["due", "task_id"], na_position="last").itertuples()]
        tasks_table.value = table_html(task_rows, headers("member", "task_title", "task_due", "task_status")) \
            if task_rows else ""
        active = programme.active_in(pairs, ctx.period.start, ctx.period.end)
        pair_rows = [{"mentor": name(r.mentor_id), "mentee": name(r.mentee_id), "since": day_text(r.since, ctx.lang)}
                     for r in active.itertuples()]
        pairs_table.value = table_html(pair_rows, headers("mentor", "mentee", "since")) if pair_rows \
            else note(label("culture_programme.core.no_pairs"))
        found = programme.promotion_candidates(context, roles, pairs, tasks).to_dict("records")
        for row in found:
            row["member"] = name(row["member_id"])
            row["suggested_role"] = label(f"culture_programme.role.{row['suggested_role']}")
        candidates.value = (table_html(found, headers("member", "points", "active_weeks", "suggested_role",
                                                      *programme.CONTRIBUTIONS[:4]))
                            if found else note(label("culture_programme.core.no_candidates")))
        load_role()

    def load_role(*_: object) -> None:
        row = _row(state.get("roles", pd.DataFrame()), member_id=member.value, role=role.value)
        state["role_version"] = None if row is None else int(row["version"])
        since.value = ctx.period.start if row is None else _date(row["since"])
        until.value = None if row is None else _date(row["until"])
        note_text.value = "" if row is None or row["note"] is None else str(row["note"])

    def load_task(*_: object) -> None:
        row = _row(state.get("tasks", pd.DataFrame()), task_id=task.value) if task.value else None
        state["task_version"] = None if row is None else int(row["version"])
        task_title.value = "" if row is None else str(row["title"])
        task_due.value = ctx.period.end if row is None else _date(row["due"])
        task_status.value = "open" if row is None or row["status"] not in TASK_STATUSES else row["status"]
        if row is not None and row["member_id"] in state["names"]:
            task_member.value = row["member_id"]

    def clear() -> None:
        for f in fields.values():
            f.set_error(None)

    def refused(problems: dict[str, str]) -> bool:
        for field_name, text in problems.items():
            fields[field_name].set_error(text)
        if problems:
            status.show(label("form.not_saved"), "error")
        return bool(problems)

    @guarded(status, ctx)
    def on_save_role(_: object) -> None:
        clear()
        problems = {}
        if member.value is None:
            problems["member"] = label("form.error.required")
        if since.value and until.value and until.value < since.value:
            problems["until"] = label("culture_programme.core.until_before_since")
        if refused(problems):
            return
        record = {"member_id": member.value, "role": role.value, "since": since.value, "until": until.value,
                  "note": note_text.value.strip() or None}
        save(ctx, "core_roles", record, state["role_version"], status, saved=lambda _v: reload(), theirs=reload)

    @guarded(status, ctx)
    def on_save_task(_: object) -> None:
        clear()
        problems = {}
        if not task_title.value.strip():
            problems["task_title"] = label("form.error.required")
        if task_member.value is None:
            problems["task_member"] = label("form.error.required")
        if refused(problems):
            return
        task_id = task.value or f"t-{uuid.uuid4().hex[:8]}"
        record = {"task_id": task_id, "member_id": task_member.value, "title": task_title.value.strip(),
                  "due": task_due.value, "status": task_status.value}

        def saved(_version: int) -> None:
            reload()
            task.value = task_id

        save(ctx, "core_tasks", record, state["task_version"], status, saved=saved, theirs=reload)

    @guarded(status, ctx)
    def on_save_pair(_: object) -> None:
        clear()
        if refused({"mentee": label("culture_programme.core.same_person")} if mentor.value == mentee.value else {}):
            return
        row = _row(state["pairs"], mentor_id=mentor.value, mentee_id=mentee.value)
        record = {"mentor_id": mentor.value, "mentee_id": mentee.value, "since": pair_since.value,
                  "until": None if row is None else _date(row["until"]),
                  "note": None if row is None else row["note"]}
        save(ctx, "mentoring", record, None if row is None else int(row["version"]), status,
             saved=lambda _v: reload(), theirs=reload)

    member.observe(load_role, "value")
    role.observe(load_role, "value")
    task.observe(load_task, "value")
    save_role.on_click(on_save_role)
    save_task.on_click(on_save_task)
    save_pair.on_click(on_save_pair)
    reload()
    load_task()
    candidates_intro = label("culture_programme.core.candidates_intro", n=programme.MENTOR_MIN_ANSWERS)

    def h4(key: str) -> widgets.HTML:
        return widgets.HTML(f"<h4>{html.escape(label(key))}</h4>")

    box = section(
        label("report.notebook.12_core_members"),
        widgets.HTML(f"<p>{html.escape(label('culture_programme.core.intro'))}</p>"),
        h4("culture_programme.core.roles"), roster,
        *(fields[n].box for n in ("member", "role", "since", "until", "note")), save_role,
        h4("culture_programme.core.tasks"), tasks_table,
        *(fields[n].box for n in ("task", "task_member", "task_title", "task_due", "task_status")), save_task,
        h4("culture_programme.core.pairs"), pairs_table,
        *(fields[n].box for n in ("mentor", "mentee", "pair_since")), save_pair,
        status,
        h4("culture_programme.core.candidates"),
        widgets.HTML(f"<p>{html.escape(candidates_intro)}</p>"),
        candidates)
    box.add_class("wb-form-core")
    return CoreMembersForm(box, member, role, since, until, note_text, save_role, roster, task, task_member,
                           task_title, task_due, task_status, save_task, mentor, mentee, pair_since, save_pair,
                           candidates, tasks_table, pairs_table, status, fields, state)


def report_table(report: Any) -> pd.DataFrame:
    """Roles active in the report's period with each holder's contributions, localised headers, from the period
    snapshot (metrics.culture_records: members named only when they agreed, ids otherwise)."""
    table = report.series("core_roster")
    columns = ("member", "role", *programme.CONTRIBUTIONS[:5])
    headers = {c: report.label(f"culture_programme.core.col.{c}") for c in columns}
    shown = table.assign(role=[report.label(f"culture_programme.role.{r}") for r in table["role"]])
    return shown[list(columns)].rename(columns=headers)
