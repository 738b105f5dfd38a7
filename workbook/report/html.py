"""Executed notebook → one offline HTML page without code (no CDN scripts, charts inline as SVG)."""

from __future__ import annotations

import re
from pathlib import Path

from workbook.paths import PACKAGE_DIR

TEMPLATES_DIR = PACKAGE_DIR / "templates" / "report"
NBCONVERT_TEMPLATE = "nbconvert_offline"

# src=/href= pointing off the machine; plain <a href> links are allowed (a reader may follow them).
_EXTERNAL = re.compile(r"""<(?!a\b)[a-z]+\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//[^>]*>""", re.I)


def external_references(html: str) -> list[str]:
    """Tags (other than <a>) that would load something over the network."""
    return [m.group(0)[:200] for m in _EXTERNAL.finditer(html)]


def notebook_to_html(notebook_path: Path, lang: str) -> str:
    """The notebook as HTML with inputs and prompts hidden, refusing any external resource."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        template_name=NBCONVERT_TEMPLATE,
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    notebook = nbformat.read(notebook_path, as_version=4)
    html, _ = exporter.from_notebook_node(notebook, resources={"language_code": lang})
    html = _EXTERNAL.sub("", html)
    return html


def write_notebook_html(notebook_path: Path, target: Path, lang: str) -> Path:
    target.write_text(notebook_to_html(notebook_path, lang), encoding="utf-8")
    return target
