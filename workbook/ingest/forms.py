"""Google Forms response CSV (Timestamp first) and Microsoft Forms .xlsx (ID, Start time, Completion time …)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from workbook.ingest.base import Canonical, ImportContext, refused, register
from workbook.ingest.sheet import first_row, read_rows
from workbook.ingest.survey import Layout, feedback

if TYPE_CHECKING:
    from workbook.profile import Profile

_GOOGLE_TIME = ("Timestamp", "时间戳记", "时间戳")
_MICROSOFT = ("ID", "Start time", "Completion time")
_MICROSOFT_FIXED = (*_MICROSOFT, "Email", "Name", "Last modified time", "开始时间", "完成时间", "电子邮件", "名称")


def _layout(header: list[str]) -> Layout | None:
    if tuple(header[:3]) == _MICROSOFT:
        return Layout(id_column="ID", time_column="Completion time", fixed=_MICROSOFT_FIXED)
    if tuple(header[:3]) == ("ID", "开始时间", "完成时间"):
        return Layout(id_column="ID", time_column="完成时间", fixed=_MICROSOFT_FIXED)
    if header and header[0] in _GOOGLE_TIME:
        # Google gives no response id: the timestamp (to the second) stands in for it.
        return Layout(id_column=None, time_column=header[0],
                      fixed=(header[0], "Email Address", "Score", "电子邮件地址", "分数"))
    return None


class FormsExport:
    name = "forms"
    kinds: ClassVar[tuple[str, ...]] = ("feedback",)

    def detect(self, path: Path) -> bool:
        return _layout(first_row(path)) is not None

    def read(self, path: Path, kind: str, profile: Profile, context: ImportContext) -> Canonical:
        rows = read_rows(path)
        layout = _layout([str(c).strip() for c in rows[0]]) if rows else None
        if layout is None:
            raise refused(path, 1, "Timestamp / ID, Start time, Completion time", "not_forms")
        return feedback(path, rows, 0, layout, profile, context)


register(FormsExport())
