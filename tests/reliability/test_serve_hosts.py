"""DNS rebinding: the server answers its own names only. Raw HTTP requests with forged Host headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.app.conftest import app_env
from tests.app.server import Server, get, probe_root, running
from workbook.serve.hosts import allowed_hosts, bare, host_allowed

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("hosts")
    root = probe_root(base)
    with running(base, "--pool-size", "0", "--root", str(root), "--allow-host", "workbook.example.org",
                 env=app_env(base)) as started:
        yield started


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil",
                                  "workbook.example.org.evil", "10.0.0.8", ""])
def test_forged_host_is_refused(server: Server, host: str) -> None:
    for path in ("/", "/voila/render/probe.ipynb?client=pilot&period=2026-10", "/voila/static/voila.js",
                 "/api/kernels/00000000-0000-0000-0000-000000000000"):
        status, _ = get(server.url + path, host=host or " ")
        assert status in (400, 403), (host, path, status)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]", "workbook.example.org", "WORKBOOK.example.org"])
def test_own_names_are_answered(server: Server, host: str) -> None:
    status, body = get(server.url + "/", host=f"{host}:{server.port}")
    assert status == 200 and "wb-home" in body


def test_host_rules() -> None:
    assert bare("[::1]:8866") == "::1" and bare("LocalHost:80") == "localhost" and bare("::1") == "::1"
    loopback = allowed_hosts("127.0.0.1")
    assert loopback == {"localhost", "127.0.0.1", "::1"}
    assert not host_allowed("192.168.1.9", loopback, wildcard=False)
    team = allowed_hosts("0.0.0.0", ["wb.corp"])
    assert host_allowed("wb.corp:8866", team, wildcard=True) and not host_allowed("evil.example", team, wildcard=True)
    # Bound to every interface, the team may use the machine's address: an IP literal cannot be rebound.
    assert host_allowed("192.168.1.9:8866", team, wildcard=True)
    assert host_allowed("192.168.1.9", allowed_hosts("192.168.1.9"), wildcard=False)
