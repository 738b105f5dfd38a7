"""腾讯问卷 (wj.qq.com) response export (.xlsx/.csv): 编号, 开始答题时间, 结束答题时间, 答题时长, …, questions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbook.ingest.base import Canonical, ImportContext, refused, register
from workbook.ingest.sheet import first_row, read_rows
from workbook.ingest.survey import Layout
from workbook.ingest.survey_kinds import read_survey

if TYPE_CHECKING:
    from workbook.profile import Profile

FIXED = ("编号", "开始答题时间", "结束答题时间", "答题时长", "地理位置国家和地区", "地理位置省", "地理位置市",
         "自定义字段", "IP", "来源", "用户类型", "用户标识", "昵称", "答题进度", "总分")
_LAYOUT = Layout(id_column="编号", time_column="结束答题时间", fixed=FIXED)


class TencentSurvey:
    name = "tencent_survey"
    kinds: ClassVar[tuple[str, ...]] = ("feedback", "applicants", "interests")

    def detect(self, path: Path) -> bool:
        header = first_row(path)
        return header[:1] == ["编号"] and {"开始答题时间", "结束答题时间"} <= set(header)

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        rows = read_rows(path)
        if not self.detect(path):
            raise refused(path, 1, "编号, 结束答题时间", "not_tencent_survey")
        return read_survey(kind, path, rows, 0, _LAYOUT, profile, context, self.name)


register(TencentSurvey())
