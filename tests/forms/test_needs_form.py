"""Needs → plan on the content page, driven through its widgets: hot terms beside the content covering them; a
term members raised with no content offered among the plan's suggested slots (workbook.plan_suggestions),
accepted (audited, revision bumped), then no longer offered."""

from __future__ import annotations

import pytest

from tests.forms.client import _plain
from tests.forms.test_stories_form import CLIENT, write_storied
from tests.metrics.test_stories import local, said
from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.needs import needs_view, plan_suggestions
from workbook.metrics import needs

EXTRA_MESSAGES = [said("r1", "m1", "2026-10-14 09:00", "报销单怎么填"),
                  said("r2", "m2", "2026-10-15 09:00", "报销好麻烦"),
                  said("r3", "m4", "2026-10-16 09:00", "报销流程在哪里"),
                  said("p1", "m2", "2026-10-17 09:00", "Python 课程很好"),
                  said("p2", "m4", "2026-10-17 10:00", "python!"),
                  said("p3", "m1", "2026-10-18 10:00", "python notebook")]
CONTENT = [{"content_id": "C1", "title": "Python 入门", "kind": "courseware", "format": "video", "topic": "编程",
            "published_at": local("2026-10-01 10:00"), "member_generated": False}]
INTERACTIONS = [{"content_id": "C1", "member_id": "m1", "at": local("2026-10-02 09:00"), "action": "view"}]


def write_needs_client(db_url: str | None) -> None:
    """The storied client (tests/forms/test_stories_form.py) with these messages, content and views added."""
    write_storied(db_url)
    frames = store.frames_from_records(messages=EXTRA_MESSAGES, content=CONTENT, interactions=INTERACTIONS)
    with store.transaction(store.engine(CLIENT, db_url)) as conn:
        for name in ("messages", "content", "interactions"):
            frame = getattr(frames, name).drop(columns=["version"])
            store.upsert_rows(conn, name, [{k: _plain(v) for k, v in r.items()} | {"client": CLIENT}
                                           for r in frame.to_dict("records")])
        store.bump_revision(conn, CLIENT)


@pytest.fixture
def ctx(db_url: str) -> FormContext:
    write_needs_client(db_url)
    return FormContext(CLIENT, "2026-10", "en", db_url, who="alice")


def test_terms_beside_content_and_a_gap_accepted_from_the_plan(ctx: FormContext) -> None:
    from workbook.forms.community_kit import suggestion_panel

    view = needs_view(ctx)
    terms = {n.term: n for n in view.state["needs"]}
    # "python" comes up in z1, p1, p2, p3 and is covered by C1 (viewed by m1 of the 7 members: 1/7).
    assert terms["python"].count == 4 and [c.content_id for c in terms["python"].items] == ["C1"]
    assert "Python 入门 (14%)" in view.table.value
    # 报销: z4, r1, r2, r3 — no content covers it; "post" (m7's six posts) is a gap too.
    assert terms["报销"].count == 4 and terms["报销"].gap and terms["post"].gap
    panel = suggestion_panel(ctx)
    offered = {s.topic: (s, button) for s, button in panel.buttons if s.source == "voice"}
    assert set(offered) == {"post", "报销"}
    suggestion, button = offered["报销"]
    assert suggestion.due == needs.suggested_due(ctx.period.end) and "came up 4 times" in suggestion.reason
    revision = store.revision(ctx.engine, CLIENT)
    button.click()
    assert panel.status.level == "ok", panel.status.value
    plan = store.read_table(ctx.engine, CLIENT, "content_plan")
    row = plan.loc[plan["topic"] == "报销"].iloc[0]
    assert (row["status"], row["owner"], row["slot_id"]) == ("planned", "alice", suggestion.slot_id)
    assert store.revision(ctx.engine, CLIENT) == revision + 1
    assert "报销" not in {s.topic for s, _ in panel.buttons}  # planned now: no longer suggested


def test_provider_in_chinese(ctx: FormContext) -> None:
    found = plan_suggestions(ctx.engine, CLIENT, ctx.profile, ctx.period, "zh-CN")
    due = needs.suggested_due(ctx.period.end)
    assert [(s.topic, s.due, s.source) for s in found] == [("post", due, "voice"), ("报销", due, "voice")]
    assert "出现 4 次" in found[1].reason


def test_chinese_labels(ctx: FormContext) -> None:
    view = needs_view(FormContext(CLIENT, "2026-10", "zh-CN", ctx.db_url, who="李"))
    assert "覆盖它的内容" in view.table.value and "暂无内容" in view.table.value
