"""Adding, moving and publishing a content slot through the plan form."""

from __future__ import annotations

from datetime import date

from workbook import store
from workbook.forms.content_plan import plan_form
from workbook.forms.context import FormContext


def _plan(ctx: FormContext) -> dict[str, dict[str, object]]:
    frame = store.read_table(ctx.engine, ctx.client, "content_plan")
    return {r["slot_id"]: r for r in frame.to_dict("records")}


def test_add_move_and_publish_a_slot(ctx: FormContext) -> None:
    form = plan_form(ctx)
    form.due.value = date(2026, 10, 7)
    form.topic.value = "Onboarding checklist"
    form.format.value = "text"
    form.kind.value = "best_practice"
    form.save.click()
    assert form.status.level == "ok", form.status.value
    (slot_id, slot), = _plan(ctx).items()
    assert slot["due"] == date(2026, 10, 7) and slot["status"] == "planned" and slot["owner"] == "alice"
    assert "Onboarding checklist" in form.calendar.value and "Wed 10-07" in form.calendar.value
    # Move it to the next week: the week view follows the slot.
    form.due.value = date(2026, 10, 14)
    form.save.click()
    assert _plan(ctx)[slot_id]["due"] == date(2026, 10, 14) and form.week.value == date(2026, 10, 12)
    # Published without its content item is refused next to the field; with it, saved.
    form.status_choice.value = "published"
    form.save.click()
    assert form.status.level == "error" and "content item" in form.fields["content"].error.value
    form.content.value = "c1"
    form.save.click()
    saved = _plan(ctx)[slot_id]
    assert saved["status"] == "published" and saved["content_id"] == "c1" and saved["version"] == 3


def test_warnings_follow_the_plan(ctx: FormContext) -> None:
    form = plan_form(ctx)
    assert "31 days" in form.warnings.value  # empty October plan: one gap of 31 days
    for day in (2, 9, 16):
        form.slot.value = ""
        form.due.value = date(2026, 10, day)
        form.topic.value = f"Tip {day}"
        form.format.value = "video"
        form.save.click()
    # Three videos in a row; gaps: 2 → 9 → 16 leave 6 days, 16 → 31 leaves 15 (Oct 17–31).
    assert "Same format 3 times in a row (video, 2026-10-02 to 2026-10-16)" in form.warnings.value
    assert "nothing planned for 15 days (2026-10-17 to 2026-10-31)" in form.warnings.value


def test_empty_topic_saves_nothing(ctx: FormContext) -> None:
    form = plan_form(ctx)
    form.save.click()
    assert "Required" in form.fields["topic"].error.value and _plan(ctx) == {}


def test_long_pickers_are_searchable(ctx: FormContext) -> None:
    form = plan_form(ctx)
    for day in range(1, 29):
        form.slot.value = ""
        form.due.value = date(2026, 10, day)
        form.topic.value = f"Topic {day:02d}"
        form.save.click()
        assert form.status.level == "ok", form.status.value
    labels = form.slot_search.options
    assert len(labels) == len(form.slot.options) == 29 and "2026-10-17 · Topic 17" in labels
    form.topic.value = "unsaved edit"
    form.slot_search.value = "2026-10-17 · Topic 17"  # the browser offers it when "17" is typed
    assert form.topic.value == "Topic 17" and form.slot_search.value == ""
    assert len(form.slot.options) == 29, "the dropdown keeps every option"
    (content_label,) = [label for label in form.content_search.options if label != "—"][:1]
    form.content_search.value = content_label
    assert form.content.value is not None


def test_days_in_the_page_language(other: FormContext) -> None:
    from workbook.forms.dates import day_text

    assert day_text(date(2026, 10, 3), "zh-CN") == "2026年10月3日"
    assert day_text("2026-10-02T18:00:00Z", "zh-CN", tz="Asia/Shanghai") == "2026年10月3日"
    assert day_text(date(2026, 10, 3), "en", year=False) == "10-03" and day_text(None, "en") == "—"
    form = plan_form(other)
    assert "10月4日" in form.calendar.value and "10-04" not in form.calendar.value
