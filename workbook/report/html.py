"""Executed notebook → one offline HTML chapter page without code (no CDN scripts, charts inline), or, when the
notebook failed, a page saying so in the reader's language (the traceback goes to run.log only)."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from workbook.i18n import t
from workbook.paths import PACKAGE_DIR

TEMPLATES_DIR = PACKAGE_DIR / "templates" / "report"
NBCONVERT_TEMPLATE = "nbconvert_offline"
RUN_LOG = "../run.log"  # pages sit in the pack's language folders; the log is the pack's
CLIENT_ROOT = "../../"  # from a language folder up to reports/CLIENT/ (client index, packs.js)
LAB_CSS = "lab.css"  # JupyterLab's page style, once per pack instead of inlined in every chapter (~260 kB each)

# src=/href= pointing off the machine; plain <a href> links are allowed (a reader may follow them).
_EXTERNAL = re.compile(r"""<(?!a\b)[a-z]+\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^>]*>""", re.I)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass(frozen=True)
class ChapterPage:
    """Where a chapter page sits: its pack (community, period, language) and its neighbours in the pack."""

    client_name: str
    period: str
    lang: str
    chapters: tuple[str, ...]
    name: str
    languages: tuple[str, ...] = ()  # the pack's languages, each in its own folder; () = this one only

    def other_languages(self) -> list[dict[str, str]]:
        """The same page in the pack's other languages (../en/05_engagement.html)."""
        page = f"{self.name or 'index'}.html"
        return [{"href": f"../{other}/{page}", "lang": other, "name": t("report.page.language_name", other)}
                for other in self.languages if other != self.lang]

    def title(self, chapter: str | None = None) -> str:
        return t(f"report.notebook.{chapter or self.name}", self.lang)

    def context(self) -> dict[str, Any]:
        """What the chapter header template needs (labels already localised)."""
        at = self.chapters.index(self.name) if self.name in self.chapters else -1

        def link(offset: int) -> dict[str, str] | None:
            other = at + offset
            if at < 0 or not 0 <= other < len(self.chapters):
                return None
            return {"href": f"{self.chapters[other]}.html", "title": self.title(self.chapters[other])}

        return {"lang": self.lang, "period": self.period, "client": self.client_name, "name": self.name,
                "title": self.title(), "page_title": t("report.page.title", self.lang, chapter=self.title(),
                                                         client=self.client_name, period=self.period),
                "previous": link(-1), "next": link(1), "labels": header_labels(self.lang),
                "root": CLIENT_ROOT, "other_languages": self.other_languages()}


def header_labels(lang: str) -> dict[str, str]:
    names = ("community", "period", "language", "language_name", "index", "all_periods", "previous_chapter",
             "next_chapter", "previous_period", "next_period", "nav")
    return {name: t(f"report.page.{name}", lang) for name in names}


def external_references(html: str) -> list[str]:
    """Tags (other than <a>) that would load something over the network."""
    return [m.group(0)[:200] for m in _EXTERNAL.finditer(html)]


@cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True)


def render(template: str, **context: Any) -> str:
    """One of the report templates (index pages, failure page) rendered with autoescaping."""
    return _environment().get_template(template).render(**context)  # type: ignore[no-any-return]


def notebook_to_html(notebook_path: Path, page: ChapterPage) -> str:
    """The notebook as HTML with inputs and prompts hidden, a header to the rest of the pack, and no external
    resource."""
    import nbformat

    from workbook import branding

    exporter = _exporter()
    notebook = nbformat.read(notebook_path, as_version=4)
    header = page.context()
    header["brand"] = branding.notebook_header_context(notebook)
    notebook.metadata["title"] = header["page_title"]
    from workbook.report.vega import BUNDLE_FILE

    resources = {"language_code": page.lang, "wb": header, "vega_script": f"../{BUNDLE_FILE}"}
    html, _ = exporter.from_notebook_node(notebook, resources=resources)
    return _EXTERNAL.sub("", html)


_LAB_STATIC_CSS = ("static/index.css", "static/theme-light.css")
_exporters = threading.local()


def _exporter() -> Any:
    """This thread's HTML exporter (the pack converts chapters on its worker threads): made once, so its templates
    are compiled once per pack rather than once per chapter. The lab template's static CSS becomes a link to the
    pack's lab.css instead of 260 kB inlined in every chapter."""
    exporter = getattr(_exporters, "exporter", None)
    if exporter is None:
        from nbconvert import HTMLExporter

        class PackExporter(HTMLExporter):  # type: ignore[misc]
            def _init_resources(self, resources: dict[str, Any]) -> dict[str, Any]:
                resources = super()._init_resources(resources)
                inline = resources["include_css"]

                def include_css(name: str) -> Any:
                    import markupsafe

                    if name == _LAB_STATIC_CSS[0]:
                        return markupsafe.Markup(f'<link rel="stylesheet" href="../{LAB_CSS}">')
                    return markupsafe.Markup("") if name in _LAB_STATIC_CSS else inline(name)

                resources["include_css"] = include_css
                return resources

        exporter = PackExporter(
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            extra_template_paths=[str(TEMPLATES_DIR)],  # the partials shared with the index pages
            template_name=NBCONVERT_TEMPLATE,
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
        _exporters.exporter = exporter
    return exporter


@cache
def _lab_css_parts() -> tuple[str, ...]:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab")
    env = exporter.environment
    return tuple(env.loader.get_source(env, name)[0] for name in _LAB_STATIC_CSS)


def write_pack_assets(pack_dir: Path) -> None:
    """vega.js and lab.css once in the pack folder, shared by every chapter of every language."""
    from workbook.report.vega import write_bundle

    write_bundle(pack_dir)
    from workbook.report.vega import _replace

    css = pack_dir / LAB_CSS
    if not css.exists():
        _replace(css, "\n".join(_lab_css_parts()))


def write_notebook_html(notebook_path: Path, target: Path, page: ChapterPage) -> Path:
    write_pack_assets(target.parent.parent)
    target.write_text(notebook_to_html(notebook_path, page), encoding="utf-8")
    return target


def write_failure_html(target: Path, page: ChapterPage) -> Path:
    """The page of a chapter that could not be built: one localised sentence and where the log is."""
    header = page.context()
    html = render("chapter_failed.html.j2", wb=header, log=RUN_LOG,
                  message=t("report.page.failed", page.lang, chapter=header["title"]),
                  log_text=t("report.page.failed_log", page.lang))
    target.write_text(html, encoding="utf-8")
    return target


def failure_details(notebook_path: Path) -> str:
    """The traceback the failed notebook recorded (ANSI colours removed), for run.log; '' when there is none."""
    import nbformat

    if not notebook_path.exists():
        return ""
    notebook = nbformat.read(notebook_path, as_version=4)
    lines = [line for cell in notebook.cells for output in cell.get("outputs", [])
             if output.get("output_type") == "error" for line in output.get("traceback", [])]
    return _ANSI.sub("", "\n".join(lines))
