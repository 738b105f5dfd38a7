"""The pages' CJK font for print: Noto Sans CJK SC, regular and bold, cut to the characters the printed pages show
and redrawn with TrueType outlines. Chromium's PDF backend (Skia) embeds a CFF font, as Debian's Noto CJK is, as
Type 3 glyph pictures (large, not a real font to a PDF reader); a TrueType font it embeds as a CID font (Type0 over
CIDFontType2) keeping the font's glyph ids, so every chapter's copy of it can be this one file in the PDF."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from workbook.charts import CJK_FONT_DIRS, FONT

log = logging.getLogger(__name__)

FAMILY = FONT  # the pages' and the charts' CJK font (workbook.charts)
FONT_DIR = Path(os.environ.get("WORKBOOK_CJK_FONT_DIR", CJK_FONT_DIRS[0]))
WEIGHTS = {400: "NotoSansCJK-Regular.ttc", 700: "NotoSansCJK-Bold.ttc"}
# Drawn by the browser without being in a page's text: list bullets and numbers, a clipped label's ellipsis.
ALWAYS = "".join(chr(code) for code in range(0x20, 0x7F)) + "•◦▪…–—·"
# The OpenType features Chromium applies to horizontal text, less `locl`: in the SC face it only swaps in Japanese,
# Korean and traditional forms (400 more glyphs for the demo's 600 characters), never used by zh-CN or en pages.
FEATURES = ["ccmp", "liga", "clig", "rlig", "calt", "kern", "mark", "mkmk"]
# Cubic → quadratic tolerance in font units (1000 per em): a thousandth of an em, invisible in print.
MAX_ERROR = 1.0


@dataclass(frozen=True)
class PrintFont:
    """One weight of the print font, written as a TrueType file."""

    weight: int
    path: Path


class _ShownText(HTMLParser):
    """The characters of a page's text, SVG labels and styles (CSS `content:`), not of its scripts (the live charts'
    data, hidden in print)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self._in_script = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._in_script += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            self._in_script -= 1

    def handle_data(self, data: str) -> None:
        if not self._in_script:
            self.chars.update(data)


def shown_characters(pages: Iterable[Path]) -> set[str]:
    """Every character the pages may draw (with ASCII and list marks), white space aside."""
    chars = set(ALWAYS)
    for page in pages:
        parser = _ShownText()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        chars |= parser.chars
    return {char for char in chars if not char.isspace() or char == " "}


def system_font(weight: int) -> tuple[Path, int] | None:
    """The collection holding Noto Sans CJK SC in this weight and the SC face's number in it, if installed."""
    from fontTools.ttLib import TTCollection

    path = FONT_DIR / WEIGHTS[weight]
    if not path.is_file():
        return None
    collection = TTCollection(str(path), lazy=True)
    try:
        for number, face in enumerate(collection.fonts):
            if face["name"].getDebugName(1) == FAMILY:
                return path, number
    finally:
        collection.close()
    return None


def truetype_subset(source: Path, number: int, chars: set[str], target: Path) -> Path:
    """Face `number` of the collection `source`, cut to `chars` and redrawn with quadratic (glyf) outlines."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False  # CFF hints mean nothing in glyf outlines
    options.layout_features = FEATURES
    options.glyph_names = False
    options.drop_tables += ["VORG", "DSIG", "BASE", "vhea", "vmtx"]
    options.ignore_missing_unicodes = True
    font = TTFont(str(source), fontNumber=number, lazy=False)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(char) for char in chars])
        subsetter.subset(font)
        _cff_to_glyf(font)
        font.save(str(target))
    finally:
        font.close()
    return target


def _cff_to_glyf(font: Any) -> None:
    """Replace the font's CFF outlines by TrueType ones (cubic curves approximated by quadratic splines)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    outlines = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # PostScript outlines run counter-clockwise, TrueType ones clockwise: reverse while converting.
        outlines[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf[name] = pen.glyph()
    del font["CFF "]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000  # TrueType's maxp: counts recomputed from glyf when the font is written
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements", "maxComponentDepth",
                  "maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: smaller, and a PDF reader has no use for them
    post.extraNames, post.mapping = [], {}
    font.sfntVersion = "\x00\x01\x00\x00"


def print_fonts(pages: Iterable[Path], folder: Path) -> list[PrintFont]:
    """Both weights of the print font for `pages`, written in `folder`; none, with a logged note, when fontTools or
    the system font is missing or the font cannot be cut: the pages then print as they are (Type 3 glyphs)."""
    try:
        import fontTools  # noqa: F401
    except ImportError:
        log.warning("PDF: fontTools is not installed; Chinese text is embedded as Type 3 glyphs")
        return []
    try:
        chars = shown_characters(pages)
        fonts = []
        for weight in WEIGHTS:
            found = system_font(weight)
            if found is None:
                log.warning("PDF: %s not found in %s; Chinese text is embedded as Type 3 glyphs", FAMILY, FONT_DIR)
                return []
            fonts.append(PrintFont(weight, truetype_subset(*found, chars, folder / f"print-{weight}.ttf")))
    except Exception:  # a damaged or unexpected font file must not cost the manager the PDF
        log.warning("PDF: could not convert %s; Chinese text is embedded as Type 3 glyphs", FAMILY, exc_info=True)
        return []
    return fonts


def print_style(fonts: list[PrintFont]) -> str:
    """What a page gets at the end of its head for print: the print font's weights under the pages' font family
    (preloaded, so the page's load waits for them) and that family for every text (JupyterLab's CSS gives a chapter's
    output the system UI font, whose Chinese the system's CFF font would draw); code keeps a monospace font. Empty
    without print fonts: the pages print as they are."""
    if not fonts:
        return ""
    uris = {font.weight: font.path.resolve().as_uri() for font in fonts}
    preloads = "".join(f'<link rel="preload" href="{uri}" as="font" type="font/ttf" crossorigin>\n'
                       for uri in uris.values())
    faces = "".join(f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; font-style: normal; '
                    f'src: url("{uri}") format("truetype"); }}\n' for weight, uri in uris.items())
    return (f"{preloads}<style>\n{faces}"
            f'body, body * {{ font-family: "{FAMILY}", sans-serif !important; }}\n'
            f'pre, pre *, code, code *, kbd, samp {{ font-family: monospace, "{FAMILY}" !important; }}\n'
            "</style>\n")


def share_font_programs(writer: Any, fonts: list[PrintFont]) -> None:
    """One program per print font in the merged PDF: each chapter's embedded copy (Skia cuts the font per print,
    keeping its glyph ids) is replaced by the print font cut to the glyphs all chapters draw, ids kept. Should that
    fail, each chapter keeps its own copy (logged)."""
    from pypdf.generic import DecodedStreamObject, NameObject, NumberObject

    try:
        shared = _shared_programs(writer, fonts)
    except Exception:
        log.warning("PDF: could not share the font between chapters; each keeps its own copy", exc_info=True)
        return
    for program, descriptors in shared:
        stream = DecodedStreamObject()
        stream.set_data(program)
        stream[NameObject("/Length1")] = NumberObject(len(program))
        reference = writer._add_object(stream.flate_encode(level=9))
        for descriptor in descriptors:
            descriptor[NameObject("/FontFile2")] = reference


def _shared_programs(writer: Any, fonts: list[PrintFont]) -> list[tuple[bytes, list[Any]]]:
    """For each print font the chapters embed: its program cut to every chapter's glyphs, and the font descriptors
    (one per chapter) to give it."""
    by_name = {_postscript_name(font.path): font for font in fonts}
    descriptors: dict[str, dict[int, Any]] = {name: {} for name in by_name}
    glyphs: dict[str, set[int]] = {name: {0} for name in by_name}
    for page in writer.pages:
        for reference in ((page.get("/Resources") or {}).get("/Font") or {}).values():
            font = reference.get_object()
            if font.get("/Subtype") != "/Type0":
                continue
            cid_font = font["/DescendantFonts"][0].get_object()
            name = str(cid_font.get("/BaseFont", "")).split("+", 1)[-1]  # "AAAAAA+NotoSansCJKsc-Regular"
            if name not in by_name or cid_font.get("/Subtype") != "/CIDFontType2" \
                    or cid_font.get("/CIDToGIDMap") != "/Identity":
                continue
            number = cid_font.raw_get("/FontDescriptor").idnum
            descriptor = cid_font["/FontDescriptor"].get_object()
            if number in descriptors[name] or "/FontFile2" not in descriptor:
                continue
            glyphs[name] |= _drawn_glyphs(descriptor["/FontFile2"].get_object().get_data())
            descriptors[name][number] = descriptor
    return [(_glyph_subset(by_name[name].path, glyphs[name]), list(users.values()))
            for name, users in descriptors.items() if users]


def _postscript_name(path: Path) -> str:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return str(font["name"].getDebugName(6))


def _drawn_glyphs(program: bytes) -> set[int]:
    """Glyph ids with an outline in an embedded TrueType program."""
    import io

    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(program)) as font:
        glyf = font["glyf"]
        return {number for number, name in enumerate(font.getGlyphOrder()) if glyf[name].numberOfContours != 0}


def _glyph_subset(path: Path, glyph_ids: set[int]) -> bytes:
    """The TrueType font at `path` cut to `glyph_ids`, ids kept, without what a PDF reader does not use
    (shaping and vertical tables: the text is already laid out)."""
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.retain_gids = True
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "vhea", "vmtx", "VORG"]
    options.hinting = False
    options.glyph_names = False
    out = io.BytesIO()
    with TTFont(str(path)) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=sorted(glyph_ids))
        subsetter.subset(font)
        font.save(out)
    return out.getvalue()
