"""index.html of one report pack (per language, and the pack's language chooser) and of a client's every pack
(status, headline figures, links; one per language), and packs.js, the list of packs each page reads to link the
neighbouring periods.

Layout: reports/CLIENT/index.html (the profile's language) and index.<lang>.html; reports/CLIENT/PERIOD/ holds
pack.json, metrics.json, run.log, vega.js, lab.css and index.html (a chooser that opens the profile's language),
and one folder per language with its index.html, chapters (HTML and executed notebooks) and PDF."""

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
TECHNICAL_FILES = ("../metrics.json", "../run.log", "../kernels.log")


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
                       lang: str, languages: tuple[str, ...] = (), pdf: str | None = None) -> Path:
    """The pack's front page in `lang` (in the pack's `lang` folder): chapters and headline figures for readers, the
    PDF when there is one; notebooks and logs set apart."""
    from workbook.branding import header_context
    from workbook.report.html import CLIENT_ROOT, ChapterPage

    chapters = [{"title": t(f"report.notebook.{nb['name']}", lang), "html": f"{nb['name']}.html",
                 "ok": nb["ok"]} for nb in pack["notebooks"]]
    names = tuple(nb["name"] for nb in pack["notebooks"])
    header = {"lang": lang, "period": pack["label"], "client": client_name, "name": "", "previous": None,
              "next": None, "labels": header_labels(lang), "root": CLIENT_ROOT,
              "other_languages": ChapterPage(client_name, pack["label"], lang, names, "", languages).other_languages()}
    header["brand"] = header_context(pack["client"])  # client.yaml `branding` (workbook/branding.py)
    html = render(
        "period_index.html.j2", lang=lang, wb=header,
        title=t("report.index.title", lang, client=client_name, period=pack["label"]),
        period_line=t("report.index.period_line", lang, start=pack["start"], end=pack["end"]),
        finished_line=t("report.index.finished_line", lang,
                        time=local_time(pack.get("finished"), _timezone(pack["client"]), lang)),
        status=pack["status"], status_text=t(f"report.status.{pack['status']}", lang),
        failures=pack["failures"], headlines=headlines, chapters=chapters,
        pdf=pdf, pdf_label=t("report.explore.pdf", lang),
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


def write_pack_chooser(pack_dir: Path, *, client_name: str, label: str, languages: tuple[str, ...]) -> Path:
    """reports/CLIENT/PERIOD/index.html: opens the first language's index (a link per language without scripts),
    so links to the period folder made before languages had folders still land on a report."""
    first = languages[0]
    html = render("pack_languages.html.j2", lang=first, target=f"{first}/index.html",
                  title=t("report.index.title", first, client=client_name, period=label),
                  message=t("report.explore.redirect", first),
                  languages=[{"lang": lang, "href": f"{lang}/index.html", "name": t("report.page.language_name", lang),
                              "title": t("report.index.title", lang, client=client_name, period=label)}
                             for lang in languages])
    path = pack_dir / "index.html"
    path.write_text(html, encoding="utf-8")
    return path


def pack_href(pack: dict[str, Any], lang: str, page: str = "index.html") -> str:
    """A page of `pack` in `lang`, relative to reports/CLIENT/: its language folder, or (a pack from before
    language folders, or one without `lang`) the pack's own index."""
    if lang in pack.get("languages", ()):
        return f"{pack['folder']}/{lang}/{page}"
    return f"{pack['folder']}/index.html"


def write_packs_script(client_dir: Path, packs: list[dict[str, Any]]) -> Path:
    """packs.js: `window.WB_PACKS`, a script rather than JSON because pages opened from file:// may not fetch.

    `chapters` stays empty for a pack in language folders: pages made before language folders then link its
    index (the language chooser), while newer pages read `languages` and `pages`."""
    listing = [{"label": p["label"], "folder": p["folder"], "status": p["status"],
                "languages": p.get("languages", []),
                "pages": [nb["name"] for nb in p.get("notebooks", []) if nb["ok"]],
                "chapters": [] if p.get("languages") else [nb["name"] for nb in p.get("notebooks", []) if nb["ok"]]}
               for p in packs]
    body = json.dumps(listing, ensure_ascii=False).replace("</", "<\\/")
    path = client_dir / PACKS_SCRIPT
    _write_atomically(path, f"window.WB_PACKS = {body};\n")
    return path


def client_index_name(lang: str) -> str:
    return f"index.{lang}.html"


def write_client_index(client_dir: Path, *, client_name: str, lang: str, languages: tuple[str, ...] = ()) -> Path:
    """reports/CLIENT/index.<lang>.html for `lang`, `languages` and every language a pack has, and index.html in
    `lang` (the profile's)."""
    found = read_packs(client_dir)
    client_dir.mkdir(parents=True, exist_ok=True)
    write_packs_script(client_dir, found)
    every = tuple(dict.fromkeys((lang, *languages, *(each for p in found for each in p.get("languages", ())))))
    for each in every:
        packs = [{**p, "href": pack_href(p, each), "status_text": t(f"report.status.{p['status']}", each),
                  "finished_text": local_time(p.get("finished"), _timezone(p["client"]), each)} for p in found]
        others = [{"lang": o, "href": client_index_name(o), "name": t("report.page.language_name", o)}
                  for o in every if o != each]
        html = render("client_index.html.j2", lang=each, packs=packs, others=others,
                      title=t("report.index.client_title", each, client=client_name),
                      labels=_labels(each, "period", "status", "finished"))
        _write_atomically(client_dir / client_index_name(each), html)
        if each == lang:
            _write_atomically(client_dir / "index.html", html)
    return client_dir / "index.html"
