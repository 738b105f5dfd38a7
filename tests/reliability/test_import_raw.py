"""Raw copies are written, never deleted: `.`/`..` and folders overlapping raw/ are refused."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.ingest.helpers import FIXTURES, run_cli, store_fingerprint
from workbook import paths
from workbook.clients import init_client

POSITION = re.compile(r"^.+:\d+:[^:]+: .+", re.MULTILINE)


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, the database's files aside (compared by content with store_fingerprint)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith("workbook.sqlite")}


@pytest.mark.parametrize("name", ["..", ".", "raw"])
def test_dot_names_and_the_raw_folder_are_refused_and_nothing_is_deleted(name: str, tmp_path: Path) -> None:
    init_client("c")
    members = tmp_path / "members.csv"
    members.write_text("member_id,display_name,joined_at\nm1,A,2026-10-01 09:00\n", encoding="utf-8")
    assert run_cli("import", "c", "members", str(members))[0] == 0
    client = paths.client_dir("c")
    before, stored = _tree(client), store_fingerprint("c")
    cwd = os.getcwd()
    os.chdir(paths.raw_dir("c"))
    try:
        code, _out, err = run_cli("import", "c", "messages", name, "--format", "slack")
    finally:
        os.chdir(cwd)
    assert code == 2
    assert POSITION.search(err), err
    assert _tree(client) == before
    assert store_fingerprint("c") == stored


def test_a_second_folder_of_the_same_name_is_kept_beside_the_first(tmp_path: Path) -> None:
    import shutil

    init_client("c")
    first = tmp_path / "one" / "export"
    shutil.copytree(FIXTURES / "slack_mini", first)
    assert run_cli("import", "c", "messages", str(first))[0] == 0
    second = tmp_path / "two" / "export"
    shutil.copytree(FIXTURES / "slack_mini", second)
    (second / "users.json").write_text((second / "users.json").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert run_cli("import", "c", "messages", str(second))[0] == 0
    raw = paths.raw_dir("c")
    assert _tree(raw / "export") == _tree(first)
    assert _tree(raw / "export.2") == _tree(second)
