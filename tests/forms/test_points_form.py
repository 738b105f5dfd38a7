"""The points page driven like a facilitator, on the pilot client (tests/forms/client.py), default rules
(message 1, reply +1, event 10, feedback 3; levels 0 Newcomer, 50 Regular, 200 Contributor …).

Before any bonus, October: m1 earned x4 1 + e1 10 + feedback 3 = 14, standing 15 with September's x1 (Newcomer);
m2 and m6 standing 1 (their September messages); m3–m5 nothing. The page is opened on 2026-11-27, after October,
so the date defaults to 2026-10-31 (noon local) and the October ledger shows what is saved.
"""

from __future__ import annotations

import re
from datetime import date, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from workbook import paths, store
from workbook.forms.context import FormContext
from workbook.forms.points import (
    entry_form,
    moment,
    parse_points,
    points_page,
    post_form,
    resolve_member,
    simulator_form,
)
from workbook.posts.leaderboard import load_post

NOW = datetime(2026, 11, 27, 2, 0)  # UTC: 10:00 in Shanghai


def ledger_row(form: object, member_id: str) -> list[str]:
    html = form.ledger.value  # type: ignore[attr-defined]
    found = re.search(rf'<tr data-member="{member_id}">(.*?)</tr>', html)
    assert found, html
    return re.findall(r"<td>(.*?)</td>", found[1])


def rows(ctx: FormContext, table: str) -> pd.DataFrame:
    return store.read_table(ctx.engine, ctx.client, table)


def test_bonus_then_rewards_change_the_ledger(ctx: FormContext) -> None:
    form = entry_form(ctx, now=NOW)
    assert form.day.value == date(2026, 10, 31)
    assert ledger_row(form, "m1") == ["Member 1 (m1)", "14", "0", "0", "15", "Newcomer", "no"]
    revision = store.revision(ctx.engine, ctx.client)
    form.member.value = "Member 1"  # a name typed (the browser offers "Member 1 (m1)")
    form.points.value = "40"
    assert "balance 15 points, level Newcomer" in form.preview.value
    assert "After saving: balance 55 points, level Regular" in form.preview.value
    form.detail.value = "Hosted the October meetup"
    form.save.click()
    assert form.status.level == "ok", form.status.value
    assert "40 points added for Member 1 (m1) (saved by alice)" in form.status.value
    saved = rows(ctx, "points_adjustments")
    assert saved[["member_id", "points", "reason", "by"]].to_dict("records") == [
        {"member_id": "m1", "points": 40.0, "reason": "Hosted the October meetup", "by": "alice"}]
    assert saved["at"].iloc[0] == pd.Timestamp("2026-10-31 04:00", tz="UTC")  # noon in Shanghai
    assert store.revision(ctx.engine, ctx.client) == revision + 1
    # Earned 14, adjusted 40, standing and balance 55: Regular, a level up against September.
    assert ledger_row(form, "m1") == ["Member 1 (m1)", "14", "40", "0", "55", "Regular", "yes"]
    assert "Hosted the October meetup" in form.recent.value and form.points.value == ""

    # A reward above the balance (60 > 55) waits for a second click, then goes through.
    form.kind.value = "reward"
    form.member.value = "m1"
    form.points.value = "60"
    form.detail.value = "Course voucher"
    assert "After saving: balance -5 points" in form.preview.value
    form.save.click()
    assert form.status.level == "warning" and "the balance would become -5" in form.status.value
    assert rows(ctx, "redemptions").empty
    form.save.click()
    assert form.status.level == "ok" and "m1) redeemed Course voucher for 60 points" in form.status.value
    # Spending lowers the balance, never the level.
    assert ledger_row(form, "m1") == ["Member 1 (m1)", "14", "40", "60", "-5", "Regular", "yes"]

    # A reward within the balance is saved at once.
    form.member.value = "Member 2 (m2)"
    form.points.value = "1"
    form.detail.value = "Sticker"
    form.save.click()
    assert form.status.level == "ok"
    assert ledger_row(form, "m2") == ["Member 2 (m2)", "0", "0", "1", "0", "Newcomer", "no"]
    audit = pd.read_sql(sa.select(store.audit.c.table_name, store.audit.c.who), ctx.engine)
    assert audit.loc[audit["table_name"].isin(["points_adjustments", "redemptions"]), "who"].tolist() == \
        ["alice"] * 3


@pytest.mark.parametrize(("lang", "field", "value", "kind", "message"), [
    ("en", "member", "m99", "bonus", "No member “m99” in the roster"),
    ("en", "member", "s1", "bonus", "Host (s1) is staff; staff earn no points"),
    ("en", "points", "0", "bonus", "Zero points changes nothing"),
    ("en", "points", "lots", "bonus", "Enter a number (e.g. 20 or -5)"),
    ("en", "points", "-5", "reward", "A reward costs more than 0 points"),
    ("en", "points", "250000", "bonus", "At most 100,000 points at once"),
    ("en", "detail", "  ", "bonus", "Required"),
    ("zh-CN", "member", "m99", "bonus", "名单中没有成员“m99”"),
    ("zh-CN", "points", "0", "reward", "积分不能为 0"),
    ("zh-CN", "member", "s1", "reward", "Host (s1) 是工作人员，工作人员不计积分"),
])
def test_bad_input_is_named_beside_its_field(ctx: FormContext, lang: str, field: str, value: str, kind: str,
                                             message: str) -> None:
    page_ctx = FormContext(ctx.client, ctx.period_label, lang, ctx.db_url, who="alice")
    form = entry_form(page_ctx, now=NOW)
    revision = store.revision(ctx.engine, ctx.client)
    form.kind.value = kind
    form.member.value, form.points.value, form.detail.value = "m1", "5", "why"
    getattr(form, field).value = value
    form.save.click()
    assert message in form.fields[field].error.value
    assert form.status.level == "error"
    assert store.revision(ctx.engine, ctx.client) == revision
    assert rows(ctx, "points_adjustments").empty and rows(ctx, "redemptions").empty


def test_nobody_named_saves_nothing(ctx: FormContext) -> None:
    ctx.who = ""
    form = entry_form(ctx, now=NOW)
    form.member.value, form.points.value, form.detail.value = "m1", "5", "why"
    form.save.click()
    assert "type your name" in form.status.value and rows(ctx, "points_adjustments").empty


def test_member_resolution_and_points_parsing() -> None:
    roster = pd.DataFrame({"member_id": ["a1", "a2", "a3", "s9"], "display_name": ["Li Na", "li na", "Wang", "Boss"],
                           "is_staff": [False, False, False, True]})
    assert resolve_member("Wang", roster) == ("a3", None)
    assert resolve_member("Wang (a3)", roster) == ("a3", None)
    assert resolve_member(" a1 ", roster) == ("a1", None)
    assert resolve_member("LI NA", roster) == (None, ("points.form.error.ambiguous_member", {"member": "LI NA"}))
    assert resolve_member("Boss", roster)[1] == ("points.form.error.staff", {"member": "Boss (s9)"})
    assert resolve_member("", roster)[1] == ("form.error.required", {})
    assert parse_points("+1,000", "bonus") == (1000.0, None)
    assert parse_points("－5", "bonus") == (-5.0, None)
    assert parse_points("inf", "bonus")[1] == ("points.form.error.number", {})
    # Today: now; another day: noon local.
    assert moment(date(2026, 11, 27), "Asia/Shanghai", NOW) == pd.Timestamp("2026-11-27 02:00", tz="UTC")
    assert moment(date(2026, 10, 3), "Asia/Shanghai", NOW) == pd.Timestamp("2026-10-03 04:00", tz="UTC")


def test_day_outside_the_period(ctx: FormContext) -> None:
    form = entry_form(ctx, now=NOW)
    form.member.value, form.points.value, form.detail.value = "m1", "5", "late"
    form.day.value = date(2026, 11, 3)
    assert "outside 2026-10" in form.preview.value
    form.save.click()
    assert form.status.level == "ok"
    assert ledger_row(form, "m1")[2] == "0"  # November's bonus is not October's
    assert rows(ctx, "points_adjustments")["at"].iloc[0] == pd.Timestamp("2026-11-03 04:00", tz="UTC")


def test_leaderboard_post_follows_the_figures_until_edited(ctx: FormContext) -> None:
    page = points_page(ctx.client, ctx.period_label, "en", ctx.db_url, who="alice")
    assert "wb-page-points" in page._dom_classes
    assert [c._dom_classes[-1] for c in page.children] == ["wb-form-points", "wb-form-post", "wb-form-sim"]
    page_ctx = FormContext(ctx.client, ctx.period_label, "en", ctx.db_url, who="alice")
    form = entry_form(page_ctx, now=NOW)
    board = post_form(page_ctx)
    # The pilot's roster has no consent column: everybody by id. m1 gained 14 in October.
    assert board.text.value.startswith("pilot · October 2026 leaderboard\n")
    assert "1. m1 — 14 pts (Newcomer)" in board.text.value and "No level-ups this period" in board.text.value
    form.member.value, form.points.value, form.detail.value = "m1", "40", "meetup"
    form.save.click()
    assert "1. m1 — 54 pts (Regular)" in board.text.value and "· m1 is now Regular" in board.text.value
    board.language.value = "zh-CN"
    assert "2026年10月 积分榜】" in board.text.value and "1. m1　54 分（活跃）" in board.text.value
    board.text.value += "下周三晚上颁奖！\n"
    board.save.click()
    assert board.status.level == "ok" and "posts/2026-10-leaderboard.txt" in board.status.value
    assert load_post(ctx.client, "2026-10") == board.text.value
    assert (paths.client_dir(ctx.client) / "posts" / "2026-10-leaderboard.txt").exists()
    form.member.value, form.points.value, form.detail.value = "m2", "5", "help"
    form.save.click()
    assert board.text.value.endswith("下周三晚上颁奖！\n"), "an edited text is not rewritten by later saves"
    again = post_form(FormContext(ctx.client, ctx.period_label, "en", ctx.db_url, who="bob"))
    assert again.text.value.endswith("下周三晚上颁奖！\n")
    again.regenerate.click()
    assert "1. m1 — 54 pts (Regular)" in again.text.value
    again.text.value = " "
    again.save.click()
    assert again.status.level == "error" and load_post(ctx.client, "2026-10").endswith("下周三晚上颁奖！\n")


def test_simulator_side_by_side_and_adopt(ctx: FormContext) -> None:
    """Members of October: m1 15, m2 1, m6 1 points (messages 4, event 10, feedback 3: 17 in all). Candidate
    message 5: messages 20 of 33 points (60.6%); m1 5·2 + 13 = 23, levels 0 / 20 / 100 → Regular."""
    path = paths.profile_path(ctx.client)
    path.write_text("# consultant: points reviewed each quarter\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    sim = simulator_form(ctx)
    sim.rules["message"].value = "5"
    sim.levels.value = "0 | 新人 | Newcomer\n20 | 活跃 | Regular\n100 | 骨干 | Contributor"
    sim.run.click()
    shown = sim.result.value
    assert "<td>Messages</td><td>4 · 23.5%</td><td>20 · 60.6%</td>" in shown
    assert "<td>Level 2</td><td>Regular (50): 0</td><td>Regular (20): 1</td>" in shown
    # Median of six (m3, m4, m5 at 0, m2, m6 at 1, m1): index (6 − 1)//2 = 2 → m5; the top member is m1.
    assert "<td>Member</td><td>m5 (0 points)</td><td>m5 (0 points)</td>" in shown
    assert "<td>Member</td><td>m1 (15 points)</td><td>m1 (23 points)</td>" in shown
    # Spammer: min(100, 20)·(1 + 1) = 40 a day, ·31 = 1,240; candidate min(100, 20)·(5 + 1) = 120 a day → 3,720.
    assert "<td>With the daily cap</td><td>1,240 (40 a day) · Mentor</td><td>3,720 (120 a day) · Contributor</td>" \
        in shown
    sim.levels.value += "\n300 | 达人"
    sim.adopt.click()
    assert "Line 4 should read" in sim.fields["levels"].error.value
    sim.levels.value = "0 | 新人 | Newcomer\n20 | 活跃 | Regular\n100 | 骨干 | Contributor"
    sim.rules["message_daily_cap"].value = "10"
    sim.adopt.click()
    assert sim.status.level == "warning" and "simulate it before adopting" in sim.status.value
    sim.run.click()
    sim.adopt.click()
    assert sim.status.level == "ok", sim.status.value
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# consultant: points reviewed each quarter\n")
    assert ctx.profile.points.message == 5 and ctx.profile.points.message_daily_cap == 10
    assert [lv.min_points for lv in ctx.profile.levels] == [0, 20, 100]
    audit = pd.read_sql(sa.select(store.audit.c.table_name, store.audit.c.who), ctx.engine)
    assert ("client.yaml", "alice") in set(map(tuple, audit.to_numpy()))
    # After adopting, "current" is the adopted configuration.
    assert "<td>Messages</td><td>20 · 60.6%</td><td>20 · 60.6%</td>" in sim.result.value


def test_simulator_refuses_bad_fields_in_chinese(other: FormContext) -> None:
    sim = simulator_form(other)
    sim.rules["message"].value = "-1"
    sim.rules["message_daily_cap"].value = "2.5"
    sim.levels.value = "10 | 新人 | Newcomer"
    sim.run.click()
    assert "须在 0 到 ∞ 之间" in sim.fields["message"].error.value
    assert "须为整数" in sim.fields["message_daily_cap"].error.value
    assert "最低等级的所需积分必须是 0" in sim.fields["levels"].error.value
    assert sim.result.value == ""


def test_a_page_of_the_app_not_a_chapter_of_the_pack() -> None:
    from workbook.report import pack
    from workbook.serve.shell import PAGES, page_title

    assert "09_points" in PAGES and "09_points" not in pack.NOTEBOOKS
    assert (page_title("09_points", "zh-CN"), page_title("09_points", "en")) == ("积分", "Points")


def test_entries_saved_here_in_later_periods_ledgers(ctx: FormContext) -> None:
    """What the page saves, as `workbook points` reads it for later months. m1: standing 1 at September's end,
    14 earned in October. +40 on 10-20 → October 55, Regular, a level up. A 50-point reward on 11-05 → November
    balance 5, still Regular, no level up. A −10 correction on 11-06 counts toward the level (adjustments do):
    standing 45 → Newcomer, no level up, balance −5. +200 on 12-01 → December standing 245, Contributor, a level
    up against November's end, balance 195."""
    from workbook import periods
    from workbook.metrics.ledger import ledger, read_frames

    form = entry_form(ctx, now=NOW)
    for kind, day, points, detail in (("bonus", date(2026, 10, 20), "40", "meetup"),
                                      ("reward", date(2026, 11, 5), "50", "book"),
                                      ("bonus", date(2026, 11, 6), "-10", "correction"),
                                      ("bonus", date(2026, 12, 1), "200", "mentor of the month")):
        form.kind.value = kind
        form.member.value, form.day.value, form.points.value, form.detail.value = "m1", day, points, detail
        form.save.click()
        assert form.status.level == "ok", form.status.value

    def m1(label: str) -> dict[str, object]:
        period = periods.parse(label, ctx.profile.timezone)
        rows = ledger(read_frames(ctx.engine, ctx.client, ctx.profile, period), ctx.profile, period)
        return next(r for r in rows if r["member_id"] == "m1")

    assert m1("2026-10") == {"member_id": "m1", "earned": 14, "adjusted": 40, "redeemed": 0, "balance": 55,
                             "level": "Regular", "level_up": True}
    assert m1("2026-11") == {"member_id": "m1", "earned": 0, "adjusted": -10, "redeemed": 50, "balance": -5,
                             "level": "Newcomer", "level_up": False}
    assert m1("2026-12") == {"member_id": "m1", "earned": 0, "adjusted": 200, "redeemed": 0, "balance": 195,
                             "level": "Contributor", "level_up": True}


def test_adopting_over_someone_elses_settings_is_refused(ctx: FormContext) -> None:
    """client.yaml changed since the page read it (the settings page, another facilitator): nothing is written."""
    sim = simulator_form(ctx)
    path = paths.profile_path(ctx.client)
    edited = path.read_text(encoding="utf-8") + "# edited by bob meanwhile\n"
    path.write_text(edited, encoding="utf-8")
    sim.rules["message"].value = "3"
    sim.run.click()
    sim.adopt.click()
    assert sim.status.level == "warning" and "changed the settings" in sim.status.value
    assert path.read_text(encoding="utf-8") == edited


def test_date_defaults_to_today_inside_the_period(ctx: FormContext) -> None:
    from workbook.forms.points import default_day

    # 2026-10-14 17:00 UTC is already 10-15 in Shanghai; after October the period's last day is offered.
    assert default_day(ctx, datetime(2026, 10, 14, 17, 0)) == date(2026, 10, 15)
    assert default_day(ctx, NOW) == date(2026, 10, 31)
