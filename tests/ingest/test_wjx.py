"""问卷星 exports → feedback: questions mapped by survey_mapping, ratings checked, GBK and Excel both read."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from tests.ingest.helpers import FIXTURES, context, realdata, utc
from workbook.ingest.base import IngestError
from workbook.ingest.wjx import WjxExport
from workbook.profile import Profile

MAPPING = {"您对本次课程的满意度": "satisfaction", "您向同事推荐": "nps", "工号": "member_id", "意见建议": "comment"}
PROFILE = Profile(name="t", language="en", survey_mapping=MAPPING)


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return [{k: (None if not isinstance(v, str) and pd.isna(v) else v) for k, v in r.items()}
            for r in frame.to_dict("records")]


def test_gbk_csv() -> None:
    canonical = WjxExport().read(FIXTURES / "wjx_gbk.csv", "feedback", PROFILE, context(event_id="e1"))
    # 2026/10/1 20:05:11 in Asia/Shanghai = 12:05:11 UTC; "非常满意" reads as 5; "(跳过)" is a skipped answer.
    assert _records(canonical.tables["feedback"]) == [
        {"event_id": "e1", "response_id": "1", "member_id": "E001", "submitted_at": utc("2026-10-01 12:05:11"),
         "satisfaction": 5.0, "nps": 9.0, "learning": None, "application": None, "comment": "很好"},
        {"event_id": "e1", "response_id": "2", "member_id": "E002", "submitted_at": utc("2026-10-01 12:07:00"),
         "satisfaction": 5.0, "nps": 10.0, "learning": None, "application": None, "comment": None},
    ]
    # Response 3 rates satisfaction 6 (scale 1–5), response 4 gives NPS 11 (scale 0–10): rows 4 and 5.
    assert [(p.row, p.column, p.reason) for p in canonical.problems] == [
        (4, "satisfaction", "6 is outside 1–5"), (5, "nps", "11 is outside 0–10")]
    assert canonical.source_rows["feedback"] == [2, 3]


def test_xlsx_with_date_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您对本次课程的满意度",
                  "2、学习收获"])
    sheet.append([7, datetime(2026, 10, 1, 20, 0, 0), "60秒", "微信", "N/A", "1.1.1.1", 4, 3])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    assert WjxExport().detect(path)
    canonical = WjxExport().read(path, "feedback", PROFILE, context(event_id="e1"))
    row = canonical.tables["feedback"].iloc[0]
    assert (row["response_id"], row["submitted_at"], row["satisfaction"]) == ("7", utc("2026-10-01 12:00"), 4.0)
    assert canonical.notes == ["Questions not mapped (not imported): 2、学习收获"]


def test_without_an_event_the_file_is_refused() -> None:
    with pytest.raises(IngestError) as info:
        WjxExport().read(FIXTURES / "wjx_gbk.csv", "feedback", PROFILE, context())
    assert info.value.problem.column == "event_id"


@pytest.mark.parametrize("name", ["[问卷星数据]800_800_0.xls", "[问卷星数据]800_800_2.xls"])
def test_real_exports_without_submission_times(name: str) -> None:
    path = realdata() / "wenjuanxing" / name
    raw = pd.read_excel(path, engine="calamine", dtype=object)
    assert len(raw) == 800 and raw["提交答卷时间"].isna().all()
    profile = Profile(name="t", language="en", survey_mapping={"手机价格": "comment"})
    # The sample was published with 提交答卷时间 blanked: without a known event time every response is a problem…
    undated = WjxExport().read(path, "feedback", profile, context(event_id="e1"))
    assert undated.tables["feedback"].empty
    assert [p.row for p in undated.problems] == list(range(2, 802))
    assert {p.column for p in undated.problems} == {"提交答卷时间"}
    # …and with the event in the store, each is dated at the event and all 800 land, one per 序号.
    events = [{"event_id": "e1", "title": "x", "starts_at": "2026-10-10T11:00:00Z"}]
    dated = WjxExport().read(path, "feedback", profile, context(events=events, event_id="e1"))
    feedback = dated.tables["feedback"]
    assert not dated.problems and len(feedback) == 800
    assert feedback["response_id"].tolist() == [str(i) for i in range(1, 801)]
    assert set(feedback["submitted_at"]) == {utc("2026-10-10 11:00")}
    assert feedback["comment"].notna().sum() == raw["2、手机价格"].notna().sum()
    assert dated.notes[0] == "800 responses carry no submission time; dated at the end of event e1"


def test_missing_leading_columns(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("序号,满意度\n1,5\n", encoding="utf-8")
    assert not WjxExport().detect(path)
    with pytest.raises(IngestError) as info:
        WjxExport().read(path, "feedback", PROFILE, context(event_id="e1"))
    assert info.value.problem.row == 1
