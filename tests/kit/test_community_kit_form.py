"""The Recruit & welcome page driven in Python: texts edited, saved with the client and found again, the sign-up
form exported, newcomers listed and @mentioned, interests ranked and a suggested slot accepted into the plan."""

from __future__ import annotations

import base64
import json
import re
from datetime import date, datetime

import sqlalchemy as sa

from tests.kit.fixture_profile import kit_profile
from workbook import paths, store
from workbook.forms.community_kit import community_kit
from workbook.forms.context import FormContext
from workbook.kit.notice import notice
from workbook.kit.welcome import welcome
from workbook.profile import load_profile, save_profile

INTERESTS = [
    {"response_id": "r1", "topics": ["Negotiation", "Pricing"], "formats": ["Video course", "Live lecture"],
     "times": ["Wednesday evening"]},
    {"response_id": "r2", "topics": ["Negotiation"], "formats": ["Live lecture"], "times": ["Wednesday evening"]},
]


def _configure(ctx: FormContext) -> None:
    """The fixture kit (rules, admins, channels, recruitment) on the pilot client, which keeps its own name."""
    profile = load_profile(ctx.client)
    profile.kit = kit_profile().kit
    save_profile(ctx.client, profile)
    ctx.__dict__.pop("profile", None)


def _add_interests(ctx: FormContext) -> None:
    with store.transaction(ctx.engine) as conn:
        store.upsert_rows(conn, "interests", [
            {"client": ctx.client, "response_id": r["response_id"], "topics": json.dumps(r["topics"]),
             "formats": json.dumps(r["formats"]), "times": json.dumps(r["times"])} for r in INTERESTS])
        store.bump_revision(conn, ctx.client)


def test_a_text_is_edited_saved_with_the_client_and_found_again(ctx: FormContext) -> None:
    _configure(ctx)
    page = community_kit(ctx)
    email = page.notices["email"]
    assert email.text.value == notice(ctx.profile, "en", "email") and "not saved" in email.status.value
    email.text.value = email.text.value.replace("Dear colleagues,", "Dear sales team,")
    email.save.click()
    path = paths.client_dir(ctx.client) / "posts" / "notice_email.en.md"
    assert email.status.level == "ok" and path.read_text(encoding="utf-8").startswith(
        "Subject: pilot is recruiting (closes 2026-11-30)\n\nDear sales team,")
    assert list(path.parent.glob(".*")) == []  # the temporary file of the atomic write is gone
    with ctx.engine.connect() as conn:
        audit = conn.execute(sa.select(store.audit.c.who, store.audit.c.table_name, store.audit.c.key,
                                       store.audit.c.before)).all()
    assert [(a.who, a.table_name, json.loads(a.key), a.before) for a in audit] == [
        ("alice", "posts", {"post": "notice_email.en.md"}, None)]
    # The other language is still the generated text; a fresh page shows the saved English one.
    email.lang.value = "zh-CN"
    assert email.text.value == notice(ctx.profile, "zh-CN", "email")
    again = community_kit(ctx).notices["email"]
    assert "Dear sales team," in again.text.value and "saved version" in again.status.value
    again.regenerate.click()
    assert again.text.value == notice(ctx.profile, "en", "email")


def test_rules_shown_in_both_languages(ctx: FormContext) -> None:
    _configure(ctx)
    rules = community_kit(ctx).rules
    # The pilot has no value proposition: no "who we are" section, so the banned content is section 2.
    assert "2. Not allowed" in rules.text.value and "Tom: Runs the live sessions" in rules.text.value
    rules.lang.value = "zh-CN"
    assert "2. 禁止内容" in rules.text.value and "李静：每日答疑；处理违规" in rules.text.value


def test_the_sign_up_form_is_exported_for_download(ctx: FormContext) -> None:
    _configure(ctx)
    page = community_kit(ctx)
    view = page.questionnaire
    assert page.questionnaire_text.text.value.startswith("1. Your name[text]*\n\n2. Your employee ID (optional)[text]")
    assert "score_motivation" in view.table.value and "Referral" in view.table.value
    view.export.click()
    assert view.status.level == "ok", view.status.value
    folder = paths.client_dir(ctx.client) / "posts"
    assert {p.name for p in folder.iterdir()} == {"signup_form.en.csv", "signup_form.en.xlsx"}
    link = re.search(r'href="data:text/csv;base64,([^"]+)"', view.downloads.value)
    assert link and base64.b64decode(link[1]) == (folder / "signup_form.en.csv").read_bytes()
    assert (folder / "signup_form.en.csv").read_text(encoding="utf-8-sig").splitlines()[0] == (
        "No.,Question,Type,Required,Option 1,Option 2,Option 3,Imported as")


def test_newcomers_listed_and_greeted_by_name(ctx: FormContext) -> None:
    _configure(ctx)
    # Pilot members joined in August; n1 joins 28 October (within 7 days of 31 October) and posts; n2 joins on
    # 29 October and the staff host greets "@Kai" after that → only n1 is listed (not greeted, posted).
    with store.transaction(ctx.engine) as conn:
        store.upsert_rows(conn, "members", [
            {"client": ctx.client, "member_id": "n1", "display_name": "Lin", "joined_at": datetime(2026, 10, 28, 2),
             "is_staff": False},
            {"client": ctx.client, "member_id": "n2", "display_name": "Kai", "joined_at": datetime(2026, 10, 29, 2),
             "is_staff": False}])
        store.upsert_rows(conn, "messages", [
            {"client": ctx.client, "message_id": "y1", "member_id": "n1", "sent_at": datetime(2026, 10, 28, 3),
             "text": "hello"},
            {"client": ctx.client, "message_id": "y2", "member_id": "s1", "sent_at": datetime(2026, 10, 29, 3),
             "text": "@Kai welcome!"},
            {"client": ctx.client, "message_id": "y3", "member_id": "n2", "sent_at": datetime(2026, 10, 29, 4),
             "text": "thanks"}])
        store.bump_revision(conn, ctx.client)
    page = community_kit(ctx)
    assert [(n.member_id, n.greeted, n.posted) for n in page.newcomers.found] == [("n1", False, True)]
    assert "Lin" in page.newcomers.table.value and "Kai" not in page.newcomers.table.value
    page.newcomers.greet.click()
    assert page.welcome.text.value == welcome(ctx.profile, "en", ["Lin"])
    assert page.welcome.text.value.startswith("@Lin welcome to pilot!")
    # Saving that welcome greets Lin, who has posted too: nobody is left to welcome.
    page.welcome.save.click()
    assert page.newcomers.found == [] and "Every newcomer" in page.newcomers.table.value
    assert page.newcomers.greet.disabled


def test_interests_ranked_and_a_suggested_slot_accepted(ctx: FormContext) -> None:
    _configure(ctx)
    _add_interests(ctx)
    page = community_kit(ctx)
    ranking = page.interests.ranking.value
    assert "2 responses." in ranking and "Video course → Video" in ranking
    assert "Event kinds to plan: live lecture (2)" in ranking
    panel = page.interests.suggestions
    # Top topics Negotiation (2), Pricing (1) on October 2026's first two Wednesdays, as video.
    assert [(s.due, s.topic, s.format) for s, _ in panel.buttons] == [
        (date(2026, 10, 7), "Negotiation", "video"), (date(2026, 10, 14), "Pricing", "video")]
    redraws: list[int] = []
    ctx.refreshers.append(lambda: redraws.append(1))
    panel.buttons[0][1].click()
    assert panel.status.level == "ok" and "Negotiation" in panel.status.value
    plan = store.read_table(ctx.engine, ctx.client, "content_plan")
    assert plan[["due", "topic", "format", "status", "owner"]].to_dict("records") == [
        {"due": date(2026, 10, 7), "topic": "Negotiation", "format": "video", "status": "planned", "owner": "alice"}]
    assert [s.topic for s, _ in panel.buttons] == ["Pricing"] and redraws == [1]


def test_accepting_a_slot_someone_else_just_accepted(ctx: FormContext, other: FormContext) -> None:
    _add_interests(ctx)
    mine, theirs = community_kit(ctx).interests.suggestions, community_kit(other).interests.suggestions
    theirs.buttons[0][1].click()
    mine.buttons[0][1].click()
    assert mine.status.level == "warning" and "already in the content plan" in mine.status.value
    plan = store.read_table(ctx.engine, ctx.client, "content_plan")
    assert plan["owner"].tolist() == ["bob"] and plan["version"].tolist() == [1]
    # The panel redrew without the taken slot.
    assert [s.topic for s, _ in mine.buttons] == ["Pricing"]


def _find(widget: object, css: str) -> list[object]:
    found = [widget] if css in getattr(widget, "_dom_classes", ()) else []
    for child in getattr(widget, "children", ()):
        found += _find(child, css)
    return found


def test_the_content_page_accepts_a_suggestion_and_shows_it_in_its_week(ctx: FormContext) -> None:
    from workbook.forms.content_plan import plan_form

    _add_interests(ctx)
    form = plan_form(ctx)
    (panel_box,) = _find(form.widget, "wb-plan-suggestions")
    rows = _find(panel_box, "wb-suggestion")
    assert len(rows) == 2 and "Negotiation" in rows[0].children[1].value  # type: ignore[attr-defined]
    assert "Negotiation" not in form.calendar.value and form.week.value == date(2026, 9, 28)
    rows[0].children[0].click()  # type: ignore[attr-defined]
    # The week view moves to the slot's week and shows it; the slot is selected in the form for editing.
    assert form.week.value == date(2026, 10, 5) and "Negotiation" in form.calendar.value
    assert form.topic.value == "Negotiation" and form.slot.value.startswith("sug-")
    assert len(_find(panel_box, "wb-suggestion")) == 1


def test_a_slot_planned_by_hand_takes_its_suggestion_away(ctx: FormContext) -> None:
    from workbook.forms.content_plan import plan_form

    _add_interests(ctx)
    form = plan_form(ctx)
    (panel_box,) = _find(form.widget, "wb-plan-suggestions")
    form.due.value = date(2026, 10, 14)
    form.topic.value = "pricing"
    form.save.click()
    assert form.status.level == "ok"
    rows = _find(panel_box, "wb-suggestion")
    assert len(rows) == 1 and "Negotiation" in rows[0].children[1].value  # type: ignore[attr-defined]


def test_a_text_is_not_saved_without_a_name(ctx: FormContext) -> None:
    ctx.who = ""
    rules = community_kit(ctx).rules
    rules.save.click()
    assert rules.status.level == "error" and "type your name" in rules.status.value
    assert not (paths.client_dir(ctx.client) / "posts").exists()
