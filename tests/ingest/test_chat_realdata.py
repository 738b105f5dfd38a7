"""Every real chat export sample reads, with counts taken from the files independently of the adapters."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.ingest.helpers import context, realdata
from workbook.ingest.discord import DiscordExport
from workbook.ingest.slack import SlackExport
from workbook.ingest.telegram import TelegramExport
from workbook.ingest.wechat import WeChatCsv
from workbook.profile import Profile

PROFILE = Profile(name="t")


def _slack_counts(folder: Path) -> tuple[int, int]:
    """(person messages, bot messages) counted straight from the day files."""
    people = bots = 0
    for day in folder.glob("*/*.json"):
        for m in json.loads(day.read_text(encoding="utf-8")):
            if m.get("subtype") == "bot_message" or (m.get("bot_id") and m.get("subtype") in (None, "file_share")):
                bots += 1
            elif m.get("subtype") in (None, "file_share") and m.get("user"):
                people += 1
    return people, bots


def test_slack_samples_read_every_person_message() -> None:
    # hfaran: 48 plain + 1 edited + 3 file_share = 52; 94 bot_message; joins/bot_add/file_comment are system.
    # slackdump: 5 plain + 6 thread + 2 with files = 13; one bot message; a join and a tombstone are system.
    for folder, expected, bots in (("slack_hfaran_testarchive", 52, 94), ("slack_slackdump_fixture", 13, 1)):
        path = realdata() / folder
        assert _slack_counts(path) == (expected, bots)
        canonical = SlackExport().read(path, "messages", PROFILE, context())
        messages = canonical.tables["messages"]
        assert len(messages) == expected
        assert messages["message_id"].is_unique
        assert not canonical.problems
        assert set(messages["member_id"]) <= set(canonical.tables["members"]["member_id"])


def test_slack_hfaran_members_and_kinds() -> None:
    canonical = SlackExport().read(realdata() / "slack_hfaran_testarchive", "messages", PROFILE, context())
    members = canonical.tables["members"].set_index("member_id")
    # All four joined #enrique at 1452837318.00000x, before any of their messages.
    assert str(members.loc["U0BMQB6JE", "joined_at"]) == "2016-01-15 05:55:18.000002+00:00"
    assert canonical.tables["messages"]["kind"].value_counts().to_dict() == {"text": 37, "link": 12, "file": 3}


def test_slack_threads_map_to_reply_to() -> None:
    canonical = SlackExport().read(realdata() / "slack_slackdump_fixture", "messages", PROFILE, context())
    replies = canonical.tables["messages"].dropna(subset=["reply_to"])
    # 6 messages carry thread_ts: 2 are thread parents (thread_ts == ts), 4 are replies — 2 to the first
    # thread, 1 to the second, 1 to a deleted parent (tombstone, a system record, not a message).
    assert len(replies) == 6 - 2
    assert (replies["reply_to"] == "CO69735E8A:1736478630.905399").sum() == 2


def _telegram_counts(path: Path) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    chats = data["chats"]["list"] if "chats" in data else [data]
    return sum(1 for c in chats if not c["type"].endswith("channel") for m in c["messages"]
               if m["type"] == "message" and not str(m.get("from_id")).startswith("channel"))


def test_telegram_samples_read_every_person_message() -> None:
    expected = {"telegram_chat_analytics/DM_2A_7M.json": 6,
                "telegram_chat_history_manager/telegram_2020-01_result.json": 42,
                "telegram_chat_history_manager/telegram_2023-01_result.json": 1,
                "telegram_chat_history_manager/telegram_2024-01_inline-bot-buttons_result.json": 5,
                "telegram_chat_history_manager/telegram_2025-12_result.json": 2}
    for name, count in expected.items():
        path = realdata() / name
        assert _telegram_counts(path) == count, name
        canonical = TelegramExport().read(path, "messages", PROFILE, context())
        assert len(canonical.tables["messages"]) == count, name
        assert canonical.tables["messages"]["message_id"].is_unique
        assert not canonical.problems


def test_telegram_2020_dates_without_unixtime_use_the_profile_zone() -> None:
    path = realdata() / "telegram_chat_history_manager/telegram_2020-01_result.json"
    messages = TelegramExport().read(path, "messages", PROFILE, context()).tables["messages"]
    first = messages.iloc[0]
    # "2016-11-09T00:29:16" in Asia/Shanghai (+08:00) is 2016-11-08 16:29:16 UTC; old numeric ids become "user…".
    assert (first["message_id"], first["member_id"], str(first["sent_at"])) == (
        "8123123123:4725", "user22222222", "2016-11-08 16:29:16+00:00")
    assert messages.set_index("message_id").loc["8123123123:39740", "reply_to"] == "8123123123:39739"


def test_discord_samples_count_edited_duplicates_once_and_skip_bots() -> None:
    # DM: 2 Default messages, one by a bot; GC: 3 Default (+ name/icon changes and a call);
    # SV: 5 records, the edited one twice → 4.
    for name, count in (("DM_2A_2M.json", 1), ("GC_3A_5M.json", 3), ("SV_5A_5M.json", 4)):
        path = realdata() / "discord_chat_analytics" / name
        data = json.loads(path.read_text(encoding="utf-8"))
        independent = {m["id"] for m in data["messages"] if m["type"] in ("Default", "Reply")
                       and not m["author"].get("isBot")}
        assert len(independent) == count
        canonical = DiscordExport().read(path, "messages", PROFILE, context())
        assert len(canonical.tables["messages"]) == count


def test_wechat_pywxdump_samples() -> None:
    person = realdata() / "wechat_weclone/test_person_0_730.csv"
    with person.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    system = sum(r["type_name"] == "系统通知" for r in rows)
    assert (len(rows), system) == (96, 2)
    canonical = WeChatCsv().read(person, "messages", PROFILE, context())
    assert len(canonical.tables["messages"]) == 96 - 2
    # PII sample: 62 rows; rows 60 and 62 repeat rows 58/59's MsgSvrIDs — one identically (counted once),
    # one with other content (a row problem naming both rows).
    pii = WeChatCsv().read(realdata() / "wechat_weclone/test_PII_0_730.csv", "messages", PROFILE, context())
    assert len(pii.tables["messages"]) == 60
    assert [(p.row, p.column) for p in pii.problems] == [(62, "message_id")]
    assert "row 60" in pii.problems[0].reason
