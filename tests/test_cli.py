"""The CLI contract's exit codes for input a user must fix: 2, with one clear line, never a traceback."""

from __future__ import annotations

import pytest

from workbook.cli import main
from workbook.clients import init_client


@pytest.mark.parametrize(("argv", "message"), [
    (["metrics", "nobody", "--period", "2026-10"], "no profile for client 'nobody'"),
    (["metrics", "acme", "--period", "2026-13"], "month must be 01–12"),
    (["metrics", "acme", "--period", "October"], "is not a period"),
    (["run-due", "--now", "yesterday"], "is not an ISO date or time"),
    (["import", "acme", "members", "/no/such/file.csv"], "/no/such/file.csv:0:-: no such file or folder"),
    (["import", "acme", "members", "/no/such/file.csv", "--format", "telegram"], "no such file"),
])
def test_bad_input_exits_2_with_a_message(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    init_client("acme")
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_init_twice_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", "acme", "--lang", "en"]) == 0
    assert main(["init", "acme"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_metrics_of_an_empty_client_is_all_nulls_not_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    init_client("acme")
    assert main(["metrics", "acme", "--period", "2026-10", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["engagement"]["members_in_period"] == 0
    assert document["engagement"]["posting_rate"] is None
    assert document["events"] == [] and document["events_summary"]["count"] == 0


def test_the_command_ends_quickly_with_its_whole_output_and_exit_code(tmp_path: object) -> None:
    """`workbook metrics` leaves without tearing its heap down (cli.QUICK_EXIT): the JSON piped out is whole and
    the exit codes are those of main(), for success and for bad input."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    init_client("acme")
    script = Path(sys.executable).with_name("workbook")
    done = subprocess.run([str(script), "metrics", "acme", "--period", "2026-10", "--json"], env=os.environ,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["engagement"]["members_in_period"] == 0
    bad = subprocess.run([str(script), "metrics", "acme", "--period", "2026-13"], env=os.environ,
                         capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and "month must be 01–12" in bad.stderr


def test_only_the_command_itself_may_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """The `workbook` entry point allows workbook.forked (a second core for the cold metrics); importing the CLI,
    as a kernel or a test does, does not."""
    import sys

    from workbook import cli, forked

    monkeypatch.setattr(cli, "main", lambda: 0)
    monkeypatch.setattr(cli, "_ran", {"command": "validate"})
    for argv, allowed in ((["workbook", "metrics", "acme"], True), (["workbook", "serve"], False)):
        monkeypatch.setattr(forked, "_allowed", False)
        monkeypatch.setattr(sys, "argv", argv)
        with pytest.raises(SystemExit) as ended:
            cli.console()
        assert ended.value.code == 0 and forked._allowed is allowed
