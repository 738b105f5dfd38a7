"""The home page as a plain tornado handler: rendered from our template in the asked language, no kernel,
so it answers as soon as the server listens."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from workbook import paths
from workbook.i18n import t

TEMPLATES = paths.PACKAGE_DIR / "templates" / "voila" / "home"


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    return env.get_template("home.html.j2")


def render(asked: dict[str, str], lang: str, clients: list[str], render_url: str, signed_in: str | None) -> str:
    """The page for `asked` (the query string); `clients` are those the visitor may open."""
    from workbook.forms.home import choices
    from workbook.serve.shell import PAGES, page_title

    start = choices(asked, lang, clients)
    return _template().render(
        start=start, lang=start.lang, label=lambda key: t(key, start.lang), render_url=render_url,
        base_url=render_url.removesuffix("voila/render/"), signed_in=signed_in,
        pages=[(name, page_title(name, start.lang)) for name in PAGES])


def handler_class(default_lang: str) -> Any:
    import tornado.web
    from jupyter_server.base.handlers import JupyterHandler

    class HomeHandler(JupyterHandler):  # type: ignore[misc]
        @tornado.web.authenticated
        def get(self) -> None:
            asked = {k: self.get_argument(k) for k in ("client", "period", "lang", "who") if self.get_argument(k, "")}
            facilitator = self.identity_provider.facilitator(self) if hasattr(
                self.identity_provider, "facilitator") else None
            clients = [c for c in paths.list_clients() if facilitator is None or facilitator.may_open(c)]
            self.set_header("Cache-Control", "no-store")
            self.finish(render(asked, default_lang, clients, f"{self.base_url}voila/render/",
                               facilitator.name if facilitator else None))

    return HomeHandler
