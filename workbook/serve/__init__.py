"""`workbook serve`: the facilitator app — Voila over notebooks/ with a kernel-free home page, offline,
preheated, answering only its own host names, with per-facilitator tokens when given a users file."""

from __future__ import annotations

import errno
import ipaddress
import os
import secrets
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from workbook import paths
from workbook.forms.request import USERS_IN_FORCE
from workbook.i18n import normalise_lang, t

TEMPLATE_ROOT = paths.PACKAGE_DIR / "templates"
TEMPLATE = "workbook"
HOME = "index.ipynb"
# The five daily forms (goals, screening, content plan, event scoring, engagement) keep a warm kernel, about
# 165 MiB each; every other page starts its own when opened, and the home page needs none (serve/home.py).
NOT_PREHEATED = ("index", "00_summary", "06_culture", "07_settings", "yearbook", "08_event_planning", "09_points",
                 "10_community_kit", "11_stories", "12_core_members", "13_member")
# A page left without its shutdown request (tab killed, laptop asleep) frees its kernel after this much
# idleness. Kernels with an open page are kept: culling them would lose a form being filled in.
CULL_IDLE_SECONDS = 900
CULL_INTERVAL_SECONDS = 60
# A used warm kernel is replaced this long after its page started, not 1 s (Voila's default): on two cores
# the replacement's start-up would otherwise compete with the page still drawing.
REFILL_DELAY_SECONDS = 5
# JupyterLab extensions of the notebook tooling (jupytext pairs, nbdime diffs) that fail inside Voila, which bundles
# an older JupyterLab core: left out of every page.
LAB_ONLY_EXTENSIONS = ("jupyterlab-jupytext", "nbdime-jupyterlab")


@dataclass(frozen=True)
class Access:
    """Who may reach the server: one shared token, or a users file; Host names beyond loopback."""

    token: str | None = None
    users_file: Path | None = None
    allow_hosts: tuple[str, ...] = field(default=())


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


def voila_argv(root: Path, port: int, host: str, token: str | None, pool_size: int, open_browser: bool,
               cull_idle: int = CULL_IDLE_SECONDS, users_file: Path | None = None) -> list[str]:
    """Command-line options for Voila: one port only, our CDN-free template, warm kernels, sources hidden,
    idle kernels culled, the identity headers handed to kernels."""
    from workbook.serve.app import IDENTITY_HEADERS

    argv = [str(root), f"--port={port}", f"--Voila.ip={host}", "--Voila.port_retries=0",
            f"--template={TEMPLATE}", "--strip_sources=True", "--theme=light",
            f"--preheat_kernel={pool_size > 0}", f"--pool_size={max(pool_size, 0)}",
            *(f"--VoilaKernelManager.preheat_denylist={name}" for name in NOT_PREHEATED),
            f"--VoilaKernelManager.fill_delay={REFILL_DELAY_SECONDS}",
            *(f"--VoilaConfiguration.http_header_envs={header}" for header in IDENTITY_HEADERS.values()),
            *(f"--VoilaConfiguration.extension_denylist={name}" for name in LAB_ONLY_EXTENSIONS),
            f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
            f"--MappingKernelManager.cull_interval={min(CULL_INTERVAL_SECONDS, max(1, cull_idle // 2))}",
            "--MappingKernelManager.cull_connected=False",
            f"--Voila.open_browser={open_browser}"]
    if users_file:
        # Any non-empty token turns authentication on; the users file's tokens are the ones accepted.
        argv += ["--Voila.identity_provider_class=workbook.serve.users.UsersIdentityProvider",
                 f"--UsersIdentityProvider.users_file={users_file}", f"--token={secrets.token_urlsafe(32)}"]
    elif token:
        argv.append(f"--token={token}")
    return argv


def serve(port: int, host: str, token: str | None, pool_size: int, open_browser: bool,
          root: Path | None = None, access: Access | None = None, cull_idle: int = CULL_IDLE_SECONDS) -> int:
    """Run until interrupted; 2 when the port is taken or the users file is bad. `root` replaces notebooks/."""
    from workbook.serve.users import UsersFileError, load_users

    lang = _lang()
    access = access or Access(token=token)
    root = root or paths.NOTEBOOKS_DIR
    if not (root / HOME).exists():
        print(t("serve.no_home", lang, path=root / HOME), file=sys.stderr)
        return 2
    if not port_free(host, port):
        print(t("serve.port_busy", lang, port=port, host=host), file=sys.stderr)
        return 2
    token = access.token
    if access.users_file:
        try:
            users = load_users(access.users_file)
        except UsersFileError as exc:
            print(t("serve.bad_users", lang, problems=str(exc)), file=sys.stderr)
            return 2
        os.environ[USERS_IN_FORCE] = "1"
        print(t("serve.users", lang, count=len(users), path=access.users_file))
    elif not is_loopback(host) and not token:
        token = secrets.token_urlsafe(24)
        print(t("serve.token_generated", lang, token=token))
    # Kernels inherit this environment: our template folder, and WORKBOOK_DATA_DIR / WORKBOOK_DB_URL as set.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATE_ROOT), os.environ.get("JUPYTER_PATH")]))
    return _run(root, port, host, token, pool_size, open_browser, access, cull_idle, lang)


def _run(root: Path, port: int, host: str, token: str | None, pool_size: int, open_browser: bool,
         access: Access, cull_idle: int, lang: str) -> int:
    from workbook.serve.app import AppOptions, app_class
    from workbook.serve.hosts import WILDCARDS, allowed_hosts

    allowed = allowed_hosts(host, access.allow_hosts)
    shown = "localhost" if is_loopback(host) else host
    query = f"?token={token}" if token and not access.users_file else ""
    print(t("serve.starting", lang, url=f"http://{shown}:{port}/{query}", pool=pool_size), flush=True)
    print(t("serve.hosts", lang, hosts=", ".join(sorted(allowed))), flush=True)
    options = AppOptions(allowed, host in WILDCARDS, lang)
    argv = voila_argv(root, port, host, token, pool_size, open_browser, cull_idle, access.users_file)
    try:
        app_class(options, HOME).launch_instance(argv=argv)
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
    parser.add_argument("--users", type=Path, default=None)
    parser.add_argument("--allow-host", action="append", default=[])
    parser.add_argument("--pool-size", type=int, default=1)
    parser.add_argument("--cull-idle", type=int, default=CULL_IDLE_SECONDS)
    parser.add_argument("--root", type=Path, default=None)
    args = parser.parse_args(argv)
    access = Access(args.token, args.users, tuple(args.allow_host))
    return serve(args.port, args.host, args.token, args.pool_size, False, root=args.root, access=access,
                 cull_idle=args.cull_idle)
