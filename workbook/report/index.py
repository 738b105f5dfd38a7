"""index.html of one report pack and of a client's every pack (status, headline figures, links)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from workbook.i18n import t
from workbook.report.html import TEMPLATES_DIR
from workbook.report.kpis import Headline

PACK_FILE = "pack.json"
FAILED_SUFFIX = ".failed"


@cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True)


def _labels(lang: str, *names: str) -> dict[str, str]:
    return {name: t(f"report.index.{name}", lang) for name in names}


def write_period_index(out_dir: Path, *, client_name: str, pack: dict[str, Any], headlines: list[Headline],
                       lang: str) -> Path:
    """The pack's front page: ok/failed, failures, headline figures with change, one link per notebook."""
    sections = [{
        "title": t(f"report.notebook.{nb['name']}", lang), "html": f"{nb['name']}.html",
        "ipynb": f"{nb['name']}.ipynb", "status": "ok" if nb["ok"] else "failed",
        "status_text": t(f"report.status.{'ok' if nb['ok'] else 'failed'}", lang),
    } for nb in pack["notebooks"]]
    html = _environment().get_template("period_index.html.j2").render(
        lang=lang, title=t("report.index.title", lang, client=client_name, period=pack["label"]),
        period_line=t("report.index.period_line", lang, start=pack["start"], end=pack["end"]),
        status=pack["status"], status_text=t(f"report.status.{pack['status']}", lang),
        failures=pack["failures"], headlines=headlines, sections=sections,
        labels=_labels(lang, "failures", "headlines", "sections", "section", "status", "notebook",
                       "all_periods"))
    path = out_dir / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


def read_packs(client_dir: Path) -> list[dict[str, Any]]:
    """Every finished pack under reports/CLIENT (complete ones and `<label>.failed`), newest label first."""
    packs = []
    if client_dir.is_dir():
        for folder in client_dir.iterdir():
            marker = folder / PACK_FILE
            if folder.name.startswith(".") or not marker.is_file():
                continue
            pack = json.loads(marker.read_text(encoding="utf-8"))
            packs.append({**pack, "folder": folder.name})
    return sorted(packs, key=lambda p: (p["label"], p["folder"]), reverse=True)


def write_client_index(client_dir: Path, *, client_name: str, lang: str) -> Path:
    packs = [{**p, "status_text": t(f"report.status.{p['status']}", lang)} for p in read_packs(client_dir)]
    html = _environment().get_template("client_index.html.j2").render(
        lang=lang, title=t("report.index.client_title", lang, client=client_name), packs=packs,
        labels=_labels(lang, "period", "status", "finished"))
    client_dir.mkdir(parents=True, exist_ok=True)
    path = client_dir / "index.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
