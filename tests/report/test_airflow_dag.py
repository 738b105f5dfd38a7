"""`workbook airflow-dag`: the generated file follows the profiles; in a real Airflow (.airflow-venv, built by
`make airflow`) it loads with no import error and one client's task makes the same pack as `run-due`."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.report.conftest import CLIENT, write_client
from workbook import paths
from workbook.cli import main
from workbook.profile import load_profile, save_profile
from workbook.report import airflow_dag

AIRFLOW_VENV = paths.PROJECT_ROOT / ".airflow-venv"
LOGICAL_DATE = "2026-11-05T01:00:00+00:00"  # acme's last closed month then: 2026-10


def _schedule(client: str, **fields: object) -> None:
    profile = load_profile(client)
    save_profile(client, profile.model_copy(update={"schedule": profile.schedule.model_copy(update=fields)}))


def _clients_in(dag_file: Path) -> object:
    """The CLIENTS literal of the generated file, read without importing Airflow."""
    tree = ast.parse(dag_file.read_text(encoding="utf-8"))
    [value] = [node.value for node in tree.body if isinstance(node, ast.Assign)
               and getattr(node.targets[0], "id", None) == "CLIENTS"]
    return ast.literal_eval(value)


def test_dag_has_a_group_per_client_and_a_task_per_scheduled_kind(workspace: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    write_client("beta")
    # `init` now refuses names a page URL cannot carry, but a folder made by hand before that still gets its DAG
    # group, with a safe id and a shell-quoted argument.
    paths.profile_path("培训二组").parent.mkdir(parents=True)
    paths.profile_path("培训二组").write_text("name: 培训二组\nlanguage: zh-CN\n", encoding="utf-8")
    write_client("gamma")
    _schedule("beta", weekly=True)
    _schedule("培训二组", monthly=False, weekly=True)
    _schedule("gamma", monthly=False)  # schedules nothing: no group
    assert main(["airflow-dag", "--out", str(workspace / "dags"), "--lang", "en", "--max-active-tasks", "3"]) == 0
    assert "(3 client(s), 4 task(s))" in capsys.readouterr().out
    dag_file = workspace / "dags" / airflow_dag.DAG_FILE
    compile(dag_file.read_text(encoding="utf-8"), str(dag_file), "exec")
    assert _clients_in(dag_file) == {CLIENT: ["acme", "month"], "beta": ["beta", "month", "week"],
                                     airflow_dag.group_id("培训二组"): ["'培训二组'", "week"]}  # shell-quoted
    text = dag_file.read_text(encoding="utf-8")
    assert "max_active_tasks=3," in text and '"retries": 2,' in text and "timedelta(hours=4.0)" in text
    assert repr(str(paths.data_root())) in text and "WORKBOOK_DB_URL" not in text.split('"""')[2]


def test_group_ids_are_safe_and_distinct() -> None:
    assert airflow_dag.group_id("acme-2") == "acme-2"
    chinese = airflow_dag.group_id("培训二组")
    assert re.fullmatch(r"[A-Za-z0-9_-]+", chinese) and chinese != airflow_dag.group_id("培训三组")


def _airflow(args: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(AIRFLOW_VENV / "bin" / args[0]), *args[1:]], env=env, capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.slow
@pytest.mark.skipif(not (AIRFLOW_VENV / "bin" / "airflow").exists(),
                    reason="no Apache Airflow environment at .airflow-venv: build it with `make airflow` (about 35 s)")
def test_airflow_loads_the_dag_and_its_task_makes_the_run_due_pack(workspace: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _schedule(CLIENT, catch_up=1)
    dags = workspace / "dags"
    assert main(["airflow-dag", "--out", str(dags), "--lang", "en"]) == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW")} | {
        "AIRFLOW_HOME": str(workspace / "airflow"), "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False"}

    bag = _airflow(["python", "-c", "import json; from airflow.dag_processing.dagbag import DagBag; "
                    f"bag = DagBag({str(dags)!r}); "
                    "print(json.dumps({'errors': bag.import_errors, 'tasks': {d: sorted(t.task_id for t in dag.tasks) "
                    "for d, dag in bag.dags.items()}}))"], env)
    assert bag.returncode == 0, bag.stderr
    loaded = json.loads(bag.stdout.strip().splitlines()[-1])
    assert loaded == {"errors": {}, "tasks": {"workbook_reports": ["acme.month"]}}

    assert _airflow(["airflow", "db", "migrate"], env).returncode == 0
    task = _airflow(["airflow", "tasks", "test", "workbook_reports", "acme.month", LOGICAL_DATE], env)
    assert task.returncode == 0, task.stdout[-3000:] + task.stderr[-3000:]
    from_airflow = paths.client_reports_dir(CLIENT) / "2026-10"
    assert (from_airflow / "pack.json").is_file()

    monkeypatch.setenv("WORKBOOK_REPORTS_DIR", str(workspace / "reports-cron"))
    assert main(["run-due", "--client", CLIENT, "--kind", "month", "--parallel", "1", "--now", LOGICAL_DATE]) == 0
    from_cron = paths.client_reports_dir(CLIENT) / "2026-10"
    assert sorted(p.name for p in from_airflow.iterdir()) == sorted(p.name for p in from_cron.iterdir())
    assert (from_airflow / "metrics.json").read_bytes() == (from_cron / "metrics.json").read_bytes()
    # papermill gives its injected-parameters cell a random id, and an index says when it was made (local time, to
    # the minute); everything else of each page is the same
    pages = sorted([*from_airflow.glob("*/*.html"), from_airflow / "index.html"])
    assert len(pages) > 1
    for page in pages:
        same = from_cron / page.relative_to(from_airflow)
        airflow_html, cron_html = (re.sub(r"cell-id=[0-9a-f]+|\d\d-\d\d \d\d:\d\d", "", p.read_text(encoding="utf-8"))
                                   for p in (page, same))
        assert airflow_html == cron_html, page.relative_to(from_airflow)
