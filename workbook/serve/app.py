"""Voila as the facilitator app needs it: a kernel-free home page, a Host allowlist, the signed-in facilitator
passed to each page, and the warm kernel pool filled before the port is opened."""

from __future__ import annotations

import asyncio
import os
import re
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook.forms.request import CLIENTS_ENV, USER_ENV

# Request headers that carry the signed-in facilitator to the page's kernel (VoilaConfiguration.http_header_envs
# turns them into HTTP_X_WORKBOOK_* variables); the server sets them, whatever the browser sent.
IDENTITY_HEADERS = {USER_ENV: "X-Workbook-User", CLIENTS_ENV: "X-Workbook-Clients"}


@dataclass(frozen=True)
class AppOptions:
    allowed_hosts: frozenset[str]
    wildcard: bool
    lang: str
    warm_timeout: float = 180.0


def _identity_handler() -> Any:
    """Voila's page handler, stamping the signed-in facilitator on the request and refusing a client outside
    their list before a kernel is used."""
    from voila.tornado.handler import TornadoVoilaHandler

    from workbook.i18n import normalise_lang, t
    from workbook.serve.overrides import OverrideContents, drift_warning, override_for, unreadable

    class IdentityVoilaHandler(TornadoVoilaHandler):  # type: ignore[misc]
        override: Any = None  # the asked client's own copy of this page (workbook.serve.overrides), if any

        @property
        def contents_manager(self) -> Any:
            manager = super().contents_manager
            return OverrideContents(manager, *self.override) if self.override else manager

        def should_use_rendered_notebook(self, *args: Any, **kwargs: Any) -> bool:
            # A warm kernel has already run the standard notebook: a client's copy needs a kernel of its own.
            return not self.override and bool(super().should_use_rendered_notebook(*args, **kwargs))

        async def get(self, path: str | None = None) -> None:
            for header in IDENTITY_HEADERS.values():
                self.request.headers.pop(header, None)
            provider = self.identity_provider
            facilitator = provider.facilitator(self) if self.current_user and hasattr(provider, "facilitator") \
                else None
            if facilitator is not None:
                client = self.get_argument("client", "")
                if client and not facilitator.may_open(client):
                    self.set_status(403)
                    lang = normalise_lang(self.get_argument("lang", ""))
                    message = t("page.client_not_allowed", lang, client=client)
                    self.finish(f'<!DOCTYPE html><html lang="{lang}"><meta charset="utf-8"><body>'
                                f'<p class="wb-error wb-refused">{_escape(message)}</p></body></html>')
                    return
                self.request.headers[IDENTITY_HEADERS[USER_ENV]] = facilitator.name
                self.request.headers[IDENTITY_HEADERS[CLIENTS_ENV]] = facilitator.clients_header
            own = override_for(self.get_argument("client", ""), path)
            problem = unreadable(own) if own is not None else None
            if own is not None and problem:
                self.set_status(500)
                lang = normalise_lang(self.get_argument("lang", ""))
                message = t("overrides.page.unreadable", lang, client=self.get_argument("client"),
                            path=f"data/{self.get_argument('client')}/notebooks/{own.name}", problem=problem)
                self.finish(f'<!DOCTYPE html><html lang="{lang}"><meta charset="utf-8"><body>'
                            f'<p class="wb-error">{_escape(message)}</p></body></html>')
                return
            if own is not None:
                self.log.info("Serving %s for client %s", own, self.get_argument("client"))
                warning = drift_warning(own, Path(super().contents_manager.root_dir) / str(path))
                if warning:
                    self.log.warning(warning)
                self.override = (path, own)
            await super().get(path)

    return IdentityVoilaHandler


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _shutdown_handler() -> Any:
    """Voila's kernel shutdown endpoint, accepting the page's own same-origin request."""
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    class SameOriginShutdown(VoilaShutdownKernelHandler):  # type: ignore[misc]
        def check_xsrf_cookie(self) -> None:
            # The page posts this with navigator.sendBeacon on unload, which cannot carry the XSRF header
            # (voila-dashboards/voila#1458): refused, every page view would leave its kernel (~165 MiB) running.
            # A browser always sends Origin on a POST; same origin (and the usual auth) is enough here.
            if self.request.headers.get("Origin") and self.check_origin():
                return None
            return super().check_xsrf_cookie()  # type: ignore[no-any-return]

    return SameOriginShutdown


def app_class(options: AppOptions, home_notebook: str) -> Any:
    """Voila with our home page at `/` (the tree listing and the home notebook redirect there), our page and
    shutdown handlers, and a start that warms the kernel pool before listening."""
    from tornado.web import RedirectHandler
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
    from voila.tornado.handler import TornadoVoilaHandler

    from workbook.serve.brand import handler_class as brand_handler
    from workbook.serve.home import handler_class
    from workbook.serve.hosts import guarded_application
    from workbook.serve.shell import handler_classes

    replaced = {VoilaShutdownKernelHandler: _shutdown_handler(), TornadoVoilaHandler: _identity_handler()}

    class WorkbookVoila(Voila):  # type: ignore[misc]
        def init_handlers(self) -> list[Any]:
            root = self.server_url.rstrip("/")
            home = f"{root}/"
            # RedirectHandler keeps the query string (the choices) by itself.
            redirects = [(pattern, RedirectHandler, {"url": home})
                         for pattern in (rf"{root}/voila/tree.*", rf"{root}/voila/render/{re.escape(home_notebook)}")]
            handlers = [(h[0], replaced.get(h[1], h[1]), *h[2:]) for h in super().init_handlers()]
            script, style = handler_classes()
            shell = [(f"{root}/workbook/shell.js", script), (f"{root}/workbook/shell.css", style),
                     (f"{root}/workbook/brand.json", brand_handler())]
            return [(home, handler_class(options.lang)), *shell, *redirects, *handlers]

        def start(self) -> None:
            from tornado.httpserver import HTTPServer
            from tornado.ioloop import IOLoop
            from tornado.netutil import bind_sockets
            from tornado.web import Application
            from voila.request_info_handler import RequestInfoSocketHandler

            # Warm kernels fetch their request from a loopback port of their own, open before the public one,
            # so the pool can be filled before anyone is let in (and whatever address the public port has).
            internal = bind_sockets(0, "127.0.0.1")
            os.environ["WORKBOOK_QUERY_URL"] = f"ws://127.0.0.1:{internal[0].getsockname()[1]}/voila/query"
            self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
            settings = self.init_settings()
            self.app = guarded_application(options.allowed_hosts, options.wildcard)(**settings)
            self.app.settings.update(self.tornado_settings)
            self.app.add_handlers(".*$", self.init_handlers())
            HTTPServer(Application([(r"/voila/query/(.*)", RequestInfoSocketHandler)])).add_sockets(internal)
            started = time.monotonic()
            try:
                IOLoop.current().run_sync(lambda: _pool_warm(self.kernel_manager), timeout=options.warm_timeout)
            except TimeoutError:
                self.log.warning("Kernel pool not warm after %.0f s; opening the port anyway", options.warm_timeout)
            self.log.info("Kernel pool warm in %.1f s", time.monotonic() - started)
            self.listen()

    return WorkbookVoila


def _warm(task: asyncio.Future[Any], waiting: dict[str, Any]) -> bool:
    """A pool entry is warm when its kernel waits for a request, or its notebook stopped before that."""
    if not task.done():
        return False
    if task.cancelled() or task.exception() is not None:
        return True
    content = task.result()
    return content["kernel_id"] in waiting or content["task"].done()


async def _pool_warm(kernel_manager: Any) -> None:
    from voila.request_info_handler import RequestInfoSocketHandler

    pools: dict[str, list[Any]] = getattr(kernel_manager, "_pools", {})
    while not all(_warm(task, RequestInfoSocketHandler._waiters) for pool in pools.values() for task in pool):
        await asyncio.sleep(0.2)
