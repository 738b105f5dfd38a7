"""The member timeline page driven through its picker, on the hand-worked fixture of tests/metrics/test_timeline.py:
a consenting member by name with weeks, level changes, events, content and quizzes; a non-consenting one by id."""

from __future__ import annotations

import pytest

from tests.forms.client import _plain
from tests.metrics import test_timeline as fixture
from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.member_timeline import timeline_form

CLIENT = "timeline"


@pytest.fixture
def ctx(db_url: str) -> FormContext:
    from workbook.clients import init_client
    from workbook.profile import load_profile, save_profile

    init_client(CLIENT, lang="en")
    profile = load_profile(CLIENT)
    profile.levels = fixture.PROFILE.levels
    save_profile(CLIENT, profile)
    tables = {"members": fixture.MEMBERS, "messages": fixture.MESSAGES, "events": fixture.EVENTS,
              "attendance": fixture.ATTENDANCE, "content": fixture.CONTENT, "interactions": fixture.INTERACTIONS,
              "quiz_results": fixture.QUIZ, "points_adjustments": fixture.ADJUSTMENTS}
    frames = store.frames_from_records(**tables)
    with store.transaction(store.engine(CLIENT, db_url)) as conn:
        for name in tables:
            frame = getattr(frames, name).drop(columns=["version"])
            store.upsert_rows(conn, name, [{k: _plain(v) for k, v in r.items()} | {"client": CLIENT}
                                           for r in frame.to_dict("records")])
        store.bump_revision(conn, CLIENT)
    return FormContext(CLIENT, "2026-10", "en", db_url, who="alice")


def test_pick_a_member(ctx: FormContext) -> None:
    form = timeline_form(ctx)
    assert list(form.member.options) == [("李雷 (m1)", "m1"), ("m2", "m2")]
    assert "Pick a member" in form.view.value
    form.member.value = "m1"
    view = form.view.value
    assert "Joined 2026-10-05; 7 messages; 39 points by the end of this period, level Contributor." in view
    assert "Newcomer → Regular" in view and "Regular → Contributor" in view
    assert "<td>Workshop</td><td>Attended</td>" in view
    assert "<td>Webinar</td><td>Registered, did not attend</td>" in view
    assert "<td>我的笔记</td><td>Wrote it</td>" in view and "<td>Course</td><td>Completed</td>" in view
    assert "<td>Q1</td><td>2</td><td>90%</td>" in view
    assert "我来了" not in view  # never message text
    form.member.value = "m2"
    assert "did not agree to be named" in form.view.value and "韩梅梅" not in form.view.value


def test_chinese_page(ctx: FormContext) -> None:
    form = timeline_form(FormContext(CLIENT, "2026-10", "zh-CN", ctx.db_url, who="李"))
    form.member.value = "m1"
    assert "新人 → 活跃" in form.view.value and "等级：骨干" in form.view.value
