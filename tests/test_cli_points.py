"""`workbook points CLIENT --period P [--json]` after real imports (DESIGN.md CLI contract, METRICS.md ledger).

m1: a message in January (1 point, long before the read window, so only its who/when/reply flag is read) and a
reply in October (1 + 1 = 2); +50 adjusted and 20 redeemed in October → standing 53 (Regular, 1 at September's
end: a level up), balance 33. m2: three messages on 10-02 (capped at 20 a day, so all 3). s1 is staff.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.clients import init_client

FILES = {
    "members": "成员ID,昵称,入群时间,是否工作人员\nm1,甲,2026-01-01 09:00,否\nm2,乙,2026-01-01 09:00,否\n"
               "s1,丙,2026-01-01 09:00,是\n",
    "messages": "message_id,member_id,sent_at,reply_to\na1,m1,2026-01-02 10:00,\na2,m1,2026-10-02 10:00,a3\n"
                "a3,m2,2026-10-02 09:00,\na4,m2,2026-10-02 09:30,\na5,m2,2026-10-02 09:40,\n"
                "a6,s1,2026-10-02 09:50,\n",
    "points_adjustments": "id,成员ID,时间,积分,原因,操作人\nj1,m1,2026-10-05 10:00,50,organised a meetup,s1\n",
    "redemptions": "id,成员ID,兑换时间,奖品,兑换积分\nr1,m1,2026-10-06 10:00,马克杯,20\n",
}


@pytest.fixture
def client(tmp_path: Path) -> str:
    init_client("acme", lang="zh-CN")
    for kind, text in FILES.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        assert main(["import", "acme", kind, str(path)]) == 0
    return "acme"


def test_points_json(client: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["points", client, "--period", "2026-10", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"member_id": "m2", "earned": 3, "adjusted": 0, "redeemed": 0, "balance": 3, "level": "Newcomer",
         "level_up": False},
        {"member_id": "m1", "earned": 2, "adjusted": 50, "redeemed": 20, "balance": 33, "level": "Regular",
         "level_up": True},
    ]


def test_points_table_in_the_clients_language(client: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["points", client, "--period", "2026-10"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("积分台账 2026-10")
    assert lines[-1].split() == ["m1", "2", "50", "20", "33", "活跃", "是"]


@pytest.mark.parametrize(("argv", "message"), [
    (["points", "nobody", "--period", "2026-10"], "no profile for client 'nobody'"),
    (["points", "acme", "--period", "2026-13"], "month must be 01–12"),
])
def test_bad_client_or_period_exits_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    init_client("acme")
    assert main(argv) == 2
    assert message in capsys.readouterr().err
