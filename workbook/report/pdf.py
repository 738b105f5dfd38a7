"""One PDF of a pack's language for e-mail: its index and every chapter printed by headless Chromium (Playwright,
Debian's /usr/bin/chromium, every request off the machine refused), each chapter starting on a new page with a
bookmark of its own; charts are the pages' static SVG (vectors), every text in the pages' CJK font, embedded as a
TrueType CID font (pdf_fonts), one copy of each weight for the whole file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

CHROMIUM = Path(os.environ.get("WORKBOOK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PAGE = {"format": "A4", "margin": {"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"}}
# Vega gives the solid lines of a series with dashed ones the dash pattern "1,0". Skia prints a dashed stroke as a
# filled outline per dash, so such a line became one polygon per unit of length (the goals chart alone: 420 KB of
# drawing in the demo's PDF). Printed as the solid line it is.
PRINT_STYLE = ('<style>[stroke-dasharray="1,0"], [stroke-dasharray="1 0"] { stroke-dasharray: none !important; }'
               "</style>\n")


class PdfUnavailable(RuntimeError):
    """Printing needs Chromium and the playwright package."""


@contextmanager
def offline_browser(print_style: str = "") -> Iterator[Any]:
    """A headless Chromium page that may load file:// only (scripts off: print shows the static charts); every
    page it opens gets `print_style` at the end of its head, its file left as it is."""
    if not CHROMIUM.exists():
        raise PdfUnavailable(f"printing a PDF needs Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise PdfUnavailable("printing a PDF needs the playwright package") from exc

    def only_files(route: Any) -> None:
        request = route.request
        if not request.url.startswith("file://"):
            route.abort()
        elif print_style and request.resource_type == "document":
            html = Path(unquote(urlparse(request.url).path)).read_text(encoding="utf-8")
            head_end = html.find("</head>")
            head_end = head_end if head_end >= 0 else len(html)
            route.fulfill(status=200, content_type="text/html; charset=utf-8",
                          body=html[:head_end] + print_style + html[head_end:])
        else:
            route.continue_()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(java_script_enabled=False)
            page.route("**/*", only_files)
            yield page
        finally:
            browser.close()


def print_pages(pages: list[tuple[str, Path]], target: Path) -> Path:
    """Each (bookmark title, HTML file) printed in order into one PDF at `target`, each starting on a new page
    under its own bookmark."""
    from pypdf import PdfReader, PdfWriter

    from workbook.report import pdf_fonts

    writer = PdfWriter()
    starts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="workbook-pdf-") as folder:
        fonts = pdf_fonts.print_fonts([html for _, html in pages], Path(folder))
        with offline_browser(PRINT_STYLE + pdf_fonts.print_style(fonts)) as page:
            for title, html in pages:
                page.goto(html.resolve().as_uri(), wait_until="load")
                data = page.pdf(print_background=True, **PAGE)
                starts[html.name] = len(writer.pages)
                writer.append(PdfReader(_bytes_io(data)))
                writer.add_outline_item(title=title, page_number=starts[html.name])
        pdf_fonts.share_font_programs(writer, fonts)
    _internal_links(writer, starts)
    # each chapter's copies of the same images, colour spaces and graphic states; the replaced font programs
    writer.compress_identical_objects()  # by default: duplicates merged, orphans removed
    writer.add_metadata({"/Title": pages[0][0] if pages else target.stem})
    tmp = target.with_name(f".{target.name}.tmp")
    with tmp.open("wb") as out:
        writer.write(out)
    tmp.replace(target)
    return target


def _internal_links(writer: Any, starts: dict[str, int]) -> None:
    """Links between the printed pages (file:///…/05_engagement.html) jump to that chapter inside the PDF; links
    to anything else on this machine are dropped: the PDF travels alone, by e-mail."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    for page in writer.pages:
        annotations = page.get("/Annots")
        if not annotations:
            continue
        kept = ArrayObject()
        for reference in annotations:
            annotation = reference.get_object()
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action else ""
            if not uri.startswith("file:"):
                kept.append(reference)
                continue
            target = Path(unquote(urlparse(uri).path)).name
            if target in starts:
                annotation[NameObject("/A")] = DictionaryObject({
                    NameObject("/S"): NameObject("/GoTo"),
                    NameObject("/D"): ArrayObject([writer.pages[starts[target]].indirect_reference,
                                                   NameObject("/Fit")])})
                kept.append(reference)
        page[NameObject("/Annots")] = kept


def _bytes_io(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def pack_pages(lang_dir: Path, chapters: list[str]) -> list[tuple[str, Path]]:
    """(bookmark title, HTML file) of a pack's language in print order: index first, then each chapter built."""
    from workbook.i18n import t

    lang = lang_dir.name
    pages = [(t("report.index.headlines", lang), lang_dir / "index.html")]
    return pages + [(t(f"report.notebook.{name}", lang), lang_dir / f"{name}.html") for name in chapters]


def print_pack(lang_dir: Path, chapters: list[str], file_name: str) -> Path:
    """The pack of one language (its folder `lang_dir`) printed into `lang_dir/file_name`."""
    return print_pages(pack_pages(lang_dir, chapters), lang_dir / file_name)


def yearbook_members(people: Any, pseudonymised: bool) -> list[str]:
    """Names of the members who agreed to be named (`consent`), sorted; none under pseudonymisation."""
    if pseudonymised:
        return []
    return sorted(str(name) for name in people.loc[people["consent"], "name"].dropna())


def print_yearbook(lang_dir: Path, *, profile: Any, year: int, people: Any, file_name: str) -> Path:
    """The yearbook's print layout: a cover (community, year, slogan, values), the yearbook's stories and figures,
    and a closing page naming the members who agreed to be named."""
    from workbook.i18n import t
    from workbook.report.html import render

    lang = lang_dir.name
    title = t("report.explore.yearbook_title", lang, client=profile.name, year=year)
    labels = {"values_title": t("report.explore.yearbook_values", lang),
              "members": t("report.explore.yearbook_members", lang),
              "none": t("report.explore.yearbook_no_members", lang)}
    cover = lang_dir / "cover.html"
    cover.write_text(render("yearbook_cover.html.j2", lang=lang, title=title, year=year, community=profile.name,
                            slogan=profile.positioning.slogan, values=profile.positioning.values, labels=labels),
                     encoding="utf-8")
    members = lang_dir / "members.html"
    members.write_text(render("yearbook_members.html.j2", lang=lang, labels=labels,
                              members=yearbook_members(people, profile.privacy.pseudonymise)), encoding="utf-8")
    pages = [(title, cover), (t("report.notebook.yearbook", lang), lang_dir / "yearbook.html"),
             (labels["members"], members)]
    return print_pages(pages, lang_dir / file_name)
