"""The app shell every page shares (home and Voila pages): its stylesheet, and a script that draws the header
(community, period, language, who is saving, navigation) and carries the choices across pages."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from typing import Any

from workbook import paths
from workbook.i18n import LANGUAGES, t

SHELL_DIR = paths.PACKAGE_DIR / "templates" / "voila" / "shell"
HOME = "home"
PAGES = ("00_summary", "01_goals", "02_recruitment", "03_content", "04_events", "05_engagement", "06_culture",
         "07_settings", "08_event_planning", "09_points", "10_community_kit", "11_stories",
         "12_core_members", "13_member")
SHELL_LABELS = ("title", "client", "period", "language", "who", "who_placeholder", "who_missing", "loading",
                "nav", "signed_in")


def page_title(name: str, lang: str) -> str:
    """A page's name in `lang` (the report pages keep the report's titles)."""
    key = f"app.page.{name}" if name in (HOME, "07_settings") else f"report.notebook.{name}"
    return t(key, lang)


@cache
def labels() -> dict[str, dict[str, Any]]:
    """Everything the shell script shows, per language."""
    return {lang: {"shell": {k: t(f"app.shell.{k}", lang) for k in SHELL_LABELS},
                   "pages": {name: page_title(name, lang) for name in (HOME, *PAGES)},
                   "languages": {code: t(f"lang.{code}", code) for code in LANGUAGES}}
            for lang in LANGUAGES}


def stylesheet() -> str:
    return (SHELL_DIR / "shell.css").read_text(encoding="utf-8")


def script(signed_in: str | None, may_open: Callable[[str], bool] | None = None) -> str:
    """The shell script with its labels and, under `serve --users`, the signed-in name (not editable); the
    slogan and values of each client the facilitator may open (workbook.forms.values)."""
    from workbook.forms.values import mottos

    config = {"labels": labels(), "pages": list(PAGES), "signedIn": signed_in,
              "mottos": mottos(paths.list_clients(), may_open)}
    return f"window.WB_SHELL = {json.dumps(config, ensure_ascii=False)};\n" + \
        (SHELL_DIR / "shell.js").read_text(encoding="utf-8")


def handler_classes() -> tuple[Any, Any]:
    """Handlers for /workbook/shell.js and /workbook/shell.css (behind the server's authentication)."""
    import tornado.web
    from jupyter_server.base.handlers import JupyterHandler

    class ScriptHandler(JupyterHandler):  # type: ignore[misc]
        @tornado.web.authenticated
        def get(self) -> None:
            provider = self.identity_provider
            facilitator = provider.facilitator(self) if hasattr(provider, "facilitator") else None
            self.set_header("Content-Type", "text/javascript; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(script(facilitator.name if facilitator else None,
                               facilitator.may_open if facilitator else None))

    class StyleHandler(JupyterHandler):  # type: ignore[misc]
        @tornado.web.authenticated
        def get(self) -> None:
            self.set_header("Content-Type", "text/css; charset=utf-8")
            self.set_header("Cache-Control", "no-cache")
            self.finish(stylesheet())

    return ScriptHandler, StyleHandler
