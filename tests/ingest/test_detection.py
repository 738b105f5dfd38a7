"""`--format auto`: every sample and fixture is recognised by its own adapter and by no other."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.helpers import FIXTURES, realdata
from workbook.ingest import (
    discord,
    feishu,
    forms,
    slack,
    teams,
    telegram,
    tencent_meeting,
    tencent_survey,
    wechat,
    wecom,
    wjx,
    zoom,
)

ADAPTERS = {a.name: a for a in (slack.SlackExport(), telegram.TelegramExport(), discord.DiscordExport(),
                                wechat.WeChatCsv(), wecom.WeComArchive(), feishu.FeishuExport(),
                                zoom.ZoomParticipants(), tencent_meeting.TencentMeeting(), teams.TeamsAttendance(),
                                wjx.WjxExport(), tencent_survey.TencentSurvey(), forms.FormsExport())}

REAL = {
    "slack_hfaran_testarchive": "slack", "slack_slackdump_fixture": "slack",
    "telegram_chat_analytics/DM_2A_7M.json": "telegram",
    **{f"telegram_chat_history_manager/telegram_{v}_result.json": "telegram"
       for v in ("2020-01", "2023-01", "2024-01_inline-bot-buttons", "2025-12")},
    **{f"discord_chat_analytics/{n}.json": "discord" for n in ("DM_2A_2M", "GC_3A_5M", "SV_5A_5M")},
    "wechat_weclone/test_person_0_730.csv": "wechat", "wechat_weclone/test_PII_0_730.csv": "wechat",
    "zoom_zoomclass/participants_heroes.csv": "zoom", "zoom_zoomclass/participants_heroes_full.csv": "zoom",
    "wenjuanxing/[问卷星数据]800_800_0.xls": "wjx", "wenjuanxing/[问卷星数据]800_800_2.xls": "wjx",
}
FIXTURE = {"slack_mini": "slack", "telegram_group.json": "telegram", "discord_channel.json": "discord",
           "Learning - Text - general [901].csv": "discord", "wechat_liuhen.csv": "wechat",
           "wechat_pywxdump_gbk.csv": "wechat", "zoom_meeting.csv": "zoom", "wjx_gbk.csv": "wjx",
           "wecom_archive.jsonl": "wecom", "feishu_messages.json": "feishu", "feishu_meeting.csv": "feishu",
           "teams_attendance.csv": "teams", "google_forms.csv": "forms", "tencent_survey.csv": "tencent_survey"}


def _detected(path: Path) -> set[str]:
    return {name for name, adapter in ADAPTERS.items() if adapter.detect(path)}


@pytest.mark.parametrize(("name", "expected"), sorted(REAL.items()))
def test_real_samples(name: str, expected: str) -> None:
    assert _detected(realdata() / name) == {expected}


@pytest.mark.parametrize(("name", "expected"), sorted(FIXTURE.items()))
def test_fixtures(name: str, expected: str) -> None:
    assert _detected(FIXTURES / name) == {expected}


def test_every_realdata_file_is_covered() -> None:
    root = realdata()
    covered = {p for name in REAL for p in ([root / name] if (root / name).is_file() else (root / name).rglob("*"))}
    files = {p for p in root.rglob("*") if p.is_file() and p.name != "README.md"}
    assert files - covered == set()


def test_generated_workbooks(tmp_path: Path) -> None:
    from tests.ingest.test_more_meetings import _tencent_workbook

    assert _detected(_tencent_workbook(tmp_path / "t.xlsx")) == {"tencent_meeting"}


def test_plain_tables_and_missing_paths_are_nobodys(tmp_path: Path) -> None:
    table = tmp_path / "members.csv"
    table.write_text("member_id,display_name,joined_at\nm1,Ann,2026-10-01\n", encoding="utf-8")
    assert _detected(table) == set()
    assert _detected(tmp_path / "nothing.json") == set()
    assert _detected(tmp_path) == set()
