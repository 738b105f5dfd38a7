"""Start a real `python -m workbook.serve` for a test or a benchmark, and stop it (by its own process id)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workbook.forms.request import WARM_MARKER


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    log: Path
    preheated: int
    port: int = 0
    listening_at: float = 0.0  # time.monotonic() when the port first accepted a connection

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def settle(self, timeout: float = 60) -> None:
        """Wait until every warm kernel, the refills of used ones included, has run up to its request:
        each warm kernel logs WARM_MARKER once, and each page view uses one ("Using pre-heated kernel")."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log_text()
            if text.count(WARM_MARKER) >= self.preheated + text.count("Using pre-heated kernel"):
                return
            time.sleep(0.25)


def wait_for_port(port: int, deadline: float, proc: subprocess.Popen[bytes] | None = None) -> float:
    """time.monotonic() when 127.0.0.1:`port` accepts a connection (an error if `proc` ends first)."""
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server ended with exit code {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return time.monotonic()
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on port {port}")


@contextmanager
def running(base: Path, *args: str, env: dict[str, str] | None = None, preheated: int = 5,
            command: list[str] | None = None, timeout: float = 240) -> Iterator[Server]:
    """The server with `args` in `base` (its log: base/serve.log), until the block ends."""
    port = free_port()
    log_path = base / f"serve-{port}.log"
    argv = (command or [sys.executable, "-m", "workbook.serve"]) + ["--port", str(port), *args]
    with log_path.open("w") as log:
        full_env = {**os.environ, **(env or {})}
        if "WORKBOOK_DB_URL" not in (env or {}):
            full_env.pop("WORKBOOK_DB_URL", None)
        proc = subprocess.Popen(argv, env=full_env, stdout=log, stderr=subprocess.STDOUT, cwd=str(base))
        try:
            listening = wait_for_port(port, time.monotonic() + timeout, proc)
            yield Server(f"http://127.0.0.1:{port}", log_path, preheated, port, listening)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def get(url: str, host: str | None = None, timeout: float = 120) -> tuple[int, str]:
    """Status and body of a GET, redirects not followed; `host` forges the Host header."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", errors="replace")


PROBE_MARK = "probe:"


def probe_root(base: Path) -> Path:
    """A notebook folder with a home notebook and `probe.ipynb`, which prints what page_params() and who()
    return for its request, as a domain page would read them."""
    import nbformat

    root = base / "notebooks"
    root.mkdir(parents=True, exist_ok=True)
    kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    home = nbformat.v4.new_notebook(metadata={"kernelspec": kernelspec})
    nbformat.write(home, root / "index.ipynb")
    probe = nbformat.v4.new_notebook(metadata={"kernelspec": kernelspec}, cells=[
        nbformat.v4.new_code_cell('client = "pilot"\nperiod = "2026-10"\nlang = "en"\ninteractive = False',
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("from workbook.forms.request import page_params, who\n"
                                  "params = page_params(client, period, lang, interactive)\n"
                                  f"print({PROBE_MARK!r}, params.client, params.period, params.who, who(), sep='|')"),
    ])
    nbformat.write(probe, root / "probe.ipynb")
    return root


def probed(body: str) -> list[str] | None:
    """The probe notebook's printed fields (client, period, who, who()), None when it printed nothing.
    A cold kernel's page holds the output as HTML, a warm one's as JSON."""
    import re

    found = re.search(PROBE_MARK.replace("|", r"\|") + r"\|([^<\"\\\n]*)", body)
    return found[1].split("|") if found else None
