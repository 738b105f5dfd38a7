"""The settings page driven like a facilitator: edit fields, watch the moderation preview, save, read client.yaml."""

from __future__ import annotations

import re

import sqlalchemy as sa

from workbook import paths, store
from workbook.forms.context import FormContext
from workbook.forms.settings import settings_form
from workbook.profile import load_profile

# September (the period before PERIOD) messages with text: one ordinary work link (GitHub, allowed by default),
# one link to an unknown news site, one ad by word. Flagged by default: the news link and the ad → 2 of 3.
SEPTEMBER = [("t1", "see https://github.com/acme/handbook for the notes"),
             ("t2", "read https://news.example.org/story now"),
             ("t3", "加微信 拿优惠券")]
COMMENT = "# consultant: keep the ads rule strict for this client\n"


def _with_texts(ctx: FormContext) -> None:
    rows = [{"client": ctx.client, "message_id": mid, "member_id": "m1", "sent_at": f"2026-09-2{n}T03:00:00Z",
             "channel": "general", "text": text} for n, (mid, text) in enumerate(SEPTEMBER)]
    frames = store.frames_from_records(messages=rows)
    with store.transaction(ctx.engine) as conn:
        plain = frames.messages.drop(columns=["version"]).astype(object).where(frames.messages.notna(), None)
        store.upsert_rows(conn, "messages", [r | {"client": ctx.client} for r in plain.drop(
            columns=[c for c in plain.columns if c == "client"]).to_dict("records")])
        store.bump_revision(conn, ctx.client)


def _flagged(form: object) -> int:
    found = re.search(r'data-flagged="(\d+)"', form.preview.value)  # type: ignore[attr-defined]
    assert found, form.preview.value  # type: ignore[attr-defined]
    return int(found[1])


def test_edit_save_keeps_comments_and_audits(ctx: FormContext) -> None:
    path = paths.profile_path(ctx.client)
    path.write_text(COMMENT + path.read_text(encoding="utf-8"), encoding="utf-8")
    _with_texts(ctx)
    form = settings_form(ctx)
    assert _flagged(form) == 2
    form.widgets["allowed_domains"].value += "\nnews.example.org"
    assert _flagged(form) == 1, "the preview follows the edit before any save"
    form.widgets["rule.0"].value += "\nhandbook"
    assert _flagged(form) == 2
    form.widgets["slogan"].value = "Learn together"
    form.widgets["points.message"].value = "2"
    form.widgets["schedule.weekly"].value = True
    form.save.click()
    assert form.status.level == "ok", form.status.value
    text = path.read_text(encoding="utf-8")
    assert text.startswith(COMMENT) and "news.example.org" in text
    profile = load_profile(ctx.client)
    assert profile.positioning.slogan == "Learn together" and profile.points.message == 2
    assert profile.schedule.weekly and "handbook" in profile.rules[0].patterns
    assert list(profile.model_dump())[:3] == ["name", "language", "timezone"]
    with ctx.engine.connect() as conn:
        audited = conn.execute(sa.select(store.audit.c.who, store.audit.c.table_name)
                               .where(store.audit.c.table_name == "client.yaml")).all()
    assert audited == [("alice", "client.yaml")]
    # A second save from the same page is not a conflict with itself.
    form.widgets["slogan"].value = "Learn and share"
    form.save.click()
    assert form.status.level == "ok", form.status.value


def test_each_bad_field_gets_its_own_message_and_nothing_is_written(ctx: FormContext) -> None:
    before = paths.profile_path(ctx.client).read_text(encoding="utf-8")
    form = settings_form(ctx)
    form.widgets["rule.0"].value = "ok\n(unclosed"
    form.widgets["allowed_domains"].value = "docs.qq.com\nhttp://x.com/a"
    form.widgets["threshold.waitlist"].value = "90"
    form.widgets["points.message_daily_cap"].value = "2.5"
    form.widgets["min_group_size"].value = "0"
    form.widgets["levels"].value = "0 | 新人 | Newcomer\nlots | 达人"
    form.save.click()
    errors = {name: f.error.value for name, f in form.fields.items() if f.error.value}
    assert set(errors) == {"rule.0", "allowed_domains", "threshold.waitlist", "points.message_daily_cap",
                           "min_group_size", "levels"}, errors
    assert "Line 2" in errors["rule.0"] and "http://x.com/a" in errors["allowed_domains"]
    assert "above the accept" in errors["threshold.waitlist"] and "whole number" in errors["points.message_daily_cap"]
    assert form.status.level == "error"
    assert paths.profile_path(ctx.client).read_text(encoding="utf-8") == before


def test_messages_are_in_the_page_language(other: FormContext) -> None:
    form = settings_form(other)
    form.widgets["allowed_domains"].value = "not a domain"
    form.save.click()
    assert "不是域名" in form.fields["allowed_domains"].error.value


def test_someone_elses_change_is_not_overwritten(ctx: FormContext, other: FormContext) -> None:
    mine, theirs = settings_form(ctx), settings_form(other)
    theirs.widgets["slogan"].value = "Theirs"
    theirs.save.click()
    assert theirs.status.level == "ok"
    mine.widgets["slogan"].value = "Mine"
    mine.save.click()
    assert mine.status.level == "warning" and "bob" in mine.status.value
    assert load_profile(ctx.client).positioning.slogan == "Theirs"


def test_a_new_client_does_not_flag_ordinary_work_links(ctx: FormContext) -> None:
    _with_texts(ctx)
    form = settings_form(ctx)
    assert "github.com" in form.widgets["allowed_domains"].value
    assert _flagged(form) == 2, "the GitHub link is not an ad"
    # The members' e-mail domain (example.com) is suggested, not silently added.
    assert "example.com" in form.suggestion.value and "example.com" not in form.widgets["allowed_domains"].value
