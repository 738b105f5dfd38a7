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
