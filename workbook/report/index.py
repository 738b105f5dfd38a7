"""index.html of one report pack and of a client's every pack (status, headline figures, links), and packs.js,
the list of packs each page reads to link the neighbouring periods."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from workbook.i18n import t
from workbook.report.html import header_labels, render
from workbook.report.kpis import Headline

PACK_FILE = "pack.json"
PACKS_SCRIPT = "packs.js"
FAILED_SUFFIX = ".failed"
TECHNICAL_FILES = ("metrics.json", "run.log", "kernels.log")


def _labels(lang: str, *names: str) -> dict[str, str]:
    return {name: t(f"report.index.{name}", lang) for name in names}


def _timezone(client: str) -> str:
    from workbook.profile import load_profile

    return load_profile(client).timezone  # type: ignore[no-any-return]


def local_time(stamp: str | None, timezone: str, lang: str) -> str:
    """An ISO timestamp as the client's wall clock reads it: 2026-11-01 14:05 (Asia/Shanghai)."""
    if not stamp:
        return "—"
    moment = datetime.fromisoformat(stamp).astimezone(ZoneInfo(timezone))
    return t("report.index.local_time", lang, date=moment.date().isoformat(), time=moment.strftime("%H:%M"),
             zone=timezone)


def write_period_index(out_dir: Path, *, client_name: str, pack: dict[str, Any], headlines: list[Headline],
                       lang: str) -> Path:
    """The pack's front page: chapters and headline figures for readers; notebooks and logs set apart."""
    chapters = [{"title": t(f"report.notebook.{nb['name']}", lang), "html": f"{nb['name']}.html",
                 "ok": nb["ok"]} for nb in pack["notebooks"]]
    header = {"lang": lang, "period": pack["label"], "client": client_name, "name": "", "previous": None,
              "next": None, "labels": header_labels(lang)}
    html = render(
        "period_index.html.j2", lang=lang, wb=header,
        title=t("report.index.title", lang, client=client_name, period=pack["label"]),
        period_line=t("report.index.period_line", lang, start=pack["start"], end=pack["end"]),
        finished_line=t("report.index.finished_line", lang,
                        time=local_time(pack.get("finished"), _timezone(pack["client"]), lang)),
        status=pack["status"], status_text=t(f"report.status.{pack['status']}", lang),
        failures=pack["failures"], headlines=headlines, chapters=chapters,
        notebooks=[f"{nb['name']}.ipynb" for nb in pack["notebooks"]], files=TECHNICAL_FILES,
        labels=_labels(lang, "failures", "headlines", "sections", "technical", "technical_note",
                       "chapter_failed"))
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


def _write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_packs_script(client_dir: Path, packs: list[dict[str, Any]]) -> Path:
    """packs.js: `window.WB_PACKS`, a script rather than JSON because pages opened from file:// may not fetch."""
    listing = [{"label": p["label"], "folder": p["folder"], "status": p["status"],
                "chapters": [nb["name"] for nb in p.get("notebooks", []) if nb["ok"]]} for p in packs]
    body = json.dumps(listing, ensure_ascii=False).replace("</", "<\\/")
    path = client_dir / PACKS_SCRIPT
    _write_atomically(path, f"window.WB_PACKS = {body};\n")
    return path


def write_client_index(client_dir: Path, *, client_name: str, lang: str) -> Path:
    found = read_packs(client_dir)
    packs = [{**p, "status_text": t(f"report.status.{p['status']}", lang),
              "finished_text": local_time(p.get("finished"), _timezone(p["client"]), lang)} for p in found]
    html = render("client_index.html.j2", lang=lang, title=t("report.index.client_title", lang, client=client_name),
                  packs=packs, labels=_labels(lang, "period", "status", "finished"))
    client_dir.mkdir(parents=True, exist_ok=True)
    write_packs_script(client_dir, found)
    path = client_dir / "index.html"
    _write_atomically(path, html)
    return path
