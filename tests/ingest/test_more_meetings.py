"""腾讯会议, Microsoft Teams and 飞书 meeting reports → attendance, pinned on hand-made files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.ingest.helpers import FIXTURES, context, utc
from workbook.ingest.base import IngestError
from workbook.ingest.feishu import FeishuExport
from workbook.ingest.matching import duration_minutes
from workbook.ingest.teams import TeamsAttendance
from workbook.ingest.tencent_meeting import TencentMeeting
from workbook.profile import Profile

PROFILE = Profile(name="t", language="en")
ROSTER = [{"member_id": "m1", "display_name": "Ann Lee", "email": "ann@example.com"},
          {"member_id": "m2", "display_name": "小王", "email": None}]


def _tencent_workbook(path: Path, header: list[str] | None = None) -> Path:
    book = Workbook()
    summary = book.active
    summary.title = "成员参会概况"
    summary.append(["会议主题：产品训练营第3期"])
    summary.append(["会议号：123 456 789"])
    summary.append(["会议开始时间", "2026-10-01 20:00:00"])
    for _ in range(5):
        summary.append([])
    summary.append(header or ["序号", "用户昵称（入会昵称）", "首次入会时间", "最后退会时间", "入会次数",
                              "累计参会时长", "身份"])
    summary.append([1, "Ann Lee", datetime(2026, 10, 1, 20, 0), "2026-10-01 20:58:00", 2, "00:52:30", "主持人"])
    summary.append([2, "小王", "2026-10-01 20:05:00", "2026-10-01 20:45:00", 1, "40分钟", "成员"])
    summary.append([3, "小王", "2026-10-01 20:50:00", "2026-10-01 20:55:00", 1, "5分钟", "成员"])
    summary.append([4, "路人甲", "2026-10-01 20:10:00", "2026-10-01 20:20:00", 1, "10分钟", "成员"])
    book.create_sheet("成员参会明细")
    book.save(path)
    return path


def test_tencent_meeting(tmp_path: Path) -> None:
    path = _tencent_workbook(tmp_path / "参会明细.xlsx")
    assert TencentMeeting().detect(path)
    canonical = TencentMeeting().read(path, "attendance", PROFILE, context(ROSTER))
    # 00:52:30 = 52.5 min; 小王 listed twice (40 + 5 = 45 min); 路人甲 matches nobody.
    assert canonical.tables["attendance"][["member_id", "minutes"]].values.tolist() == [["m1", 52.5], ["m2", 45.0]]
    # The header sits on row 9, so the first attendee is row 10.
    assert canonical.source_rows["attendance"] == [10, 11]
    event = canonical.tables["events"].iloc[0]
    # 会议开始时间 20:00 Asia/Shanghai = 12:00 UTC.
    assert (event["event_id"], event["title"], event["starts_at"]) == (
        "tencent-123456789-202610011200", "产品训练营第3期", utc("2026-10-01 12:00"))
    assert canonical.notes[-1] == "1 attendees match no member and were not imported: 路人甲"


def test_tencent_meeting_missing_columns(tmp_path: Path) -> None:
    path = _tencent_workbook(tmp_path / "bad.xlsx", ["序号", "用户昵称（入会昵称）", "身份"])
    with pytest.raises(IngestError) as info:
        TencentMeeting().read(path, "attendance", PROFILE, context(ROSTER))
    assert (info.value.problem.row, info.value.problem.column) == (9, "首次入会时间, 累计参会时长")


def test_teams_utf16_report() -> None:
    path = FIXTURES / "teams_attendance.csv"
    canonical = TeamsAttendance().read(path, "attendance", PROFILE, context(ROSTER))
    # Activities: Ann 20:00–20:30 and 20:20–20:50 → union 50 min; 小王 20:05:00–20:45:30 → 40.5 min.
    assert canonical.tables["attendance"][["member_id", "minutes"]].values.tolist() == [["m1", 50.0], ["m2", 40.5]]
    event = canonical.tables["events"].iloc[0]
    assert (event["event_id"], event["title"], event["ends_at"]) == (
        "teams-202610011200", "Weekly sync 周会", utc("2026-10-01 13:00"))


def test_teams_report_saved_as_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes((FIXTURES / "teams_attendance.csv").read_bytes().decode("utf-16").encode("utf-8"))
    assert not TeamsAttendance().detect(path)
    with pytest.raises(IngestError) as info:
        TeamsAttendance().read(path, "attendance", PROFILE, context(ROSTER))
    assert info.value.problem.file == str(path)


def test_feishu_meeting() -> None:
    events = [{"event_id": "e9", "title": "周会", "starts_at": "2026-10-01 11:00Z"}]
    canonical = FeishuExport().read(FIXTURES / "feishu_meeting.csv", "attendance", PROFILE, context(ROSTER, events))
    # Ann 20:00–20:40 = 40 min; 小王 20:10–20:25 and 20:30–20:50 = 15 + 20 = 35 min; event e9 (11:00 UTC) is
    # within 2 h of the first join (20:00 Asia/Shanghai = 12:00 UTC).
    assert canonical.tables["attendance"].to_dict("records") == [
        {"event_id": "e9", "member_id": "m1", "registered": True, "attended": True, "minutes": 40.0},
        {"event_id": "e9", "member_id": "m2", "registered": True, "attended": True, "minutes": 35.0}]


@pytest.mark.parametrize(("text", "minutes"), [("01:02:30", 62.5), ("1h 2m 30s", 62.5), ("1小时2分30秒", 62.5),
                                               ("62分钟", 62.0), ("45", 45.0), ("02:30", 2.5)])
def test_durations(text: str, minutes: float) -> None:
    assert duration_minutes(text) == minutes
