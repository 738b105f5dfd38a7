"""Makefile targets a consultant uses: `make clean` removes only what `make demo` made, and `make lab` opens
JupyterLab on the notebooks with this checkout's kernel, a client's pages running with its parameters."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest

from workbook import lab, paths
from workbook.clients import init_client

MAKEFILE = paths.PROJECT_ROOT / "Makefile"
STAMP = ".venv/.installed"


def _make(*args: str, cwd: Path = paths.PROJECT_ROOT) -> str:
    done = subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, check=True)
    return done.stdout


def test_clean_recipe_names_only_the_demo() -> None:
    assert _make("-n", "clean").splitlines() == ["rm -rf .venv reports/demo/ data/demo/"]


def test_clean_leaves_other_clients_alone(tmp_path: Path) -> None:
    """The real recipe, run in a copy of the project layout with VENV pointed at a folder of the copy."""
    shutil.copy(MAKEFILE, tmp_path / "Makefile")
    for folder in ("data/demo/raw", "reports/demo/2026-10", "data/acme/raw", "reports/acme/2026-10", "venv-copy/bin"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "data/acme/client.yaml").write_text("name: acme\n", encoding="utf-8")
    (tmp_path / "reports/acme/2026-10/index.html").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "data/demo/client.yaml").write_text("name: demo\n", encoding="utf-8")
    _make("clean", "VENV=venv-copy", cwd=tmp_path)
    assert not (tmp_path / "data/demo").exists() and not (tmp_path / "reports/demo").exists()
    assert not (tmp_path / "venv-copy").exists()
    assert (tmp_path / "data/acme/client.yaml").read_text(encoding="utf-8") == "name: acme\n"
    assert (tmp_path / "reports/acme/2026-10/index.html").exists()


def test_lab_target_runs_the_launcher_with_its_options() -> None:
    # -o: take the installed venv as given, so only the lab's own command is printed.
    assert _make("-n", "-o", STAMP, "lab").strip() == ".venv/bin/python -m workbook.lab --port 8888"
    out = _make("-n", "-o", STAMP, "lab", "CLIENT=acme", "NO_BROWSER=1", "LAB_PORT=8899").strip()
    assert out == ".venv/bin/python -m workbook.lab --port 8899 --client acme --no-browser"
    assert "lab" in _make("-n", "-p", "-o", STAMP).split(".PHONY:")[1].splitlines()[0].split()


def test_lab_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    init_client("acme", lang="en", timezone="Europe/Berlin")
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    launch = lab.lab_command("acme", port=8899, browser=False, now=datetime(2026, 11, 27, 12),
                             kernel_dir=tmp_path)
    assert launch.argv[0] == str(Path(sys.executable).with_name("jupyter")) and launch.argv[1] == "lab"
    assert {"--port=8899", "--no-browser", "--allow-root", "--ServerApp.port_retries=0"} <= set(launch.argv)
    assert f"--ServerApp.root_dir={paths.PROJECT_ROOT}" in launch.argv
    assert "--LabApp.default_url=/lab/tree/notebooks" in launch.argv  # acme has no copies of its own yet
    assert launch.env["JUPYTER_PATH"].split(os.pathsep)[0] == str(tmp_path)
    assert (launch.env[lab.CLIENT_ENV], launch.env[lab.LANG_ENV], launch.env[lab.PERIOD_ENV]) == \
        ("acme", "en", "2026-10")
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    plain = lab.lab_command(None, kernel_dir=tmp_path)
    assert "--allow-root" not in plain.argv and "--no-browser" not in plain.argv and "--port=8888" in plain.argv
    assert lab.CLIENT_ENV not in plain.env
    # With copies of its own, the lab opens on them (they live outside the project here: rooted there).
    own = paths.client_dir("acme") / "notebooks"
    own.mkdir()
    opened = lab.lab_command("acme", kernel_dir=tmp_path)
    assert f"--ServerApp.root_dir={own.resolve()}" in opened.argv and "--LabApp.default_url=/lab/tree/." in opened.argv


@pytest.mark.parametrize(("source", "expected"), [
    ('client = "demo"\nperiod = "2026-10"\nlang = "zh-CN"\ndb_url = None\n', True),
    ('client: str = "demo"\nperiod = "2026-10"\n', True),
    ('# Parameters\nclient = "acme"\nperiod = "2026-09"\n', False),  # papermill's injected values stand
    ('client = "demo"\nperiod = "2026-10"\nprint(client)\n', False),
    ('period = "2026-10"\n', False),
    ("client = (\n", False),
])
def test_parameters_cell_detection(source: str, expected: bool) -> None:
    assert lab.is_parameters_cell(source) is expected


def _parameters_source(name: str) -> str:
    notebook = json.loads((paths.NOTEBOOKS_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", []))
    return "".join(cell["source"])


def test_the_lab_kernel_runs_a_page_with_the_clients_parameters(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel the lab starts for a notebook (kernelspec `python3` found through JUPYTER_PATH) runs the
    standard parameters cell and ends up with the client's values; papermill's injected cell still wins."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import start_new_kernel

    lab.write_kernel(tmp_path)
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
    spec = KernelSpecManager().get_kernel_spec("python3")
    assert spec.argv[:3] == [sys.executable, "-m", "ipykernel_launcher"] and "--ext=workbook.lab" in spec.argv
    env = {**os.environ, lab.CLIENT_ENV: "acme", lab.LANG_ENV: "en", lab.PERIOD_ENV: "2026-09"}
    manager, client = start_new_kernel(kernel_name="python3", env=env, cwd=str(paths.NOTEBOOKS_DIR))
    try:
        outputs: list[str] = []

        def run(code: str) -> None:
            client.execute_interactive(code, timeout=60, output_hook=lambda msg: outputs.append(
                msg["content"].get("text", "")) if msg["msg_type"] == "stream" else None)

        run(_parameters_source("05_engagement"))
        run("print('values', client, lang, period)")
        assert outputs[0].strip() == ("make lab: this session runs with client acme's parameters (language en, "
                                      "period 2026-09)")
        assert outputs[-1].strip() == "values acme en 2026-09"
        run('# Parameters\nclient = "other"\nperiod = "2026-08"\n')
        run("print('values', client, period)")
        assert outputs[-1].strip() == "values other 2026-08"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_make_lab_serves_the_notebooks_with_the_project_kernel(tmp_path: Path) -> None:
    """The launcher `make lab` runs, started for real: JupyterLab answers on the port asked, lists the standard
    notebooks and offers the workbook's python3 kernel."""
    init_client("acme", lang="en")
    port = _free_port()
    env = {**os.environ, "JUPYTER_TOKEN": "lab-test", "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    log = (tmp_path / "lab.log").open("w")
    process = subprocess.Popen([sys.executable, "-m", "workbook.lab", "--client", "acme", "--port", str(port),
                                "--no-browser"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token=lab-test", timeout=5) as answer:
                    assert answer.status == 200
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "lab.log").read_text()
                assert time.monotonic() < deadline, (tmp_path / "lab.log").read_text()
                time.sleep(0.5)
        with urllib.request.urlopen(f"{base}/api/kernelspecs?token=lab-test", timeout=10) as answer:
            specs = json.load(answer)
        assert specs["default"] == "python3"
        assert specs["kernelspecs"]["python3"]["spec"]["display_name"] == "Python 3 (workbook)"
        with urllib.request.urlopen(f"{base}/api/contents/notebooks?token=lab-test", timeout=10) as answer:
            listed = {item["name"] for item in json.load(answer)["content"]}
        assert {"00_summary.ipynb", "05_engagement.ipynb"} <= listed
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
