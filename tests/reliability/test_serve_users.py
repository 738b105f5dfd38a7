"""`workbook serve --users users.yaml`: personal tokens, each limited to named clients; the signed-in name is
the page's `who`, whatever the query string or a forged header says."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.conftest import app_env
from tests.app.server import Server, get, probe_root, probed, running
from workbook.serve.users import UsersFileError, find_by_token, load_users

pytestmark = pytest.mark.slow
ANN, BEN = "ann-token-0123456789abcdef", "ben-token-0123456789abcdef"
USERS = f"""
ann: {{token: "{ANN}", clients: [pilot]}}
ben: {{token: "{BEN}", clients: "*"}}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("users")
    env = app_env(base)
    subprocess.run([sys.executable, "-m", "workbook.cli", "init", "other"], env={**os.environ, **env}, check=True,
                   capture_output=True)
    (base / "users.yaml").write_text(USERS, encoding="utf-8")
    args = ("--pool-size", "1", "--root", str(probe_root(base)), "--users", str(base / "users.yaml"))
    with running(base, *args, env=env, preheated=1) as started:
        yield started


def _probe(server: Server, query: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(f"{server.url}/voila/render/probe.ipynb?{query}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_no_or_wrong_token_is_not_let_in(server: Server) -> None:
    for query in ("", "?token=nope", f"?token={ANN[:-1]}"):
        status, _ = get(f"{server.url}/{query}")
        assert status in (302, 403), query
    status, _ = get(f"{server.url}/voila/render/probe.ipynb?client=pilot&period=2026-10")
    assert status in (302, 403)


def test_home_lists_only_the_users_clients(server: Server) -> None:
    status, body = get(f"{server.url}/?token={ANN}&lang=en")
    assert status == 200 and 'value="pilot"' in body and 'value="other"' not in body
    assert 'value="ann" readonly' in body
    status, body = get(f"{server.url}/?token={BEN}")
    assert 'value="pilot"' in body and 'value="other"' in body


def test_who_is_the_signed_in_user(server: Server) -> None:
    # A `who=` in the query string and a forged identity header change nothing.
    status, body = _probe(server, f"client=pilot&period=2026-10&who=mallory&token={ANN}",
                          {"X-Workbook-User": "boss", "X-Workbook-Clients": "*"})
    assert status == 200 and probed(body) == ["pilot", "2026-10", "ann", "ann"], body[-2000:]
    status, body = _probe(server, f"client=other&period=2026-10&who=mallory&token={BEN}")
    assert status == 200 and probed(body) == ["other", "2026-10", "ben", "ben"], body[-2000:]


def test_client_outside_the_list_is_refused(server: Server) -> None:
    status, body = _probe(server, f"client=other&period=2026-10&lang=en&token={ANN}",
                          {"X-Workbook-Clients": "*"})
    assert status == 403 and "may not open the community “other”" in body and probed(body) is None
    status, body = _probe(server, f"client=other&period=2026-10&lang=zh-CN&token={ANN}")
    assert status == 403 and "无权打开社群「other」" in body


def test_users_file_rules(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    path.write_text(USERS, encoding="utf-8")
    users = load_users(path)
    assert users["ann"].may_open("pilot") and not users["ann"].may_open("other") and users["ben"].may_open("x")
    assert find_by_token(users, BEN) is users["ben"] and find_by_token(users, "") is None
    path.write_text('ann: {token: short, clients: [pilot]}\nben: {token: "' + ANN + '", clients: ["../x"]}\n'
                    'cy: {token: "' + ANN + '", clients: "*"}\n', encoding="utf-8")
    with pytest.raises(UsersFileError) as bad:
        load_users(path)
    lines = str(bad.value).splitlines()
    assert len(lines) == 3 and "at least 16" in lines[0] and "client names" in lines[1] and "shared" in lines[2]


def test_bad_users_file_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "users.yaml"
    path.write_text("- not a mapping\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "workbook.cli", "serve", "--users", str(path), "--port", "1"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "users file" in result.stderr and "Traceback" not in result.stderr
