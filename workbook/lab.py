"""`make lab`: JupyterLab on the notebooks with the project's kernel; with a client, its pages run with that
client's parameters.

The standard notebooks' `parameters` cell names the demo client. Papermill and Voila put the real values in
after that cell; in JupyterLab this module does the same: the lab's `python3` kernel (this checkout's Python)
loads it as an IPython extension, and after a parameters cell runs it sets `client`, `lang` and `period` to the
client's (printing one line that says so). Nothing is written into the notebooks.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workbook import paths

CLIENT_ENV, LANG_ENV, PERIOD_ENV = "WORKBOOK_LAB_CLIENT", "WORKBOOK_LAB_LANG", "WORKBOOK_LAB_PERIOD"
KERNEL_DIR = paths.PROJECT_ROOT / ".venv" / "share" / "workbook-lab"
DEFAULT_PORT = 8888


# --- inside the kernel --------------------------------------------------------------------------------------------

def is_parameters_cell(source: str) -> bool:
    """A cell of plain assignments naming `client` and `period` (the notebooks' parameters cell). Papermill's
    injected cell (`# Parameters` first) is not one: the values it brings are the ones asked for."""
    if source.lstrip().startswith("# Parameters"):
        return False
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    names: set[str] = set()
    for node in body:
        if isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)):
            return False
    return {"client", "period"} <= names


def lab_values() -> dict[str, str]:
    """The parameters `make lab CLIENT=…` asked for (empty when it named no client, or inside Voila)."""
    from workbook.forms.request import in_voila

    if in_voila() or not os.environ.get(CLIENT_ENV):
        return {}
    values = {"client": os.environ[CLIENT_ENV], "lang": os.environ.get(LANG_ENV, ""),
              "period": os.environ.get(PERIOD_ENV, "")}
    return {k: v for k, v in values.items() if v}


def load_ipython_extension(shell: Any) -> None:
    def after(result: Any) -> None:
        values = lab_values()
        if not values or not is_parameters_cell(result.info.raw_cell or ""):
            return
        shell.user_ns.update(values)
        from workbook.i18n import t

        print(t("consultants.lab.client", values.get("lang", "en"), client=values["client"],
                language=values.get("lang", "-"), period=values.get("period", "-")))

    shell.events.register("post_run_cell", after)


# --- the launcher -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Launch:
    argv: list[str]
    env: dict[str, str]


def write_kernel(where: Path = KERNEL_DIR, python: str = sys.executable) -> Path:
    """The `python3` kernel the lab finds first (JUPYTER_PATH): this checkout's Python, with this extension."""
    spec = {"argv": [python, "-m", "ipykernel_launcher", "-f", "{connection_file}", "--ext=workbook.lab"],
            "display_name": "Python 3 (workbook)", "language": "python", "metadata": {"debugger": True}}
    folder = where / "kernels" / "python3"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return where


def client_values(client: str, now: datetime | None = None) -> dict[str, str]:
    """The client's language and last closed month (what a page of it would open on)."""
    from workbook.periods import last_closed
    from workbook.profile import load_profile

    profile = load_profile(client)
    period = last_closed("month", now or datetime.now(UTC), profile.timezone)
    return {CLIENT_ENV: client, LANG_ENV: profile.language, PERIOD_ENV: period.label}


def _open_on(client: str | None) -> tuple[Path, str]:
    """The lab's root folder and the folder it opens: notebooks/, or the client's own copies when it has any."""
    root = paths.PROJECT_ROOT
    target = paths.NOTEBOOKS_DIR
    if client:
        own = paths.client_dir(client) / "notebooks"
        if own.is_dir():
            target = own
            if not own.resolve().is_relative_to(root):
                root = own.resolve()
    return root, target.resolve().relative_to(root).as_posix()


def lab_command(client: str | None = None, port: int = DEFAULT_PORT, browser: bool = True,
                now: datetime | None = None, kernel_dir: Path = KERNEL_DIR) -> Launch:
    """The `jupyter lab` command and environment `make lab` runs."""
    root, opened = _open_on(client)
    argv = [str(Path(sys.executable).with_name("jupyter")), "lab", f"--ServerApp.root_dir={root}",
            f"--LabApp.default_url=/lab/tree/{opened}", f"--port={port}", "--ServerApp.port_retries=0"]
    if not browser:
        argv.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        argv.append("--allow-root")
    env = {k: v for k, v in os.environ.items() if k not in (CLIENT_ENV, LANG_ENV, PERIOD_ENV)}
    env["JUPYTER_PATH"] = os.pathsep.join([str(kernel_dir), *filter(None, [os.environ.get("JUPYTER_PATH")])])
    if client:
        env.update(client_values(client, now))
    return Launch(argv, env)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make lab", description="JupyterLab on the workbook's notebooks")
    parser.add_argument("--client", default=None, help="run the pages with this client's parameters")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    if args.client and args.client not in paths.list_clients():
        from workbook.i18n import t

        lang = "zh-CN" if os.environ.get("LANG", "").lower().startswith("zh") else "en"
        print(t("consultants.lab.no_client", lang, client=args.client, path=paths.profile_path(args.client)),
              file=sys.stderr)
        return 2
    write_kernel()
    launch = lab_command(args.client, args.port, browser=not args.no_browser)
    os.execve(launch.argv[0], launch.argv, launch.env)
    return 0  # not reached: the lab replaces this process


if __name__ == "__main__":
    sys.exit(main())
