"""/workbook/brand.json?client=C: the client's branding for the app shell's header (name, colour, logo as a data:
URI), answered only for a client the visitor may open."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def answer(client: str, may_open: Callable[[str], bool] | None) -> str:
    """The JSON body: `null` alike for an unknown, unbranded or forbidden client, so the answer never tells
    which communities exist (and a page without branding logs no failed request)."""
    from workbook.branding import header_context

    if not client or (may_open is not None and not may_open(client)):
        return "null"
    brand = header_context(client)
    return json.dumps(brand, ensure_ascii=False) if brand else "null"


def handler_class() -> Any:
    import tornado.web
    from jupyter_server.base.handlers import JupyterHandler

    class BrandHandler(JupyterHandler):  # type: ignore[misc]
        @tornado.web.authenticated
        def get(self) -> None:
            provider = self.identity_provider
            facilitator = provider.facilitator(self) if hasattr(provider, "facilitator") else None
            body = answer(self.get_argument("client", ""), facilitator.may_open if facilitator else None)
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(body)

    return BrandHandler
