"""The leaderboard post (workbook/posts/leaderboard.py) from the hand-worked ledger of tests/metrics/test_ledger.py.

October gained (earned + adjusted): m1 17 + 6 = 23 (Contributor, a level up), m4 0 + 3 = 3 (Newcomer), m3 2
(Contributor), m2 1 (Regular). m3 did not agree to be named (tests/metrics/conftest.member), so the post shows
his id; the others by name. November: m3 gains 100 (adjusted) and reaches Expert — a level-up across periods.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.metrics.conftest import TZ
from tests.metrics.test_ledger import ledger_frames, ledger_profile  # noqa: F401 (fixtures)
from workbook import paths, periods, store
from workbook.clients import init_client
from workbook.metrics.ledger import ledger
from workbook.posts.leaderboard import board, leaderboard_text, load_post, post_path, public_names, save_post
from workbook.profile import Privacy, Profile
from workbook.store import Frames

OCTOBER = periods.parse("2026-10", TZ)
NOVEMBER = periods.parse("2026-11", TZ)

OCTOBER_EN = """ledger · October 2026 leaderboard

Top 4 by points gained:
1. Name m1 — 23 pts (Contributor)
2. Name m4 — 3 pts (Newcomer)
3. m3 — 2 pts (Contributor)
4. Name m2 — 1 pts (Regular)

Level-ups (1):
· Name m1 is now Contributor

How to earn points: a message 1 (up to 2 a day), a reply 1 more, attending an event 10, giving feedback 3, \
publishing your own content 15, a like, comment or share 1.
Thank you all for taking part — keep it up!
"""

OCTOBER_ZH = """【ledger · 2026年10月 积分榜】

本期积分前 4 名：
1. Name m1　23 分（骨干）
2. Name m4　3 分（新人）
3. m3　2 分（骨干）
4. Name m2　1 分（活跃）

本期升级（1 人）：
· Name m1 升为「骨干」

积分怎么来：发言 1 分（每天最多 2 条），回复再加 1 分，参加活动 10 分，提交反馈 3 分，发布原创内容 15 分，\
点赞、评论或分享 1 分。
感谢每一位的参与，继续加油！
"""


def test_october_post_in_both_languages(ledger_frames: Frames, ledger_profile: Profile) -> None:  # noqa: F811
    rows = ledger(ledger_frames, ledger_profile, OCTOBER)
    names = public_names(ledger_frames, ledger_profile)
    assert leaderboard_text(rows, names, ledger_profile, OCTOBER, "en") == OCTOBER_EN
    assert leaderboard_text(rows, names, ledger_profile, OCTOBER, "zh-CN") == OCTOBER_ZH
    # Without a language: the client's (zh-CN by default).
    assert leaderboard_text(rows, names, ledger_profile, OCTOBER) == OCTOBER_ZH


def test_level_up_across_periods_and_no_points(ledger_frames: Frames, ledger_profile: Profile) -> None:  # noqa: F811
    rows = ledger(ledger_frames, ledger_profile, NOVEMBER)
    text = leaderboard_text(rows, public_names(ledger_frames, ledger_profile), ledger_profile, NOVEMBER, "en")
    assert "Top 1 by points gained:\n1. m3 — 100 pts (Expert)\n" in text
    assert "Level-ups (1):\n· m3 is now Expert\n" in text
    december = periods.parse("2026-12", TZ)
    empty = leaderboard_text(ledger(ledger_frames, ledger_profile, december), {}, ledger_profile, december, "zh-CN")
    assert "本期还没有人获得积分。" in empty and "本期没有人升级，下个月见！" in empty


def test_pseudonymised_client_names_nobody(ledger_frames: Frames, ledger_profile: Profile) -> None:  # noqa: F811
    hidden = ledger_profile.model_copy(update={"privacy": Privacy(pseudonymise=True)})
    rows = ledger(ledger_frames, hidden, OCTOBER)
    text = leaderboard_text(rows, public_names(ledger_frames, hidden), hidden, OCTOBER, "en")
    assert "Name " not in text and "1. m1 — 23 pts" in text


def test_equal_points_share_a_rank_and_level_ups_highest_first(ledger_profile: Profile) -> None:  # noqa: F811
    def row(mid: str, earned: float, level: str, up: bool) -> dict[str, object]:
        return {"member_id": mid, "earned": earned, "adjusted": 0.0, "redeemed": 0.0, "balance": earned,
                "level": level, "level_up": up}

    rows = [row("a", 30, "Contributor", True), row("b", 30, "Regular", True), row("c", 12, "Expert", True),
            row("d", 0, "Newcomer", False)]
    places, ups = board(rows, {"a": "Ann"}, ledger_profile, "en", size=2)
    assert [(p.rank, p.name, p.points) for p in places] == [(1, "Ann", 30), (1, "b", 30)]
    assert [(u.name, u.level) for u in ups] == [("c", "Expert"), ("Ann", "Contributor"), ("b", "Regular")]
    week = periods.parse("2026-W43", TZ)
    assert "2026-W43 leaderboard" in leaderboard_text(rows, {}, ledger_profile, week, "en")


def test_saved_with_the_client_atomically_and_audited() -> None:
    init_client("acme")
    eng = store.engine("acme")
    before = store.revision(eng, "acme")
    path = save_post("acme", "2026-10", "first text\n", "alice", eng)
    assert path == post_path("acme", "2026-10") and path.name == "2026-10-leaderboard.txt"
    assert path.parent == Path(paths.client_dir("acme")) / "posts"
    save_post("acme", "2026-10", "edited 王芳\n", "bob", eng)
    assert load_post("acme", "2026-10") == "edited 王芳\n" and load_post("acme", "2026-09") is None
    assert not [p for p in path.parent.iterdir() if p.name != path.name]  # no temporary file left behind
    assert store.revision(eng, "acme") == before + 2
    with eng.connect() as conn:
        audit = conn.execute(sa.select(store.audit.c.who, store.audit.c.table_name, store.audit.c.before,
                                       store.audit.c.after).order_by(store.audit.c.id)).all()
    assert [(a.who, a.table_name) for a in audit[-2:]] == [("alice", "posts"), ("bob", "posts")]
    assert "first text" in audit[-1].before and "王芳" in audit[-1].after


def test_a_failed_audit_keeps_the_old_text(monkeypatch: pytest.MonkeyPatch) -> None:
    init_client("acme")
    eng = store.engine("acme")
    save_post("acme", "2026-10", "kept\n", "alice", eng)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "write_audit", broken)
    with pytest.raises(RuntimeError):
        save_post("acme", "2026-10", "lost\n", "bob", eng)
    assert load_post("acme", "2026-10") == "kept\n"
