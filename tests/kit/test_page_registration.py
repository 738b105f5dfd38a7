"""The Recruit & welcome page is in the app's navigation, named in both languages, and never a report chapter."""

from __future__ import annotations

from workbook import paths
from workbook.report import pack
from workbook.serve import NOT_PREHEATED
from workbook.serve.shell import PAGES, page_title

PAGE = "10_community_kit"


def test_in_the_app_not_in_the_pack() -> None:
    assert PAGE in PAGES and (paths.NOTEBOOKS_DIR / f"{PAGE}.ipynb").exists()
    assert [page_title(PAGE, lang) for lang in ("zh-CN", "en")] == ["招募与欢迎", "Recruit & welcome"]
    assert PAGE not in pack.NOTEBOOKS
    assert PAGE in NOT_PREHEATED  # a kernel when opened, like settings: no warm kernel kept for a rare page
