"""Cut, mis-encoded or mislabelled files raise IngestError naming file and position, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.helpers import FIXTURES, context, realdata
from workbook.ingest import discord, slack, telegram, wechat, wjx, zoom
from workbook.ingest.base import IngestError
from workbook.profile import Profile

PROFILE = Profile(name="t")


def _error(adapter: object, path: Path, kind: str = "messages") -> IngestError:
    with pytest.raises(IngestError) as info:
        adapter.read(path, kind, PROFILE, context(event_id="e1"))  # type: ignore[attr-defined]
    return info.value


def test_cut_telegram_json_names_the_line(tmp_path: Path) -> None:
    source = realdata() / "telegram_chat_analytics/DM_2A_7M.json"
    cut = tmp_path / "result.json"
    text = source.read_text(encoding="utf-8")
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    error = _error(telegram.TelegramExport(), cut)
    # The file stops half-way: the parser fails on its last line.
    assert error.problem.file == str(cut)
    assert error.problem.row == cut.read_text(encoding="utf-8").count("\n") + 1
    assert "not valid JSON" in error.problem.reason


def test_cut_discord_json(tmp_path: Path) -> None:
    cut = tmp_path / "channel.json"
    cut.write_bytes((FIXTURES / "discord_channel.json").read_bytes()[:700])
    assert _error(discord.DiscordExport(), cut).problem.row > 1


def test_slack_day_file_cut_inside_a_zip(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in (FIXTURES / "slack_mini").rglob("*.json"):
            data = path.read_bytes()
            z.writestr(path.relative_to(FIXTURES / "slack_mini").as_posix(),
                       data[:40] if path.parent.name == "general" else data)
    error = _error(slack.SlackExport(), archive)
    assert error.problem.file == f"{archive}!general/2026-10-01.json"


def test_gbk_bytes_in_a_json_export(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_bytes('{"name": "课程讨论群", "type": "private_group", "id": 1, "messages": []}'.encode("gbk"))
    error = _error(telegram.TelegramExport(), path)
    assert (error.problem.row, "not UTF-8" in error.problem.reason) == (1, True)


def test_wechat_csv_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "chat.csv"
    path.write_text("id,MsgSvrID,type_name,is_sender,talker,CreateTime\n1,2,文本,0,a,2026/10/1 8:00\n",
                    encoding="utf-8")
    error = _error(wechat.WeChatCsv(), path)
    assert (error.problem.row, error.problem.column) == (1, "msg, room_name")


def test_binary_file_in_a_csv_adapter(tmp_path: Path) -> None:
    path = tmp_path / "chat.csv"
    path.write_bytes(b"\x00\x9f\xff" * 20)
    error = _error(wechat.WeChatCsv(), path)
    assert error.problem.file == str(path)


@pytest.mark.parametrize(("adapter", "kind"), [(slack.SlackExport(), "messages"),
                                               (telegram.TelegramExport(), "messages"),
                                               (discord.DiscordExport(), "messages"),
                                               (wechat.WeChatCsv(), "messages"),
                                               (zoom.ZoomParticipants(), "attendance"),
                                               (wjx.WjxExport(), "feedback")])
def test_forced_format_on_the_wrong_file(adapter: object, kind: str) -> None:
    # A Zoom report handed to the chat adapters (and a Telegram export to the others) is refused cleanly.
    wrong = FIXTURES / ("telegram_group.json" if isinstance(adapter, zoom.ZoomParticipants | wjx.WjxExport)
                        else "zoom_meeting.csv")
    if isinstance(adapter, telegram.TelegramExport):
        wrong = FIXTURES / "discord_channel.json"
    error = _error(adapter, wrong, kind)
    assert error.problem.file.startswith(str(wrong))
