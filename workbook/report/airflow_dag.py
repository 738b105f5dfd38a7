"""`workbook airflow-dag`: an Apache Airflow DAG file generated from the client profiles, whose tasks call
`workbook run-due` for one client and one period kind (the same runner cron calls)."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from string import Template

from workbook import paths

TEMPLATE = paths.PACKAGE_DIR / "templates" / "airflow" / "workbook_reports.py.tmpl"
DAG_FILE = "workbook_reports.py"
# Airflow task group ids: ASCII letters, digits, '-', '_' and '.'.
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


@dataclass(frozen=True)
class Written:
    path: Path
    clients: int
    tasks: int


def group_id(client: str) -> str:
    """The client's task group id; a name Airflow cannot take gets a short hash so two never collide."""
    if not _UNSAFE.search(client):
        return client
    return f"{_UNSAFE.sub('_', client)}_{hashlib.sha1(client.encode()).hexdigest()[:6]}"


def scheduled_kinds() -> dict[str, list[str]]:
    """client → the period kinds its profile schedules, clients with none left out."""
    from workbook.profile import load_profile

    kinds = {}
    for client in paths.list_clients():
        schedule = load_profile(client).schedule
        enabled = [kind for kind, on in (("month", schedule.monthly), ("week", schedule.weekly)) if on]
        if enabled:
            kinds[client] = enabled
    return kinds


def workbook_command() -> str:
    """The `workbook` script of this environment, so Airflow's own environment need not install the workbook."""
    return str(Path(sys.executable).with_name("workbook"))


def render(kinds: dict[str, list[str]], *, schedule: str, max_active_tasks: int, parallel: int, retries: int,
           timeout_hours: float) -> str:
    """The DAG file's text for `kinds` (client → period kinds)."""
    clients = {group_id(client): [shlex.quote(client), *enabled] for client, enabled in kinds.items()}
    # Paths are baked in (the DAG runs where it was generated); the database URL may hold a password: never.
    env = {"WORKBOOK_DATA_DIR": str(paths.data_root()), "WORKBOOK_REPORTS_DIR": str(paths.reports_root())}
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), workbook=repr(workbook_command()),
        env=repr(env), clients=repr(clients), schedule=repr(schedule), max_active_tasks=int(max_active_tasks),
        parallel=int(parallel), retries=int(retries), timeout_hours=float(timeout_hours))


def write(out: Path, *, schedule: str = "15 6 * * *", max_active_tasks: int = 2, parallel: int = 1,
          retries: int = 2, timeout_hours: float = 4.0) -> Written:
    """Write DAG_FILE into `out` (Airflow's dags folder) atomically, so the scheduler never parses half a file."""
    out.mkdir(parents=True, exist_ok=True)
    kinds = scheduled_kinds()
    text = render(kinds, schedule=schedule, max_active_tasks=max_active_tasks, parallel=parallel, retries=retries,
                  timeout_hours=timeout_hours)
    path = out / DAG_FILE
    partial = out / f".{DAG_FILE}.partial"
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)
    return Written(path, len(kinds), sum(len(k) for k in kinds.values()))
