"""Hand-made chat exports pin each platform's quirks: joins, bots, edits, threads, emoji, time zones, GBK."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from tests.ingest.helpers import FIXTURES, context, utc
from workbook.ingest.discord import DiscordExport
from workbook.ingest.slack import SlackExport
from workbook.ingest.telegram import TelegramExport
from workbook.ingest.wechat import WeChatCsv
from workbook.profile import Profile

PROFILE = Profile(name="t", language="en")


def _rows(frame: pd.DataFrame, *columns: str) -> list[tuple[object, ...]]:
    return [tuple(None if pd.isna(v) else v for v in row) for row in frame[list(columns)].itertuples(index=False)]


def test_slack_folder() -> None:
    canonical = SlackExport().read(FIXTURES / "slack_mini", "messages", PROFILE, context())
    # general: join (system), 2 people + thread reply, bot (skipped), image, edited link, pin (system);
    # random reuses general's ts 1790812860.000200, so ids carry the channel id. 1790812800 = 2026-10-01 00:00 UTC.
    assert _rows(canonical.tables["messages"], "message_id", "member_id", "channel", "kind", "length", "reply_to") == [
        ("C1:1790812860.000200", "U1", "general", "text", 9, None),  # "Hi 👋 team": the emoji is 1 character
        ("C1:1790812920.000300", "U2", "general", "text", 2, "C1:1790812860.000200"),
        ("C1:1790812980.000400", "U1", "general", "image", 0, None),
        ("C1:1790813040.000500", "U2", "general", "link", 23, None),
        ("C2:1790812860.000200", "U3", "random", "text", 5, None),
    ]
    assert canonical.tables["messages"]["sent_at"].iloc[0] == utc("2026-10-01 00:01:00.000200")
    # U1 joined (system message) before posting; deleted U2 and U3 join at their first message.
    assert _rows(canonical.tables["members"], "member_id", "display_name", "joined_at", "email") == [
        ("U1", "ann", utc("2026-10-01 00:00:00.000100"), "ann@example.com"),
        ("U2", "Bob Old", utc("2026-10-01 00:02:00.000300"), None),
        ("U3", "Cai", utc("2026-10-01 00:01:00.000200"), None),
    ]
    assert canonical.notes == ["3 new members created (posters missing from the roster)", "1 bot messages skipped",
                               "2 system messages (joins, pins…) not counted as messages"]


def test_slack_zip_reads_like_the_folder_and_known_members_are_not_recreated(tmp_path: Path) -> None:
    archive = Path(shutil.make_archive(str(tmp_path / "export"), "zip", FIXTURES / "slack_mini"))
    assert SlackExport().detect(archive)
    roster = context(members=[{"member_id": "U1", "display_name": "Ann", "email": "ann@example.com"}])
    canonical = SlackExport().read(archive, "messages", PROFILE, roster)
    assert len(canonical.tables["messages"]) == 5
    assert list(canonical.tables["members"]["member_id"]) == ["U2", "U3"]


def test_telegram_chat() -> None:
    canonical = TelegramExport().read(FIXTURES / "telegram_group.json", "messages", PROFILE, context())
    # Records: join (system), link+emoji, edited reply without date_unixtime, photo, pin (system),
    # post as the group itself (skipped), voice message.
    assert _rows(canonical.tables["messages"], "message_id", "member_id", "sent_at", "kind", "length", "reply_to") == [
        ("1234567:2", "user101", utc("2026-10-01 00:05"), "link", 25, None),  # "欢迎看 " 4 + url 19 + " 😀" 2
        # "2026-10-01T09:00:00" local in Asia/Shanghai (+08:00) → 01:00 UTC; "好的👍" is 3 characters.
        ("1234567:3", "user102", utc("2026-10-01 01:00"), "text", 3, "1234567:2"),
        ("1234567:4", "user102", utc("2026-10-01 01:10"), "image", 0, None),
        ("1234567:7", "user101", utc("2026-10-01 01:13"), "audio", 0, None),
    ]
    assert canonical.tables["messages"]["text"].iloc[0] == "欢迎看 https://example.com 😀"
    # user101's join (00:00) comes before the first message (00:05).
    assert _rows(canonical.tables["members"], "member_id", "display_name", "joined_at") == [
        ("user101", "Ann", utc("2026-10-01 00:00")), ("user102", "Bo", utc("2026-10-01 01:00"))]
    assert "1 messages posted as the channel or group itself skipped (no member)" in canonical.notes


def test_telegram_naive_dates_follow_the_profile_zone() -> None:
    london = Profile(name="t", timezone="Europe/London")
    messages = TelegramExport().read(FIXTURES / "telegram_group.json", "messages", london, context()).tables["messages"]
    # 09:00 BST (+01:00) = 08:00 UTC; records with date_unixtime do not move.
    assert list(messages["sent_at"].iloc[:2]) == [utc("2026-10-01 00:05"), utc("2026-10-01 08:00")]


def test_telegram_times_past_2262_are_a_problem_of_their_record(tmp_path: Path) -> None:
    # Stored times are nanoseconds since 1970 in 64 bits: 2262-04-11 is the last second they hold.
    export = tmp_path / "result.json"
    export.write_text(json.dumps({"name": "g", "type": "private_supergroup", "id": 7, "messages": [
        {"id": 1, "type": "message", "date_unixtime": "1790812800", "from": "A", "from_id": "user1", "text": "ok"},
        {"id": 2, "type": "message", "date_unixtime": "9223372037", "from": "A", "from_id": "user1", "text": "x"},
        {"id": 3, "type": "message", "date_unixtime": "99999999999", "from": "B", "from_id": "user2", "text": "y"},
    ]}), encoding="utf-8")
    canonical = TelegramExport().read(export, "messages", PROFILE, context())
    assert _rows(canonical.tables["messages"], "message_id", "sent_at") == [("7:1", utc("2026-10-01 00:00"))]
    assert [(p.row, p.column, p.code) for p in canonical.problems] == [(2, "date", "time_out_of_range"),
                                                                 (3, "date", "time_out_of_range")]
    assert list(canonical.tables["members"]["member_id"]) == ["user1"]


def test_discord_json() -> None:
    canonical = DiscordExport().read(FIXTURES / "discord_channel.json", "messages", PROFILE, context())
    # join (system), message, bot (skipped), edited message exported twice (once), reply, attachment, pin (system).
    assert _rows(canonical.tables["messages"], "message_id", "member_id", "sent_at", "kind", "length", "reply_to") == [
        ("901:2", "11", utc("2026-10-01 00:05"), "text", 7, None),  # 08:05+08:00; "Hello 🎉" is 7 characters
        ("901:4", "12", utc("2026-10-01 00:10"), "text", 11, None),
        ("901:5", "12", utc("2026-10-01 00:12"), "text", 2, "901:2"),
        ("901:6", "11", utc("2026-10-01 00:13"), "image", 0, None),
    ]
    assert _rows(canonical.tables["members"], "member_id", "joined_at") == [
        ("11", utc("2026-10-01 00:00")), ("12", utc("2026-10-01 00:10"))]
    assert canonical.notes[1:] == ["1 bot messages skipped", "2 system messages (joins, pins…) not counted as messages",
                                   "1 repeated or edited messages counted once"]


def test_discord_csv() -> None:
    path = FIXTURES / "Learning - Text - general [901].csv"
    canonical = DiscordExport().read(path, "messages", PROFILE, context())
    messages = canonical.tables["messages"]
    # Channel id and name come from the file name; "2026-10-01 08:30" has no offset → Asia/Shanghai → 00:30 UTC.
    assert _rows(messages, "member_id", "sent_at", "channel", "kind", "length") == [
        ("11", utc("2026-10-01 00:05"), "general", "text", 7),
        ("12", utc("2026-10-01 00:30"), "general", "text", 16),  # "multi\nline, text"
        ("11", utc("2026-10-01 01:00"), "general", "file", 0),   # a .pdf attachment
    ]
    assert messages["message_id"].str.startswith("901:").all() and messages["message_id"].is_unique
    assert list(canonical.tables["members"]["display_name"]) == ["ann", "bo"]  # "#0001" discriminators dropped
    again = DiscordExport().read(path, "messages", PROFILE, context())
    assert list(again.tables["messages"]["message_id"]) == list(messages["message_id"])


def test_wechat_liuhen_with_bom() -> None:
    canonical = WeChatCsv().read(FIXTURES / "wechat_liuhen.csv", "messages", PROFILE, context())
    # Type 10000 (join notice) and 10002 (recall) are system; 49/6 is a file, 49/5 a link; IsSender=1 is "self".
    assert _rows(canonical.tables["messages"], "message_id", "member_id", "sent_at", "channel", "kind", "length") == [
        ("7:2", "wxid_wang", utc("2026-10-01 00:01"), "学习群", "text", 4),  # "大家好😀"
        ("7:3", "self", utc("2026-10-01 00:02"), "学习群", "image", 0),
        ("7:4", "wxid_li", utc("2026-10-01 00:03"), "学习群", "file", 6),
        ("7:5", "wxid_wang", utc("2026-10-01 00:04"), "学习群", "link", 3),
    ]
    assert "2 system messages (joins, pins…) not counted as messages" in canonical.notes


def test_wechat_pywxdump_saved_as_gbk() -> None:
    canonical = WeChatCsv().read(FIXTURES / "wechat_pywxdump_gbk.csv", "messages", PROFILE, context())
    # Row 4 is a system notice; row 6 repeats row 2 exactly (counted once); "2026/10/1 8:00" local → 00:00 UTC.
    assert _rows(canonical.tables["messages"], "message_id", "member_id", "sent_at", "kind", "text") == [
        ("学习群:5001", "wxid_wang", utc("2026-10-01 00:00"), "text", "早上好"),
        ("学习群:5002", "self", utc("2026-10-01 00:01"), "image", ""),  # the "图片" placeholder is not text
        ("学习群:5004", "wxid_li", utc("2026-10-01 00:03"), "audio", ""),
    ]
    assert canonical.source_rows["messages"] == [2, 3, 5]
