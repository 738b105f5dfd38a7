"""Google Forms, Microsoft Forms and 腾讯问卷 exports → feedback, pinned on hand-made files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from tests.ingest.helpers import FIXTURES, context, utc
from workbook.ingest.forms import FormsExport
from workbook.ingest.tencent_survey import TencentSurvey
from workbook.profile import Profile

PROFILE = Profile(name="t", language="en", survey_mapping={
    "How satisfied": "satisfaction", "How likely": "nps", "What will you apply": "comment",
    "本次活动整体满意度": "satisfaction", "学习收获": "learning", "其他建议": "comment", "Email": "member_id"})


def test_google_forms_csv() -> None:
    canonical = FormsExport().read(FIXTURES / "google_forms.csv", "feedback", PROFILE, context(event_id="e1"))
    frame = canonical.tables["feedback"]
    # "8:05:11 PM GMT+8" = 12:05:11 UTC; with no response id the timestamp text is the id.
    assert list(frame["response_id"]) == ["2026/10/01 8:05:11 PM GMT+8", "2026/10/01 8:06:00 PM GMT+8"]
    assert list(frame["submitted_at"]) == [utc("2026-10-01 12:05:11"), utc("2026-10-01 12:06:00")]
    assert list(frame["satisfaction"]) == [5.0, 4.0] and list(frame["nps"]) == [10.0, 7.0]
    assert frame["comment"].iloc[0] == "Daily stand-ups, really 👍"


def test_microsoft_forms_xlsx(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "How satisfied were you?", "Email me"])
    sheet.append([1, datetime(2026, 10, 1, 20, 0), datetime(2026, 10, 1, 20, 3), "ann@example.com", "Ann", 5, "y"])
    sheet.append([2, datetime(2026, 10, 1, 20, 1), datetime(2026, 10, 1, 20, 4), "anonymous", "", 7, ""])
    path = tmp_path / "Feedback(1-2).xlsx"
    book.save(path)
    assert FormsExport().detect(path)
    canonical = FormsExport().read(path, "feedback", PROFILE, context(event_id="e1"))
    # "Email" is a fixed column; the question "Email me" is the one mapped to member_id. Row 3 rates 7 of 5.
    assert canonical.tables["feedback"][["response_id", "member_id", "satisfaction"]].values.tolist() == [
        ["1", "y", 5.0]]
    assert canonical.tables["feedback"]["submitted_at"].iloc[0] == utc("2026-10-01 12:03")
    assert [(p.row, p.column, p.reason) for p in canonical.problems] == [(3, "satisfaction", "7 is outside 1–5")]


def test_tencent_survey_csv() -> None:
    canonical = TencentSurvey().read(FIXTURES / "tencent_survey.csv", "feedback", PROFILE, context(event_id="e1"))
    # "Q1:" numbering is ignored when matching; 结束答题时间 20:02:30 = 12:02:30 UTC; row 3's 学习收获 0 is below 1.
    frame = canonical.tables["feedback"]
    expected = [["101", 5.0, 4.0, "讲得好"]]
    assert frame[["response_id", "satisfaction", "learning", "comment"]].values.tolist() == expected
    assert frame["submitted_at"].iloc[0] == utc("2026-10-01 12:02:30")
    assert [(p.row, p.column) for p in canonical.problems] == [(3, "learning")]
