"""A page kernel left without its page is culled once idle (a short timeout here; 15 minutes by default)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.app.conftest import app_env
from tests.app.server import get, probe_root, probed, running
from workbook import serve

pytestmark = pytest.mark.slow


def test_idle_page_kernels_are_culled(tmp_path: Path) -> None:
    root = probe_root(tmp_path)
    args = ("--pool-size", "0", "--root", str(root), "--cull-idle", "3")
    with running(tmp_path, *args, env=app_env(tmp_path)) as server:
        kernels = []
        for _ in range(3):  # three page views whose browser never connects (a tab closed mid-load)
            status, body = get(f"{server.url}/voila/render/probe.ipynb?client=pilot&period=2026-10")
            assert status == 200 and probed(body) is not None
            kernels += re.findall(r"Kernel started: ([0-9a-f-]{36})", server.log_text())
        kernels = sorted(set(kernels))
        assert len(kernels) == 3
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and any(_alive(server.url, k) for k in kernels):
            time.sleep(0.5)
        assert not any(_alive(server.url, k) for k in kernels), server.log_text()[-3000:]
        assert all(f"({k})" in _culled(server.log_text()) for k in kernels)


def _alive(url: str, kernel: str) -> bool:
    return get(f"{url}/api/kernels/{kernel}")[0] != 404


def _culled(log: str) -> str:
    return "\n".join(line for line in log.splitlines() if "Culling" in line)


def test_culling_is_on_by_default() -> None:
    argv = serve.voila_argv(serve.paths.NOTEBOOKS_DIR, 9000, "127.0.0.1", None, 1, False)
    assert f"--MappingKernelManager.cull_idle_timeout={serve.CULL_IDLE_SECONDS}" in argv
    assert "--MappingKernelManager.cull_connected=False" in argv
    assert any(a.startswith("--MappingKernelManager.cull_interval=") for a in argv)
