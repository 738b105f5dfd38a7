"""The stories page driven through its widgets: the planted candidates of tests/metrics/test_stories.py listed,
one accepted with tags and edited, a text naming a member who did not agree refused, one dismissed; the
accepted one in the culture report's table quoting only consenting members, in English and Chinese."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from tests.forms.client import _plain
from tests.metrics import test_stories as planted
from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.stories import report_table, stories_form
from workbook.profile import Level
from workbook.report.notebook import Report

CLIENT = "storied"


def write_storied(db_url: str) -> None:
    """The conversations of tests/metrics/test_stories.py in a client whose levels are 0 and 5 points."""
    from workbook.clients import init_client
    from workbook.profile import load_profile, save_profile

    init_client(CLIENT, lang="en")
    profile = load_profile(CLIENT)
    profile.levels = [Level(min_points=0, zh="新人", en="Newcomer"), Level(min_points=5, zh="活跃", en="Regular")]
    profile.positioning = profile.positioning.model_copy(update={"values": ["互助", "学习"]})
    save_profile(CLIENT, profile)
    tables = {"members": planted.MEMBERS, "messages": [*planted.ZH, *planted.EN, *planted.GROWTH],
              "events": planted.EVENTS, "attendance": planted.ATTENDANCE, "feedback": planted.FEEDBACK}
    frames = store.frames_from_records(**tables)
    with store.transaction(store.engine(CLIENT, db_url)) as conn:
        for name in tables:
            frame = getattr(frames, name).drop(columns=["version"])
            rows = [{k: _plain(v) for k, v in row.items()} | {"client": CLIENT} for row in frame.to_dict("records")]
            store.upsert_rows(conn, name, rows)
        store.bump_revision(conn, CLIENT)


@pytest.fixture
def storied(db_url: str) -> FormContext:
    write_storied(db_url)
    return FormContext(CLIENT, "2026-10", "en", db_url, who="alice")


def saved(ctx: FormContext) -> pd.DataFrame:
    return store.read_table(ctx.engine, CLIENT, "stories").set_index("story_id")


def audits(ctx: FormContext) -> int:
    with ctx.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(store.audit)
                                .where(store.audit.c.table_name == "stories")).scalar_one())


def test_accept_edit_refuse_and_dismiss(storied: FormContext) -> None:
    ctx = storied
    form = stories_form(ctx)
    ids = [value for _, value in form.candidate.options]
    assert set(ids) == {"thank_you:z2", "thank_you:e2", "member_answer:z1", "member_answer:e1",
                        "newcomer_regular:m5", "best_event:E1", "best_event:E2"}
    assert "互助, 学习" in form.tags.placeholder

    form.candidate.value = "thank_you:z2"
    assert "谢谢！解决了" in form.messages.value and "先装 Anaconda" in form.messages.value
    assert form.title.value == "韩梅梅 helped 李雷"
    assert form.body.value == "" and "quote the members" in form.body.placeholder
    revision = store.revision(ctx.engine, CLIENT)
    form.tags.value = "互助，学习"
    form.accept.click()
    assert form.status.level == "ok", form.status.value
    row = saved(ctx).loc["thank_you:z2"]
    assert (row["status"], row["tags"], row["members"], row["refs"]) == ("accepted", "互助, 学习", "m2,m1",
                                                                         "z1,z2,z3")
    assert row["at"] == planted.local("2026-10-05 09:20")
    assert store.revision(ctx.engine, CLIENT) == revision + 1 and audits(ctx) == 1
    assert "韩梅梅 helped 李雷" in form.accepted.value

    # Wang Fang (m3) did not agree to be named: the default text leaves out their words, and naming them is refused.
    form.candidate.value = "thank_you:e2"
    assert form.title.value == "m3 helped Alice" and "Wang Fang" not in form.body.value
    assert "did not agree to be named" in form.messages.value
    form.body.value = "Wang Fang showed Alice the export menu."
    form.accept.click()
    assert form.status.level == "error" and "Wang Fang" in form.fields["body"].error.value
    assert "thank_you:e2" not in saved(ctx).index

    form.candidate.value = "best_event:E2"
    form.dismiss.click()
    assert saved(ctx).loc["best_event:E2", "status"] == "dismissed"

    # Back to the accepted one: its saved text is loaded and an edit makes version 2.
    form.candidate.value = "thank_you:z2"
    assert form.tags.value == "互助, 学习"
    form.title.value = "一句话的帮助"
    form.accept.click()
    assert form.status.level == "ok"
    assert saved(ctx).loc["thank_you:z2", "version"] == 2 and audits(ctx) == 3
    assert any(label.startswith("✓") for label, value in form.candidate.options if value == "thank_you:z2")


def test_accepted_story_in_the_report(storied: FormContext) -> None:
    form = stories_form(storied)
    form.candidate.value = "thank_you:e2"
    form.body.value = "An answer within half an hour."
    form.accept.click()
    form.candidate.value = "member_answer:z1"
    form.accept.click()
    english = report_table(Report(CLIENT, "2026-10", "en", storied.db_url))
    assert list(english.columns) == ["Date", "Kind", "Title", "Members", "Tags", "Story", "In their words"]
    first = english.iloc[0].to_dict()
    # Answered question of 5 October first; then the English thank-you of 12 October.
    assert first["Kind"] == "Member answer" and first["Members"] == "李雷, 韩梅梅"
    second = english.iloc[1].to_dict()
    assert second["Date"] == "2026-10-12" and second["Members"] == "m3, Alice"
    assert second["In their words"] == "Alice: How do I export the report? / Alice: Thanks a lot!"
    chinese = report_table(Report(CLIENT, "2026-10", "zh-CN", storied.db_url))
    assert list(chinese.columns) == ["日期", "类型", "标题", "成员", "标签", "故事", "成员原话"]
    assert chinese.iloc[1]["类型"] == "成员致谢"
    assert report_table(Report(CLIENT, "2026-11", "en", storied.db_url)).empty


def test_withdrawn_consent_withholds_the_text(storied: FormContext) -> None:
    form = stories_form(storied)
    form.candidate.value = "thank_you:z2"
    form.body.value = "韩梅梅 helped 李雷 set up Python."
    form.accept.click()
    with storied.engine.begin() as conn:
        conn.execute(store.SA_TABLES["members"].update().where(store.SA_TABLES["members"].c.member_id == "m2")
                     .values(consent=False))
    row: dict[str, Any] = report_table(Report(CLIENT, "2026-10", "en", storied.db_url)).iloc[0].to_dict()
    assert row["Story"].startswith("(text withheld") and row["Title"] == "—" and row["Members"] == "m2, 李雷"
    assert "韩梅梅" not in "".join(row.values())


def test_chinese_page(storied: FormContext) -> None:
    ctx = FormContext(CLIENT, "2026-10", "zh-CN", storied.db_url, who="李")
    form = stories_form(ctx)
    form.candidate.value = "member_answer:e1"
    assert form.title.value == "m3 解答了 Alice 的问题"
    form.candidate.value = "newcomer_regular:m5"
    assert form.title.value == "张伟 从新人成长为活跃成员"
    form.title.value = ""
    form.accept.click()
    assert form.status.level == "error" and form.fields["title"].error.value
