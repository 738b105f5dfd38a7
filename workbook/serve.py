"""`workbook serve`: the facilitator app — Voila over notebooks/ with a home page, offline and preheated."""

from __future__ import annotations

import errno
import ipaddress
import os
import secrets
import socket
import sys
from pathlib import Path
from typing import Any

from workbook import paths
from workbook.i18n import normalise_lang, t

TEMPLATE_ROOT = paths.PACKAGE_DIR / "templates"
TEMPLATE = "workbook"
HOME = "index.ipynb"
# Notebooks without forms get a kernel when opened instead of one kept warm (each warm kernel ~165 MiB).
NOT_PREHEATED = ("00_summary", "06_culture", "yearbook")


def _lang() -> str:
    return normalise_lang(os.environ.get("WORKBOOK_LANG") or os.environ.get("LANG", "").split(".")[0] or "en")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def port_free(host: str, port: int) -> bool:
    """True when `port` on `host` can be bound now (Voila would otherwise fail or move)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def voila_argv(root: Path, port: int, host: str, token: str | None, pool_size: int, open_browser: bool) -> list[str]:
    """Command-line options for Voila: one port only, our CDN-free template, warm kernels, sources hidden."""
    argv = [str(root), f"--port={port}", f"--Voila.ip={host}", "--Voila.port_retries=0",
            f"--template={TEMPLATE}", "--strip_sources=True", "--theme=light",
            f"--preheat_kernel={pool_size > 0}", f"--pool_size={max(pool_size, 0)}",
            f"--VoilaKernelManager.preheat_denylist={list(NOT_PREHEATED)!r}",
            f"--Voila.open_browser={open_browser}"]
    if token:
        argv.append(f"--token={token}")
    return argv


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


def _app_class() -> Any:
    """Voila with `/` and the tree listing sent to the home notebook (the tree page links a CDN), and a
    kernel shutdown the page can actually use."""
    from tornado.web import RedirectHandler
    from voila.app import Voila
    from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler

    class WorkbookVoila(Voila):  # type: ignore[misc]
        def init_handlers(self) -> list[Any]:
            home = f"{self.server_url.rstrip('/')}/voila/render/{HOME}"
            redirects = [(pattern, RedirectHandler, {"url": home})
                         for pattern in (self.server_url, f"{self.server_url.rstrip('/')}/voila/tree.*")]
            shutdown = _shutdown_handler()
            handlers = [(h[0], shutdown, *h[2:]) if h[1] is VoilaShutdownKernelHandler else h
                        for h in super().init_handlers()]
            return [*redirects, *handlers]

    return WorkbookVoila


def serve(port: int, host: str, token: str | None, pool_size: int, open_browser: bool,
          root: Path | None = None) -> int:
    """Run until interrupted; 2 when the port is taken. `root` replaces notebooks/ (tests)."""
    lang = _lang()
    root = root or paths.NOTEBOOKS_DIR
    if not (root / HOME).exists():
        print(t("serve.no_home", lang, path=root / HOME), file=sys.stderr)
        return 2
    if not port_free(host, port):
        print(t("serve.port_busy", lang, port=port, host=host), file=sys.stderr)
        return 2
    if not is_loopback(host) and not token:
        token = secrets.token_urlsafe(24)
        print(t("serve.token_generated", lang, token=token))
    # Kernels inherit this environment: our template folder, and WORKBOOK_DATA_DIR / WORKBOOK_DB_URL as set.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATE_ROOT), os.environ.get("JUPYTER_PATH")]))
    shown = "localhost" if is_loopback(host) else host
    query = f"?token={token}" if token else ""
    print(t("serve.starting", lang, url=f"http://{shown}:{port}/{query}", pool=pool_size), flush=True)
    try:
        _app_class().launch_instance(argv=voila_argv(root, port, host, token, pool_size, open_browser))
    except SystemExit as exc:
        return int(exc.code or 0)
    except KeyboardInterrupt:
        return 0
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m workbook.serve --port N [--root DIR]` (what the browser tests start)."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m workbook.serve")
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--token", default=None)
    parser.add_argument("--pool-size", type=int, default=1)
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    return serve(args.port, args.host, args.token, args.pool_size, False, root=args.root)


if __name__ == "__main__":
    sys.exit(main())
