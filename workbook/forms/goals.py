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
from workbook.forms.smart import Check, GoalDraft, blocking, is_rate, metric_domain, smart_checks, target_problem
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


def _number(text: str, rate: bool = False) -> float | None:
    """A typed number; for a rate "60%" and "60" both mean 0.6 (a fraction up to 1 is taken as typed)."""
    text = text.strip().replace(",", "").replace("％", "%")
    if not text:
        return None
    if text.endswith("%"):
        return float(text[:-1]) / 100
    value = float(text)
    return value / 100 if rate and value > 1 else value


def shown_value(metric: str | None, value: float | None) -> str:
    """A metric value as typed back: rates as a percentage, others with at most four significant digits."""
    if value is None or pd.isna(value):
        return ""
    if is_rate(metric):
        return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"
    return f"{value:.4g}"


def _part(ctx: FormContext, name: str) -> str:
    from workbook.i18n import has

    for key in (f"metrics.key.{name}", f"metrics.value.{name}"):
        if has(key):
            return ctx.label(key)
    return name


def metric_name(ctx: FormContext, key: str) -> str:
    """`recruitment.by_channel.referral.applicants` → "Applicants · Referral": the measure, then what it is of."""
    parts = key.split(".")[1:]
    measure = _part(ctx, parts[-1])
    if len(parts) == 1:
        return measure
    if len(parts) == 2:
        return f"{_part(ctx, parts[0])} · {measure}"
    return f"{measure} · {' · '.join(_part(ctx, p) for p in parts[1:-1])}"


def metric_options(ctx: FormContext, keys: list[str], document: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The picker's options grouped by domain (in the order of the pages), each with its current value."""
    from workbook import metrics

    order = {d: n for n, d in enumerate(("engagement", "events", "content", "recruitment", "culture", "moderation"))}
    ranked = sorted(keys, key=lambda k: (order.get(metric_domain(k) or "", 99), keys.index(k)))
    items: list[tuple[str, str | None]] = [("—", None)]
    for key in ranked:
        value = metrics.resolve(document, key)
        domain = metric_domain(key) or key.split(".", 1)[0]
        items.append((ctx.label("form.goal.metric_option", domain=ctx.label(f"form.goal.domain.{domain}"),
                                name=metric_name(ctx, key), value=shown_value(key, value) or "—"), key))
    return items


def _day(value: object) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return pd.Timestamp(value).date()


def goal_form(ctx: FormContext, today: date | None = None) -> GoalForm:
    """A goal picker (new or existing) and the editor; SMART checks update as fields change, and each problem
    is shown beside its field. `today` (default: the date now) bounds the deadline."""
    from workbook import metrics

    today = today or date.today()
    keys = metrics.metric_keys()
    state: dict[str, Any] = {"version": None, "document": ctx.document(), "checks": [], "goals": pd.DataFrame()}
    goal = widgets.Dropdown()
    statement = widgets.Textarea(layout=widgets.Layout(width="32em", height="4em"),
                                 placeholder=ctx.label("form.goal.statement_hint"))
    metric = widgets.Dropdown(options=metric_options(ctx, keys, state["document"]), value=None,
                              layout=widgets.Layout(width="32em"))
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
    current = widgets.HTML()

    def reload_goals(select: str = NEW) -> None:
        state["goals"] = store.read_table(ctx.engine, ctx.client, "goals").sort_values("goal_id")
        goal.options = [(ctx.label("form.goal.new"), NEW),
                        *((f"{r.statement} ({r.goal_id})", r.goal_id) for r in state["goals"].itertuples())]
        goal.value = select

    def draft() -> tuple[GoalDraft, dict[str, str]]:
        """The draft and the problems of single fields (field name → message)."""
        problems: dict[str, str] = {}
        numbers: dict[str, float | None] = {}
        for name, w in (("baseline", baseline), ("target", target)):
            try:
                # The figure as computed, not as rounded for display, while the field shows it unchanged.
                exact = state.get("exact", {}).get(name)
                numbers[name] = exact[1] if exact and exact[0] == w.value else _number(w.value, is_rate(metric.value))
            except ValueError:
                problems[name] = ctx.label("form.error.number")
                numbers[name] = None
        if not statement.value.strip():
            problems["statement"] = ctx.label("form.error.required")
        if target.value.strip() == "" and "target" not in problems:
            problems["target"] = ctx.label("form.error.required")
        if (numbers["baseline"] or 0) < 0:
            problems["baseline"] = ctx.label("form.goal.error.baseline_negative")
        current_draft = GoalDraft(statement.value, metric.value, numbers["baseline"], numbers["target"],
                                  direction.value, start.value, deadline.value)
        if "target" not in problems and (found := target_problem(current_draft)):
            problems["target"] = ctx.label(found[0], **found[1])
        return current_draft, problems

    def check_values(check: Check) -> dict[str, object]:
        """A check's values as the reader says them: domains and community types by name, numbers as typed."""
        values = dict(check.values)
        if "domain" in values:
            values["domain"] = ctx.label(f"form.goal.domain.{values['domain']}")
        if "metric" in values:
            values["metric"] = metric_name(ctx, str(values["metric"]))
        if "type" in values:
            values["type"] = ctx.choice("community_type", values["type"])
        for name in ("baseline", "target"):
            if name in values:
                values[name] = shown_value(metric.value, values[name])  # type: ignore[arg-type]
        return values

    def show_checks(*_: object) -> None:
        current_draft, _problems = draft()
        state["checks"] = smart_checks(current_draft, ctx.profile, keys, today)
        rows = "".join(
            f"<li><b>{c.letter}</b> {html.escape(ctx.label(f'form.smart.{c.letter}'))}: "
            f"{note(ctx.label(c.key, **check_values(c)), c.level)}</li>" for c in state["checks"])
        checks.value = f'<ul class="wb-smart">{rows}</ul>'

    def on_metric(change: dict[str, Any]) -> None:
        value = metrics.resolve(state["document"], change["new"]) if change["new"] else None
        shown = shown_value(change["new"], value)
        state["exact"] = {"baseline": (shown, value)}
        baseline.value = shown
        current.value = "" if not change["new"] else note(ctx.label(
            "form.goal.current", value=shown_value(change["new"], value) or "—", period=ctx.period_label), "info")
        target.placeholder = ctx.label("form.goal.rate_hint") if is_rate(change["new"]) else ""

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
        state["exact"] = {name: (shown_value(metric.value, row[name]), None if pd.isna(row[name]) else row[name])
                          for name in ("baseline", "target")}
        baseline.value, target.value = state["exact"]["baseline"][0], state["exact"]["target"][0]
        direction.value = row["direction"] if row["direction"] in GOAL_DIRECTIONS else "increase"
        start.value, deadline.value = _day(row["start"]), _day(row["deadline"])
        owner.value = row["owner"] or ""

    # Which field a failed SMART check is about.
    check_field = {"S": "statement", "M.no_metric": "metric", "M.no_target": "target", "T": "deadline"}

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        current_draft, problems = draft()
        show_checks()
        for check in state["checks"]:
            name = check_field.get(f"{check.letter}.{check.reason}") or check_field.get(check.letter)
            if check.level == "error" and name and name not in problems:
                problems[name] = ctx.label(check.key, **check_values(check))
        for name, f in fields.items():
            f.set_error(problems.get(name))
        if problems or blocking(state["checks"]):
            status.show(ctx.label("form.not_saved"), "error")
            return
        goal_id = goal.value or f"g-{uuid.uuid4().hex[:8]}"
        record = {"goal_id": goal_id, "statement": current_draft.statement.strip(), "metric": current_draft.metric,
                  "baseline": current_draft.baseline, "target": current_draft.target,
                  "direction": current_draft.direction, "start": current_draft.start,
                  "deadline": current_draft.deadline, "owner": owner.value.strip() or None}

        def saved(version: int) -> None:
            reload_goals(goal_id)
            state["version"] = version

        def theirs() -> None:
            reload_goals(goal_id)
            on_goal({"new": goal_id})

        save(ctx, "goals", record, state["version"], status, saved=saved, theirs=theirs)

    metric.observe(on_metric, "value")
    goal.observe(on_goal, "value")
    for w in (statement, metric, baseline, target, direction, start, deadline):
        w.observe(show_checks, "value")
    save_button.on_click(on_save)
    reload_goals()
    show_checks()
    box = section(ctx.label("form.goal.title"), *(f.box for f in list(fields.values())[:3]), current,
                  *(f.box for f in list(fields.values())[3:]),
                  widgets.HTML(f"<b>{html.escape(ctx.label('form.goal.smart'))}</b>"), checks, save_button, status)
    box.add_class("wb-form-goal")
    return GoalForm(box, goal, statement, metric, baseline, target, direction, start, deadline, owner, checks,
                    save_button, status, fields, state)
