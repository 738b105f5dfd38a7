"""SMART goal editor: statement, metric (baseline from the period's figures), target, dates, owner."""

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
from workbook.forms.smart import Check, GoalDraft, blocking, smart_checks
from workbook.forms.ui import Field, Status, guarded, note, options, save, section
from workbook.schemas import GOAL_DIRECTIONS

NEW = ""


@dataclass
class GoalForm:
    widget: widgets.VBox
    goal: widgets.Dropdown
    statement: widgets.Textarea
    metric: widgets.Dropdown
    baseline: widgets.Text
    target: widgets.Text
    direction: widgets.Dropdown
    start: widgets.DatePicker
    deadline: widgets.DatePicker
    owner: widgets.Text
    checks: widgets.HTML
    save: widgets.Button
    status: Status
    fields: dict[str, Field]
    state: dict[str, Any]

    def current_checks(self) -> list[Check]:
        return self.state["checks"]


def _number(text: str) -> float | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text)


def _metric_label(ctx: FormContext, key: str) -> str:
    from workbook.i18n import has

    last = key.rsplit(".", 1)[-1]
    return f"{key} · {ctx.label(f'metrics.key.{last}')}" if has(f"metrics.key.{last}") else key


def _day(value: object) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def goal_form(ctx: FormContext) -> GoalForm:
    """A goal picker (new or existing) and the editor; SMART checks update as fields change."""
    from workbook import metrics

    keys = metrics.metric_keys()
    state: dict[str, Any] = {"version": None, "document": None, "checks": [], "goals": pd.DataFrame()}
    goal = widgets.Dropdown()
    statement = widgets.Textarea(layout=widgets.Layout(width="32em", height="4em"),
                                 placeholder=ctx.label("form.goal.statement_hint"))
    metric = widgets.Dropdown(options=[("—", None), *((_metric_label(ctx, k), k) for k in keys)], value=None)
    baseline = widgets.Text()
    target = widgets.Text()
    direction = widgets.Dropdown(options=options(ctx, "direction", GOAL_DIRECTIONS), value="increase")
    start = widgets.DatePicker(value=ctx.period.start)
    deadline = widgets.DatePicker()
    owner = widgets.Text(value=ctx.who)
    checks = widgets.HTML()
    save_button = widgets.Button(description=ctx.label("form.save"), button_style="primary")
    status = Status()
    fields = {name: Field(ctx.label(f"form.goal.{name}"), w) for name, w in (
        ("goal", goal), ("statement", statement), ("metric", metric), ("baseline", baseline), ("target", target),
        ("direction", direction), ("start", start), ("deadline", deadline), ("owner", owner))}

    def document() -> dict[str, Any]:
        if state["document"] is None:
            state["document"] = ctx.document()
        return state["document"]

    def reload_goals(select: str = NEW) -> None:
        state["goals"] = store.read_table(ctx.engine, ctx.client, "goals").sort_values("goal_id")
        goal.options = [(ctx.label("form.goal.new"), NEW),
                        *((f"{r.statement} ({r.goal_id})", r.goal_id) for r in state["goals"].itertuples())]
        goal.value = select

    def draft() -> tuple[GoalDraft, dict[str, str]]:
        problems: dict[str, str] = {}
        numbers: dict[str, float | None] = {}
        for name, w in (("baseline", baseline), ("target", target)):
            try:
                numbers[name] = _number(w.value)
            except ValueError:
                problems[name] = ctx.label("form.error.number")
                numbers[name] = None
        if not statement.value.strip():
            problems["statement"] = ctx.label("form.error.required")
        if target.value.strip() == "" and "target" not in problems:
            problems["target"] = ctx.label("form.error.required")
        return GoalDraft(statement.value, metric.value, numbers["baseline"], numbers["target"], direction.value,
                         start.value, deadline.value), problems

    def show_checks(*_: object) -> None:
        current, _problems = draft()
        state["checks"] = smart_checks(current, ctx.profile, keys)
        rows = "".join(
            f"<li><b>{c.letter}</b> {html.escape(ctx.label(f'form.smart.{c.letter}'))}: "
            f"{note(ctx.label(c.key, **c.values), c.level)}</li>" for c in state["checks"])
        checks.value = f'<ul class="wb-smart">{rows}</ul>'

    def on_metric(change: dict[str, Any]) -> None:
        value = metrics.resolve(document(), change["new"]) if change["new"] else None
        baseline.value = "" if value is None else f"{value:g}"
        fields["metric"].error.value = note(ctx.label("form.goal.current", value="—" if value is None
                                                      else f"{value:g}", period=ctx.period_label), "info")

    def on_goal(change: dict[str, Any]) -> None:
        for f in fields.values():
            f.set_error(None)
        chosen = state["goals"].loc[state["goals"]["goal_id"] == change["new"]]
        if chosen.empty:
            state["version"] = None
            statement.value, target.value, owner.value = "", "", ctx.who
            metric.value, deadline.value = None, None
            return
        row = chosen.iloc[0]
        state["version"] = int(row["version"])
        statement.value = row["statement"] or ""
        metric.value = row["metric"] if row["metric"] in keys else None
        baseline.value = "" if pd.isna(row["baseline"]) else f"{row['baseline']:g}"
        target.value = "" if pd.isna(row["target"]) else f"{row['target']:g}"
        direction.value = row["direction"] if row["direction"] in GOAL_DIRECTIONS else "increase"
        start.value, deadline.value = _day(row["start"]), _day(row["deadline"])
        owner.value = row["owner"] or ""

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        current, problems = draft()
        show_checks()
        for name, f in fields.items():
            f.set_error(problems.get(name))
        for check, name in zip(state["checks"], ("statement", "metric", "target", "metric", "deadline"),
                               strict=True):
            if check.level == "error" and name not in problems:
                fields[name].set_error(ctx.label(check.key, **check.values))
        if problems or blocking(state["checks"]):
            status.show(ctx.label("form.not_saved"), "error")
            return
        goal_id = goal.value or f"g-{uuid.uuid4().hex[:8]}"
        record = {"goal_id": goal_id, "statement": current.statement.strip(), "metric": current.metric,
                  "baseline": current.baseline, "target": current.target, "direction": current.direction,
                  "start": current.start, "deadline": current.deadline, "owner": owner.value.strip() or None}
        version = save(ctx, "goals", record, state["version"], status)
        if version is not None:
            reload_goals(goal_id)
            state["version"] = version

    metric.observe(on_metric, "value")
    goal.observe(on_goal, "value")
    for w in (statement, metric, baseline, target, direction, start, deadline):
        w.observe(show_checks, "value")
    save_button.on_click(on_save)
    reload_goals()
    show_checks()
    box = section(ctx.label("form.goal.title"), *(f.box for f in fields.values()),
                  widgets.HTML(f"<b>{html.escape(ctx.label('form.goal.smart'))}</b>"), checks, save_button, status)
    box.add_class("wb-form-goal")
    return GoalForm(box, goal, statement, metric, baseline, target, direction, start, deadline, owner, checks,
                    save_button, status, fields, state)
