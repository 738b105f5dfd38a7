"""Every real export sample through the `workbook import` command itself, with store counts checked."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.ingest.helpers import realdata
from workbook import store
from workbook.cli import main
from workbook.clients import init_client

# (sample, kind, format auto-detected, messages or rows expected in the store)
CHATS = [
    ("slack_hfaran_testarchive", "slack", 52),
    ("slack_slackdump_fixture", "slack", 13),
    ("telegram_chat_analytics/DM_2A_7M.json", "telegram", 6),
    ("telegram_chat_history_manager/telegram_2020-01_result.json", "telegram", 42),
    ("telegram_chat_history_manager/telegram_2023-01_result.json", "telegram", 1),
    ("telegram_chat_history_manager/telegram_2024-01_inline-bot-buttons_result.json", "telegram", 5),
    ("telegram_chat_history_manager/telegram_2025-12_result.json", "telegram", 2),
    ("discord_chat_analytics/DM_2A_2M.json", "discord", 1),
    ("discord_chat_analytics/GC_3A_5M.json", "discord", 3),
    ("discord_chat_analytics/SV_5A_5M.json", "discord", 4),
    ("wechat_weclone/test_person_0_730.csv", "wechat", 94),
]


@pytest.mark.parametrize(("sample", "fmt", "messages"), CHATS, ids=[c[0].split("/")[-1] for c in CHATS])
def test_chat_exports(sample: str, fmt: str, messages: int, capsys: pytest.CaptureFixture[str]) -> None:
    init_client("real", lang="en")
    path = realdata() / sample
    assert main(["import", "real", "messages", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"({fmt})" in out
    counts = store.table_counts(store.engine("real"), "real")
    assert counts["messages"] == messages
    assert counts["members"] >= 1
    assert main(["import", "real", "messages", str(path)]) == 0  # again: nothing changes
    assert store.table_counts(store.engine("real"), "real") == counts


def test_wechat_with_a_reused_id_needs_skip_bad_rows(capsys: pytest.CaptureFixture[str]) -> None:
    init_client("real")
    path = realdata() / "wechat_weclone" / "test_PII_0_730.csv"
    assert main(["import", "real", "messages", str(path)]) == 2
    assert ":62:" in capsys.readouterr().err
    assert store.table_counts(store.engine("real"), "real")["messages"] == 0
    assert main(["import", "real", "messages", str(path), "--skip-bad-rows"]) == 0
    assert store.table_counts(store.engine("real"), "real")["messages"] == 60


@pytest.mark.parametrize("name", ["participants_heroes.csv", "participants_heroes_full.csv"])
def test_zoom_reports_match_the_roster(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init_client("real", lang="en")
    path = realdata() / "zoom_zoomclass" / name
    with path.open(encoding="utf-8-sig") as handle:
        lines = handle.read().splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("Name (Original Name)"))
    names = sorted({row[0].split(" (")[0] for row in csv.reader(lines[header_at + 1:]) if row})
    roster = tmp_path / "members.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["member_id", "display_name", "joined_at"])
        writer.writerows([f"h{i}", n, "2021-11-01"] for i, n in enumerate(names))
    assert main(["import", "real", "members", str(roster)]) == 0
    assert main(["import", "real", "events", str(_zoom_event(tmp_path))]) == 0
    args = [] if "full" in name else ["--event", "zoom1"]
    assert main(["import", "real", "attendance", str(path), *args]) == 0
    counts = store.table_counts(store.engine("real"), "real")
    assert counts["attendance"] == 27  # 31 rows, 4 people joined twice
    assert "(zoom)" in capsys.readouterr().out


def _zoom_event(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    path.write_text("event_id,title,kind,starts_at\nzoom1,Heroes class,webinar,2021-11-19 10:00\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["[问卷星数据]800_800_0.xls", "[问卷星数据]800_800_2.xls"])
def test_wjx_exports(name: str, tmp_path: Path) -> None:
    init_client("real")
    assert main(["import", "real", "events", str(_zoom_event(tmp_path))]) == 0
    path = realdata() / "wenjuanxing" / name
    assert main(["import", "real", "feedback", str(path), "--event", "zoom1"]) == 0
    assert store.table_counts(store.engine("real"), "real")["feedback"] == 800
