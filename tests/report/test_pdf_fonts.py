"""Printed PDFs carry their Chinese as a real font: a CID TrueType font (Type0 over CIDFontType2, no Type 3 glyph
pictures), one program per weight for the whole file, its text extracted as written; the demo pack with both PDFs
stays under 5 MB; without the system font the print still comes out, as before. The demo pack is the session's
(`demo_packs`), printed once here; the other prints are of a page written here."""

from __future__ import annotations

import io
import json
import logging
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from tests.report.test_browser import CHROMIUM
from workbook.i18n import t
from workbook.report import pdf, pdf_fonts

needs_font = pytest.mark.skipif(not (pdf_fonts.FONT_DIR / pdf_fonts.WEIGHTS[400]).is_file(),
                                reason="needs fonts-noto-cjk")
needs_print = pytest.mark.skipif(not CHROMIUM.exists() or not (pdf_fonts.FONT_DIR / pdf_fonts.WEIGHTS[400]).is_file(),
                                 reason="needs Debian chromium and fonts-noto-cjk")

PACK_LIMIT = 5_000_000  # issue 12: the demo pack, both languages and their PDFs, under 5 MB
CJK = {"NotoSansCJKsc-Regular", "NotoSansCJKsc-Bold"}
PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>
<style>h1 {{ font-family: "Noto Sans CJK SC"; }} .ui {{ font-family: system-ui, sans-serif; }}</style></head>
<body><h1>{heading}</h1><p class="ui">第一次发言：早上好 &amp; 谢谢</p>
<script>document.title = "秘密";</script></body></html>"""


def _fonts(path: Path) -> list[Any]:
    """Every font dictionary the pages draw with (each once)."""
    from pypdf import PdfReader

    found: dict[int, Any] = {}
    for page in PdfReader(path).pages:
        for reference in (page["/Resources"].get("/Font") or {}).values():
            found.setdefault(reference.idnum, reference.get_object())
    return list(found.values())


def _cid_programs(path: Path) -> dict[str, set[int]]:
    """Font name (subset tag dropped) → the embedded TrueType programs (object numbers) its CID fonts use."""
    programs: dict[str, set[int]] = {}
    for font in _fonts(path):
        assert font["/Subtype"] == "/Type0", f"not a CID font: {font.get('/BaseFont')} {font['/Subtype']}"
        cid_font = font["/DescendantFonts"][0].get_object()
        assert cid_font["/Subtype"] == "/CIDFontType2"
        name = str(cid_font["/BaseFont"]).split("+", 1)[-1]
        descriptor = cid_font["/FontDescriptor"].get_object()
        programs.setdefault(name, set()).add(descriptor.raw_get("/FontFile2").idnum)
    return programs


def _texts(path: Path) -> tuple[list[tuple[str, int]], list[str]]:
    from pypdf import PdfReader

    reader = PdfReader(path)
    outline = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    return outline, [page.extract_text() for page in reader.pages]


def _bytes(folder: Path) -> int:
    """Apparent size of a folder as `du -sb` counts it: every file and folder entry."""
    return folder.stat().st_size + sum(entry.stat().st_size for entry in folder.rglob("*"))


@pytest.fixture(scope="module")
def demo_pdfs(demo_packs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The session's demo pack printed as `report --pdf` prints it, each language's PDF written beside (not into)
    the shared pack."""
    folder = tmp_path_factory.mktemp("demo-pdfs")
    pack = json.loads((demo_packs["zh-CN"].parent / "pack.json").read_text(encoding="utf-8"))
    chapters = [notebook["name"] for notebook in pack["notebooks"] if notebook["ok"]]
    return {lang: pdf.print_pages(pdf.pack_pages(lang_dir, chapters), folder / f"demo-{lang}.pdf")
            for lang, lang_dir in demo_packs.items()}


def test_shown_characters_are_the_pages_text_and_styles_not_their_scripts(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(PAGE.format(heading="社群纪念册").replace("</style>", ".x::before { content: '▲'; }</style>"),
                    encoding="utf-8")
    chars = pdf_fonts.shown_characters([page])
    assert set("社群纪念册第一次发言：早上好谢&▲") <= chars
    assert "秘" not in chars and "\n" not in chars
    assert set(pdf_fonts.ALWAYS) <= chars


def test_no_print_fonts_leave_the_pages_as_they_are(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    assert pdf_fonts.print_style([]) == ""
    monkeypatch.setitem(sys.modules, "fontTools", None)  # as if not installed: importing it raises ImportError
    with caplog.at_level(logging.WARNING, logger=pdf_fonts.__name__):
        assert pdf_fonts.print_fonts([], tmp_path) == []
    assert "fontTools" in caplog.text


@needs_font
def test_the_print_font_draws_the_system_fonts_glyphs_with_truetype_outlines(tmp_path: Path) -> None:
    from fontTools.pens.areaPen import AreaPen
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    found = pdf_fonts.system_font(700)
    assert found is not None
    source, number = found
    target = pdf_fonts.truetype_subset(source, number, {"社", "A"}, tmp_path / "bold.ttf")
    with TTFont(str(target)) as printed, TTFont(str(source), fontNumber=number, lazy=True) as system:
        assert "glyf" in printed and "CFF " not in printed
        assert {ord("社"), ord("A")} <= set(printed.getBestCmap()) and ord("群") not in printed.getBestCmap()
        for char in "社A":
            ours, theirs = printed.getBestCmap()[ord(char)], system.getBestCmap()[ord(char)]
            assert printed["hmtx"][ours][0] == system["hmtx"][theirs][0]  # same advance
            bounds: list[tuple[float, ...]] = []
            areas: list[float] = []
            for font, name in ((printed, ours), (system, theirs)):
                box, area = BoundsPen(font.getGlyphSet()), AreaPen(font.getGlyphSet())
                font.getGlyphSet()[name].draw(box)
                font.getGlyphSet()[name].draw(area)
                bounds.append(box.bounds)
                areas.append(area.value)
            # same shape within the conversion's tolerance; contours reversed (TrueType fills clockwise ones)
            assert all(abs(a - b) <= pdf_fonts.MAX_ERROR for a, b in zip(*bounds, strict=True)), bounds
            assert areas[0] == pytest.approx(-areas[1], rel=0.01)


@pytest.mark.browser
@pytest.mark.slow
@needs_print
def test_demo_pdfs_draw_chinese_with_one_cid_truetype_font_per_weight(demo_pdfs: dict[str, Path]) -> None:
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    for lang, path in demo_pdfs.items():
        programs = _cid_programs(path)  # asserts every font is Type0 over CIDFontType2: no Type 3 left
        assert set(programs) >= CJK, (lang, programs)
        # one copy of each weight for the whole file, shared by every chapter (8 page groups)
        assert all(len(programs[name]) == 1 for name in CJK), (lang, programs)
        reader = PdfReader(path)
        for name in CJK:
            program = reader.get_object(next(iter(programs[name]))).get_data()
            with TTFont(io.BytesIO(program)) as font:
                assert "glyf" in font and "CFF " not in font


@pytest.mark.browser
@pytest.mark.slow
@needs_print
def test_demo_pdf_text_extracts_as_written(demo_pdfs: dict[str, Path], demo_packs: dict[str, Path]) -> None:
    outline, texts = _texts(demo_pdfs["zh-CN"])
    titles = [title for title, _ in outline]
    assert titles[:2] == ["核心指标", "周期总览"] and "成员参与" in titles
    # each chapter's first page shows its title, exactly (Type 3 text needed NFKC: Kangxi radicals for some glyphs)
    for title, first in outline:
        assert title in texts[first], (title, texts[first][:200])
    engagement = dict(outline)[t("report.notebook.05_engagement", "zh-CN")]
    assert t("chart.daily_posters.title", "zh-CN") in "".join(texts[engagement:])  # a chart's SVG label
    assert "成员数" in texts[0]


@pytest.mark.browser
@pytest.mark.slow
@needs_print
def test_demo_pack_with_both_pdfs_is_under_5_mb(demo_pdfs: dict[str, Path], demo_packs: dict[str, Path]) -> None:
    pages = _bytes(demo_packs["zh-CN"].parent)
    printed = {lang: path.stat().st_size for lang, path in demo_pdfs.items()}
    assert pages + sum(printed.values()) < PACK_LIMIT, f"pages {pages:,} B, PDFs {printed}"


@pytest.mark.browser
@pytest.mark.slow
@needs_print
def test_yearbook_cover_and_members_print_in_the_cid_font(tmp_path: Path) -> None:
    lang_dir = tmp_path / "zh-CN"
    lang_dir.mkdir()
    (lang_dir / "yearbook.html").write_text(PAGE.format(heading="社群纪念册"), encoding="utf-8")
    positioning = SimpleNamespace(slogan="学以致用", values=["分享", "学习"])
    profile = SimpleNamespace(name="星火学习社群", positioning=positioning, privacy=SimpleNamespace(pseudonymise=False))
    people = pd.DataFrame({"name": ["张伟", "Li Na"], "consent": [True, False]})
    target = pdf.print_yearbook(lang_dir, profile=profile, year=2026, people=people, file_name="yearbook.pdf")

    assert set(_cid_programs(target)) >= CJK
    outline, texts = _texts(target)
    assert [title for title, _ in outline] == ["星火学习社群 · 2026 社群纪念册", "社群纪念册", "同意公开姓名的成员"]
    assert all(part in texts[0] for part in ("2026", "星火学习社群", "学以致用", "分享", "学习"))
    assert "第一次发言：早上好 & 谢谢" in texts[outline[1][1]]  # system-ui text drawn in the print font too
    assert "张伟" in texts[outline[2][1]] and not any("Li Na" in text for text in texts)


@pytest.mark.browser
@pytest.mark.slow
@needs_print
def test_without_the_system_font_the_print_comes_out_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    page = tmp_path / "p.html"
    page.write_text(PAGE.format(heading="社群纪念册"), encoding="utf-8")
    monkeypatch.setattr(pdf_fonts, "FONT_DIR", tmp_path / "no-fonts")
    with caplog.at_level(logging.WARNING, logger=pdf_fonts.__name__):
        target = pdf.print_pages([("纪念册", page)], tmp_path / "p.pdf")
    assert any(pdf_fonts.FAMILY in record.getMessage() for record in caplog.records)
    # the system's CFF font again, as Type 3 glyphs
    assert any(font["/Subtype"] == "/Type3" for font in _fonts(target))
