"""问卷星 (wjx.cn) response exports (.xls, .xlsx, .csv): 序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP, …"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbook.ingest.base import Canonical, ImportContext, refused, register
from workbook.ingest.sheet import first_row, read_rows
from workbook.ingest.survey import Layout
from workbook.ingest.survey_kinds import read_survey

if TYPE_CHECKING:
    from workbook.profile import Profile

FIXED = ("序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP")
_LAYOUT = Layout(id_column="序号", time_column="提交答卷时间", fixed=(*FIXED, "总分"))


class WjxExport:
    name = "wjx"
    kinds: ClassVar[tuple[str, ...]] = ("feedback", "applicants", "interests")

    def detect(self, path: Path) -> bool:
        return tuple(first_row(path)[:3]) == FIXED[:3]

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        rows = read_rows(path)
        if not rows or tuple(str(c).strip() for c in rows[0][:2]) != FIXED[:2]:
            raise refused(path, 1, "序号, 提交答卷时间", "not_wjx", columns=", ".join(FIXED))
        return read_survey(kind, path, rows, 0, _LAYOUT, profile, context, self.name)


register(WjxExport())
