"""Facilitator rubric scores for an event, beside its attendance and survey figures."""

from __future__ import annotations

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.event_scoring import event_score_form


def test_figures_composite_and_saved_scores(ctx: FormContext) -> None:
    form = event_score_form(ctx)
    assert form.event.value == "e1"
    # Attendance 1 of 2 registered → 50%; survey composite 80 (worked out in tests/forms/client.py).
    assert "<td>50%</td>" in form.figures.value
    assert "Composite (attendance + survey): 80.0" in form.composite.value
    form.criteria["content"].value = 5
    form.criteria["delivery"].value = 4
    form.criteria["organisation"].value = 3
    # Default event rubric weights 0.4, 0.3, 0.3: 0.4·5 + 0.3·4 + 0.3·3 = 4.1 → (4.1−1)/4·100 = 77.5.
    assert "your rubric: 77.5 / 100" in form.composite.value
    assert form.fields["content"].caption.value == "Content (0.4)"
    form.notes.value = "Good pace"
    form.save.click()
    assert form.status.level == "ok", form.status.value
    saved = store.read_table(ctx.engine, ctx.client, "event_scores").iloc[0]
    assert saved["scorer"] == "alice" and saved["notes"] == "Good pace"
    assert saved["scores"] == {"content": 5, "delivery": 4, "organisation": 3}
    # Opening the form again shows alice's saved scores.
    again = event_score_form(ctx)
    assert again.criteria["delivery"].value == 4 and again.state["version"] == 1


def test_missing_rubric_scores_are_refused(ctx: FormContext) -> None:
    form = event_score_form(ctx)
    form.criteria["content"].value = 5
    form.save.click()
    assert form.status.level == "error" and "Required" in form.fields["delivery"].error.value
    assert store.read_table(ctx.engine, ctx.client, "event_scores").empty
