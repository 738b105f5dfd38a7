"""The event planning page driven through its widgets: create and edit an event, register members, tick the
attendance register; every write lands audited, bumps the store revision, and lands once.

The pilot client (tests/forms/client.py) has e1 (2026-10-10 19:00 local) with m1 registered and attended and m2
registered only; no capacity, cost or deadline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.event_planning import NEW, PlanningPage, planning_form


def _audit(ctx: FormContext, table: str) -> list[dict[str, Any]]:
    with ctx.engine.connect() as conn:
        rows = conn.execute(sa.select(store.audit).where(store.audit.c.table_name == table)
                            .order_by(store.audit.c.id)).mappings().all()
    return [dict(r) for r in rows]


def _revision(ctx: FormContext) -> int:
    return store.revision(ctx.engine, ctx.client)


def _fill(page: PlanningPage, **values: str) -> None:
    for name, value in values.items():
        page.editor.inputs[name].value = value


def _errors(page: PlanningPage) -> dict[str, str]:
    return {name: f.error.value for name, f in page.editor.fields.items() if f.error.value}


def _new_event(page: PlanningPage, **extra: str) -> None:
    page.editor.event.value = NEW
    _fill(page, **({"event_id": "W1", "title": "SQL workshop", "kind": "workshop", "mode": "offline",
                    "starts_at": "2026-10-20 19:00", "ends_at": "2026-10-20 21:00", "host": "Li Lei",
                    "capacity": "2", "cost": "300"} | extra))
    page.editor.save.click()


def test_create_an_event_audited_with_its_deadline(ctx: FormContext) -> None:
    page = planning_form(ctx)
    assert page.editor.event.value == NEW and page.editor.inputs["event_id"].value.startswith("EV-")
    page.editor.inputs["starts_at"].value = "2026-10-20 19:00"
    assert page.editor.inputs["event_id"].value == "EV-20261020-1"  # suggested from the start day
    before = _revision(ctx)
    _new_event(page, registration_deadline="2026-10-19 12:00")
    assert page.editor.status.level == "ok", page.editor.status.value
    event = store.read_table(ctx.engine, ctx.client, "events").set_index("event_id").loc["W1"]
    # 19:00 in Shanghai is 11:00 UTC; the store keeps UTC.
    assert event["starts_at"] == pd.Timestamp("2026-10-20 11:00", tz="UTC")
    assert event["ends_at"] == pd.Timestamp("2026-10-20 13:00", tz="UTC")
    assert (event["title"], event["kind"], event["mode"], event["host"]) == ("SQL workshop", "workshop", "offline",
                                                                              "Li Lei")
    assert (event["capacity"], event["cost"], event["version"]) == (2, 300, 1)
    plan = store.read_table(ctx.engine, ctx.client, "event_plans").iloc[0]
    assert plan["registration_deadline"] == pd.Timestamp("2026-10-19 04:00", tz="UTC")
    # One audited write per table, in the one save: the revision moved by two.
    assert [a["who"] for a in _audit(ctx, "events")] == ["alice"]
    assert json.loads(_audit(ctx, "events")[0]["after"])["title"] == "SQL workshop"
    assert len(_audit(ctx, "event_plans")) == 1 and _revision(ctx) == before + 2
    # The page now shows the event: picked in the editor, listed in the period's figures.
    assert page.editor.event.value == "W1" and page.editor.inputs["event_id"].disabled
    assert "SQL workshop" in page.figures.value
    assert "0 signed up · 2 places · 2 left · registration closes 2026-10-19 12:00" in page.registration.summary.value


def test_edit_an_event_bumps_its_version_and_saving_unchanged_writes_nothing(ctx: FormContext) -> None:
    page = planning_form(ctx)
    page.editor.event.value = "e1"
    assert page.editor.inputs["starts_at"].value == "2026-10-10 19:00"
    assert page.editor.inputs["title"].value == "Live: data basics"
    _fill(page, title="Live: data basics (2)", capacity="30", cost="1,200")
    page.editor.save.click()
    assert page.editor.status.level == "ok", page.editor.status.value
    event = store.read_table(ctx.engine, ctx.client, "events").set_index("event_id").loc["e1"]
    assert (event["title"], event["capacity"], event["cost"], event["version"]) == ("Live: data basics (2)", 30,
                                                                                    1200, 2)
    edit = _audit(ctx, "events")[-1]
    assert json.loads(edit["before"])["title"] == "Live: data basics" and json.loads(edit["after"])["capacity"] == 30
    revision = _revision(ctx)
    page.editor.save.click()
    assert page.editor.status.level == "ok" and _revision(ctx) == revision  # nothing changed, nothing written


def test_another_facilitators_edit_is_not_overwritten(ctx: FormContext, other: FormContext) -> None:
    mine, theirs = planning_form(ctx), planning_form(other)
    mine.editor.event.value = theirs.editor.event.value = "e1"
    _fill(theirs, title="Theirs")
    theirs.editor.save.click()
    _fill(mine, title="Mine")
    mine.editor.save.click()
    assert mine.editor.status.level == "warning" and "bob" in mine.editor.status.value
    assert store.read_table(ctx.engine, ctx.client, "events").set_index("event_id").loc["e1", "title"] == "Theirs"


def test_bad_input_is_named_by_its_field_in_the_page_language(ctx: FormContext, other: FormContext) -> None:
    page = planning_form(ctx)
    revision = _revision(ctx)
    _new_event(page, title="", ends_at="2026-10-20 18:00", capacity="-5", cost="free",
               registration_deadline="2026-10-21 09:00")
    assert page.editor.status.level == "error"
    errors = _errors(page)
    assert "Required" in errors["title"]
    assert "The end is before the start" in errors["ends_at"]
    assert "Places must be a whole number of 0 or more" in errors["capacity"]
    assert "The cost must be a number of 0 or more" in errors["cost"]
    assert "The registration deadline is after the start" in errors["registration_deadline"]
    _new_event(page, starts_at="20/10/2026", capacity="2.5")
    assert "Not a time: write it as 2026-11-20 19:30" in _errors(page)["starts_at"]
    assert "Places must be a whole number" in _errors(page)["capacity"]
    _new_event(page, event_id="e1")
    assert "An event already has this id (Live: data basics)" in _errors(page)["event_id"]
    chinese = planning_form(other)
    _new_event(chinese, ends_at="2026-10-19 18:00", capacity="-1")
    assert "结束时间早于开始时间" in _errors(chinese)["ends_at"]
    assert "名额须为 0 或更大的整数" in _errors(chinese)["capacity"]
    assert "未保存" in chinese.editor.status.value
    assert _revision(ctx) == revision and len(store.read_table(ctx.engine, ctx.client, "events")) == 1


def test_register_members_once_within_capacity_and_deadline(ctx: FormContext, other: FormContext) -> None:
    page = planning_form(ctx)
    _new_event(page)
    panel = page.registration
    revision = _revision(ctx)
    panel.member.value = "Member 3"  # by name
    panel.register.click()
    assert panel.status.level == "ok" and "Member 3 is registered (by alice)" in panel.status.value
    registration = store.read_table(ctx.engine, ctx.client, "registrations").iloc[0]
    assert (registration["event_id"], registration["member_id"], registration["source"]) == ("W1", "m3", "workbook")
    row = store.read_table(ctx.engine, ctx.client, "attendance").set_index(["event_id", "member_id"]).loc[("W1", "m3")]
    assert bool(row["registered"]) and not bool(row["attended"])
    assert _revision(ctx) == revision + 2  # the registration and its attendance row, one transaction
    panel.member.value = "Member 3 (m3)"  # as the suggestions write it: nothing new
    panel.register.click()
    assert panel.status.level == "info" and "already registered" in panel.status.value
    assert _revision(ctx) == revision + 2
    panel.member.value = "m4"
    panel.register.click()
    assert "2 signed up · 2 places · 0 left" in panel.summary.value
    panel.member.value = "m5"
    panel.register.click()
    assert panel.status.level == "error" and "the event is full (2 of 2 places)" in panel.status.value
    panel.member.value = "Nobody Here"
    panel.register.click()
    assert "No member has the id or name “Nobody Here”" in panel.field.error.value
    chinese = planning_form(other)
    chinese.editor.event.value = "W1"
    chinese.registration.member.value = "无此人"
    chinese.registration.register.click()
    assert "没有ID或昵称为「无此人」的成员" in chinese.registration.field.error.value
    assert len(store.read_table(ctx.engine, ctx.client, "registrations")) == 2
    # A deadline in the past closes registration.
    page.editor.event.value = "e1"
    _fill(page, registration_deadline="2026-10-09 12:00")
    page.editor.save.click()
    panel.member.value = "m5"
    panel.register.click()
    assert panel.status.level == "error" and "registration closed at 2026-10-09 12:00" in panel.status.value


def test_cancel_a_registration(ctx: FormContext) -> None:
    page = planning_form(ctx)
    page.editor.event.value = "e1"
    page.registration.member.value = "m2"
    page.registration.cancel.click()
    assert page.registration.status.level == "ok", page.registration.status.value
    row = store.read_table(ctx.engine, ctx.client, "attendance").set_index(["event_id", "member_id"]).loc[("e1", "m2")]
    assert not bool(row["registered"])
    page.registration.member.value = "m2"
    page.registration.cancel.click()
    assert "was not registered: nothing changed" in page.registration.status.value


def test_tick_attendance_idempotent_and_the_figures_follow(ctx: FormContext) -> None:
    page = planning_form(ctx)
    _new_event(page)
    for who in ("m3", "m4"):
        page.registration.member.value = who
        page.registration.register.click()
    register = page.register
    assert list(register.ticks) == ["m3", "m4"] and not any(t.value for t in register.ticks.values())
    register.ticks["m3"].value = True
    register.member.value = "王芳"  # came without signing up
    register.add.click()
    assert list(register.ticks) == ["m3", "m4", "m6"] and register.ticks["m6"].value
    revision = _revision(ctx)
    register.save.click()
    assert register.status.level == "ok" and "2 row(s) changed (by alice)" in register.status.value
    assert _revision(ctx) == revision + 2
    rows = store.read_table(ctx.engine, ctx.client, "attendance").set_index(["event_id", "member_id"])
    assert (bool(rows.loc[("W1", "m3"), "attended"]), bool(rows.loc[("W1", "m3"), "registered"])) == (True, True)
    assert (bool(rows.loc[("W1", "m6"), "attended"]), bool(rows.loc[("W1", "m6"), "registered"])) == (True, False)
    assert not bool(rows.loc[("W1", "m4"), "attended"])
    audit = _audit(ctx, "attendance")[-1]
    assert audit["who"] == "alice" and json.loads(audit["after"])["attended"] is True
    register.save.click()  # ticked again: nothing written
    assert "nothing written" in register.status.value and _revision(ctx) == revision + 2
    # W1: sign-ups m3, m4 = 2 of 2 places → 100%; attended m3, m6 = 2; no-show m4 → 50%; 300 / 2 = 150.00.
    document_row = next(e for e in ctx.document()["events"] if e["event_id"] == "W1")
    assert {k: document_row[k] for k in ("sign_ups", "fill_rate", "attended", "no_shows", "no_show_rate",
                                         "cost_per_attendee")} == {
        "sign_ups": 2, "fill_rate": 1.0, "attended": 2, "no_shows": 1, "no_show_rate": 0.5, "cost_per_attendee": 150.0}
    assert "<td>SQL workshop</td><td>2</td><td>2</td><td>100%</td><td>2</td><td>1</td><td>50%</td><td>300.00</td>" \
           "<td>150.00</td>" in page.figures.value
    # Unticking writes the change back.
    register.ticks["m6"].value = False
    register.save.click()
    rows = store.read_table(ctx.engine, ctx.client, "attendance").set_index(["event_id", "member_id"])
    assert not bool(rows.loc[("W1", "m6"), "attended"])


def test_register_says_when_attendance_came_from_a_meeting_report(ctx: FormContext) -> None:
    with ctx.engine.begin() as conn:
        conn.execute(store.SA_TABLES["attendance"].update().where(store.SA_TABLES["attendance"].c.event_id == "e1")
                     .values(source_file="zoom-e1.csv"))
    page = planning_form(ctx)
    page.editor.event.value = "e1"
    assert "came from a meeting report (zoom-e1.csv)" in page.register.widget.children[1].value
    assert list(page.register.ticks) == ["m1", "m2"] and page.register.ticks["m1"].value


def test_the_deadline_table_imports_and_refuses_bad_rows(ctx: FormContext, tmp_path: Path) -> None:
    from workbook.importer import import_file

    good = tmp_path / "plans.csv"
    good.write_text("活动ID,报名截止时间\ne1,2026-10-09 18:00\n", encoding="utf-8")
    assert import_file(ctx.client, "event_plans", good, db_url=ctx.db_url).counts == {"event_plans": 1}
    bad = tmp_path / "bad.csv"
    bad.write_text("活动ID,报名截止时间\nnope,2026-10-09 18:00\ne1,tomorrow\n", encoding="utf-8")
    problems = [str(p) for p in import_file(ctx.client, "event_plans", bad, db_url=ctx.db_url).problems]
    assert len(problems) == 2
    assert "bad.csv:2:event_id: unknown event 'nope'" in problems[0]
    assert "bad.csv:3:registration_deadline: cannot read 'tomorrow'" in problems[1]
    assert len(store.read_table(ctx.engine, ctx.client, "event_plans")) == 1  # the bad file landed nothing


def test_members_found_by_id_suggestion_or_unique_name(ctx: FormContext, other: FormContext) -> None:
    from workbook.forms.event_planning import Invalid, find_member, member_error

    members = pd.DataFrame({"member_id": ["m1", "m2", "m3"], "display_name": ["Li Na", "Li Na", "王芳"]})
    assert find_member(members, " m2 ") == "m2" and find_member(members, "Li Na (m1)") == "m1"
    assert find_member(members, "王芳") == "m3"
    try:
        find_member(members, "Li Na")
    except Invalid as exc:
        assert member_error(ctx, exc, "Li Na") == "2 members are called “Li Na”: use the member id"
        assert member_error(other, exc, "Li Na") == "有 2 位成员叫「Li Na」：请用成员ID"
    else:
        raise AssertionError("two members share the name: refused")


def test_a_page_of_the_app_not_a_chapter_of_the_pack() -> None:
    from workbook.i18n import t
    from workbook.report.pack import NOTEBOOKS
    from workbook.serve.shell import PAGES, page_title

    assert "08_event_planning" in PAGES and "08_event_planning" not in NOTEBOOKS
    assert (page_title("08_event_planning", "zh-CN"), page_title("08_event_planning", "en")) == ("活动策划",
                                                                                                 "Event planning")
    assert t("report.notebook.08_event_planning", "en") == "Event planning"
