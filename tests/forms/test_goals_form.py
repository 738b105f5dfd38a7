"""The goal editor driven like a facilitator: set values, click save, read the store."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.goals import goal_form

TODAY = date(2026, 11, 1)


def _goals(ctx: FormContext) -> dict[str, dict[str, object]]:
    frame = store.read_table(ctx.engine, ctx.client, "goals")
    return {r["goal_id"]: r for r in frame.to_dict("records")}


def test_new_goal_takes_its_baseline_from_the_period_and_saves(ctx: FormContext) -> None:
    form = goal_form(ctx, today=TODAY)
    form.statement.value = "Members post in the group every week"
    form.metric.value = "engagement.posting_rate"
    # October: 1 poster (m1) of 6 members → posting_rate 1/6, shown as a percentage, saved unrounded.
    assert form.baseline.value == "16.7%"
    form.target.value = "30%"
    form.deadline.value = date(2026, 12, 31)
    form.save.click()
    assert form.status.level == "ok", form.status.value
    saved = [g for g in _goals(ctx).values() if g["goal_id"] != "g1"]
    assert len(saved) == 1
    goal = saved[0]
    assert goal["metric"] == "engagement.posting_rate" and goal["target"] == 0.3
    assert abs(goal["baseline"] - 1 / 6) < 1e-5 and goal["owner"] == "alice" and goal["version"] == 1
    assert goal["start"] == date(2026, 10, 1) and goal["deadline"] == date(2026, 12, 31)
    # The saved goal stays selected, so a second save is an update, not a new goal.
    form.target.value = "0.35"
    form.save.click()
    assert _goals(ctx)[goal["goal_id"]]["version"] == 2


def test_invalid_input_is_shown_by_the_field_and_saves_nothing(ctx: FormContext) -> None:
    form = goal_form(ctx, today=TODAY)
    form.statement.value = "Grow"
    form.metric.value = "engagement.posting_rate"
    form.target.value = "lots"
    form.deadline.value = date(2026, 9, 1)
    form.save.click()
    assert form.status.level == "error"
    assert "number" in form.fields["target"].error.value
    assert "too short" in form.fields["statement"].error.value
    assert "after the start" in form.fields["deadline"].error.value
    assert list(_goals(ctx)) == ["g1"]


def test_a_stretch_target_warns_but_saves(ctx: FormContext) -> None:
    form = goal_form(ctx, today=TODAY)
    form.statement.value = "Members post in the group every week"
    form.metric.value = "engagement.posting_rate"
    form.target.value = "0.9"  # 0.9 / (1/6) = 5.4× > 3×
    form.deadline.value = date(2026, 12, 31)
    assert [c.level for c in form.current_checks()] == ["ok", "ok", "warning", "ok", "ok"]
    assert "5.4×" in form.checks.value
    form.save.click()
    assert form.status.level == "ok" and len(_goals(ctx)) == 2


def test_two_facilitators_editing_one_goal_the_second_is_refused(ctx: FormContext, other: FormContext) -> None:
    mine, theirs = goal_form(ctx, today=TODAY), goal_form(other, today=TODAY)
    mine.goal.value = theirs.goal.value = "g1"
    assert mine.target.value == "70%" and mine.state["version"] == 1
    theirs.target.value = "80%"
    theirs.save.click()
    assert theirs.status.level == "ok"
    mine.target.value = "75%"
    mine.save.click()
    assert mine.status.level == "warning"
    # Who, how long ago, the field by its label and both values as typed; no JSON, no microseconds.
    assert "bob" in mine.status.value and "Target: 80% → 75%" in mine.status.value
    assert "just now" in mine.status.value and "target:" not in mine.status.value
    goal = _goals(ctx)["g1"]
    assert goal["target"] == 0.8 and goal["version"] == 2
    # One audited write (bob's); alice's refused save left no trace.
    with ctx.engine.connect() as conn:
        writers = conn.execute(sa.select(store.audit.c.who).where(store.audit.c.table_name == "goals")).scalars()
        assert list(writers) == ["bob"]


def _filled(form: object, **values: object) -> None:
    base = {"statement": "Members post in the group every week", "metric": "engagement.posting_rate",
            "target": "30%", "deadline": date(2026, 12, 31)}
    for name, value in (base | values).items():
        getattr(form, name).value = value


def _errors(form: object) -> dict[str, str]:
    return {name: f.error.value for name, f in form.fields.items() if f.error.value}  # type: ignore[attr-defined]


def test_goal_validation_shows_each_problem_beside_its_field(ctx: FormContext) -> None:
    cases = [({"target": "-5"}, "target", "cannot be negative"),
             ({"target": "150%"}, "target", "between 0 and 100 %"),
             ({"target": "10%"}, "target", "must be above the baseline"),
             ({"direction": "decrease"}, "target", "must be below the baseline"),
             ({"deadline": date(2026, 10, 20)}, "deadline", "after today (2026-11-01)"),
             ({"deadline": date(2026, 9, 1)}, "deadline", "after the start"),
             ({"target": "lots"}, "target", "Enter a number")]
    for values, field, message in cases:
        form = goal_form(ctx, today=TODAY)
        _filled(form, **values)
        form.save.click()
        errors = _errors(form)
        assert form.status.level == "error" and list(errors) == [field], (values, errors)
        assert message in errors[field], (values, errors)
    assert list(_goals(ctx)) == ["g1"]


def test_an_invalid_target_is_not_reported_as_a_missing_baseline(ctx: FormContext) -> None:
    form = goal_form(ctx, today=TODAY)
    _filled(form, target="-5")
    assert form.baseline.value == "16.7%"
    assert "no baseline" not in form.checks.value and "enter a valid target" in form.checks.value


def test_metric_picker_is_grouped_labelled_and_shows_current_values(ctx: FormContext) -> None:
    form = goal_form(ctx, today=TODAY)
    labels = [label for label, key in form.metric.options if key]
    assert len(labels) == len(set(labels)), "every option reads differently"
    assert not any("." in label.split("(now")[0].replace("…", "") and "_" in label for label in labels)
    assert "Engagement › Posting rate (now 16.7%)" in labels
    domains = [label.split(" › ")[0] for label in labels]
    assert domains == sorted(domains, key=domains.index), "one block per domain"
    form.metric.value = "engagement.posting_rate"
    assert "(Engagement)" in form.checks.value and "(engagement)" not in form.checks.value


def test_chinese_relevance_names_the_domain_in_chinese(other: FormContext) -> None:
    form = goal_form(other, today=TODAY)
    form.metric.value = "engagement.posting_rate"
    assert "「成员参与」" in form.checks.value and "engagement" not in form.checks.value
