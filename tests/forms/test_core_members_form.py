"""The core members page driven through its widgets on the hand-worked fixture of
tests/metrics/test_core_programme.py: a role, a task and a mentoring pair saved (audited), contributions shown
beside the role, promotion candidates, and bad input refused field by field."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from tests.forms.client import _plain
from tests.metrics import test_core_programme as fixture
from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.core_members import core_members_form

CLIENT = "core"


@pytest.fixture
def ctx(db_url: str) -> FormContext:
    from workbook.clients import init_client
    from workbook.profile import load_profile, save_profile

    init_client(CLIENT, lang="en")
    profile = load_profile(CLIENT)
    profile.core_members = fixture.PROFILE.core_members
    save_profile(CLIENT, profile)
    tables = {"members": fixture.MEMBERS, "messages": fixture.MESSAGES, "events": fixture.EVENTS,
              "content": fixture.CONTENT}
    frames = store.frames_from_records(**tables)
    with store.transaction(store.engine(CLIENT, db_url)) as conn:
        for name in tables:
            frame = getattr(frames, name).drop(columns=["version"])
            store.upsert_rows(conn, name, [{k: _plain(v) for k, v in r.items()} | {"client": CLIENT}
                                           for r in frame.to_dict("records")])
        store.bump_revision(conn, CLIENT)
    return FormContext(CLIENT, "2026-10", "en", db_url, who="alice")


def audited(ctx: FormContext, table: str) -> int:
    with ctx.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(store.audit)
                                .where(store.audit.c.table_name == table)).scalar_one())


def test_role_task_and_pair(ctx: FormContext) -> None:
    form = core_members_form(ctx)
    assert "Nobody holds a role" in form.roster.value
    # Before any role: m4 (31 points, wrote C1) and m2 (10 points, hosted E2) are the candidates.
    assert form.candidates.value.index("Alice (m4)") < form.candidates.value.index("韩梅梅 (m2)")
    assert "Content author" in form.candidates.value and "Speaker" in form.candidates.value

    form.member.value, form.role.value, form.since.value = "m2", "mentor", date(2026, 9, 1)
    form.save_role.click()
    assert form.status.level == "ok", form.status.value
    # Beside the role: replies 3, answers 3, events hosted 1, content 0, mentees 0, open 0, done 0.
    assert "<td>韩梅梅 (m2)</td><td>Mentor</td><td>2026-09-01</td><td>3</td><td>3</td><td>1</td><td>0</td>" \
        in form.roster.value
    assert "韩梅梅 (m2)" not in form.candidates.value and "Alice (m4)" in form.candidates.value

    form.task.value = ""
    form.task_member.value, form.task_title.value, form.task_due.value = "m2", "Host Q&A", date(2026, 10, 20)
    form.task_status.value = "done"
    form.save_task.click()
    assert form.status.level == "ok" and form.task.value.startswith("t-")
    form.mentor.value, form.mentee.value = "m2", "m1"
    form.save_pair.click()
    assert form.status.level == "ok"
    assert "<td>韩梅梅 (m2)</td><td>李雷 (m1)</td><td>2026-10-01</td>" in form.pairs.value
    assert "<td>1</td><td>0</td><td>1</td></tr>" in form.roster.value  # mentees 1, open tasks 0, done 1
    assert (audited(ctx, "core_roles"), audited(ctx, "core_tasks"), audited(ctx, "mentoring")) == (1, 1, 1)

    # Picking the saved role again loads it; an edit is version 2.
    form.role.value = "moderator"
    form.role.value = "mentor"
    assert form.since.value == date(2026, 9, 1)
    form.note.value = "周二答疑"
    form.save_role.click()
    roles = store.read_table(ctx.engine, CLIENT, "core_roles")
    assert list(roles["version"]) == [2] and list(roles["note"]) == ["周二答疑"]


def test_bad_input_refused(ctx: FormContext) -> None:
    form = core_members_form(ctx)
    form.member.value, form.since.value, form.until.value = "m1", date(2026, 10, 10), date(2026, 10, 1)
    form.save_role.click()
    assert form.status.level == "error" and "Ends before it starts" in form.fields["until"].error.value
    form.task_title.value = " "
    form.save_task.click()
    assert form.fields["task_title"].error.value
    form.mentor.value = form.mentee.value = "m3"
    form.save_pair.click()
    assert "two people" in form.fields["mentee"].error.value
    for table in ("core_roles", "core_tasks", "mentoring"):
        assert store.read_table(ctx.engine, CLIENT, table).empty


def test_chinese_page(ctx: FormContext) -> None:
    form = core_members_form(FormContext(CLIENT, "2026-10", "zh-CN", ctx.db_url, who="李"))
    assert "内容作者" in form.candidates.value and form.save_role.description == "保存角色"


def test_report_table_names_only_consenting_members(ctx: FormContext) -> None:
    from workbook.forms.core_members import report_table
    from workbook.report.notebook import Report

    form = core_members_form(ctx)
    for member_id, role in (("m2", "mentor"), ("m3", "speaker")):
        form.member.value, form.role.value, form.since.value = member_id, role, date(2026, 9, 1)
        form.save_role.click()
    table = report_table(Report(CLIENT, "2026-10", "en", ctx.db_url))
    # m3 (Wang Fang) did not agree to be named: shown by id. Roles sort by role name: mentor, speaker.
    assert table.to_dict("records") == [
        {"Member": "韩梅梅", "Role": "Mentor", "Replies": 3, "Answers": 3, "Events hosted": 1, "Content written": 0,
         "Mentees": 0},
        {"Member": "m3", "Role": "Speaker", "Replies": 1, "Answers": 1, "Events hosted": 1, "Content written": 0,
         "Mentees": 0}]
    chinese = report_table(Report(CLIENT, "2026-10", "zh-CN", ctx.db_url))
    assert list(chinese.columns)[:3] == ["成员", "角色", "回复"] and chinese.iloc[0]["角色"] == "导师"
