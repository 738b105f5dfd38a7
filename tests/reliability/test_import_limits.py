"""Hostile files are refused quickly with a position: huge headers and fields, zip bombs, deep or odd JSON."""

from __future__ import annotations

import json
import re
import time
import zipfile
from pathlib import Path

import pytest

from tests.ingest.helpers import FIXTURES, run_cli, store_fingerprint
from workbook.clients import init_client
from workbook.ingest import limits

POSITION = re.compile(r"^.+:\d+:[^:]+: .+", re.MULTILINE)


def _refused(kind: str, path: Path, expected: str, *args: str) -> str:
    init_client("c", lang="en")
    before = store_fingerprint("c")
    code, _out, err = run_cli("import", "c", kind, str(path), *args)
    assert code == 2, err
    assert POSITION.search(err) and expected in err, err
    assert store_fingerprint("c") == before
    return err


def test_a_million_columns_is_refused_in_seconds(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n" + "," * 999_999 + "\n", encoding="utf-8")
    began = time.perf_counter()
    _refused("members", path, f"more than the limit of {limits.MAX_COLUMNS}")
    assert time.perf_counter() - began < 10


def test_a_field_beyond_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbook.ingest.tabular.MAX_FIELD_CHARS", 1000)
    path = tmp_path / "members.csv"
    path.write_text(f"member_id,display_name,joined_at\nm1,{'x' * 1001},2026-10-01 09:00\n", encoding="utf-8")
    assert ":2:#2: " in _refused("members", path, "longer than the limit of 1000 characters")


def test_a_file_beyond_the_size_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbook.ingest.tabular.MAX_FILE_BYTES", 10)
    path = tmp_path / "members.csv"
    path.write_text("member_id,display_name,joined_at\nm1,A,2026-10-01 09:00\n", encoding="utf-8")
    _refused("members", path, "more than the limit")


def test_a_slack_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    archive = tmp_path / "slack.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for member in ("users.json", "channels.json"):
            out.write(FIXTURES / "slack_mini" / member, member)
        out.writestr("general/2026-10-01.json", "[" + " " * 50_000_000 + "]")
    assert archive.stat().st_size < 200_000
    _refused("messages", archive, "not a real export")


def test_deep_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text('{"name": "g", "type": "private_group", "id": 1, "messages": [' + "[" * 100_000
                    + "]" * 100_000 + "]}", encoding="utf-8")
    _refused("messages", path, "deeper than 64 levels", "--format", "telegram")


@pytest.mark.parametrize("messages", [
    [1, "two", None, [3]],
    [{"id": 1, "type": "message", "date_unixtime": "99999999999999999999", "from": "A", "from_id": "user1",
      "text": "x"}],
    [{"id": 1, "type": "message", "date_unixtime": "1e400", "from": "A", "from_id": "user1", "text": "x"}],
    [{"id": 1, "type": "message", "date": "-2026-10-02T10:00:00", "from": "A", "from_id": "user1", "text": "x"}],
    [{"id": {"a": [1]}, "type": "message", "date_unixtime": "1790000000", "from": ["A"], "from_id": "user1",
      "text": [{"text": [[["deep"]]]}], "reply_to_message_id": {"x": 1}}],
])
def test_odd_telegram_items_are_problems_not_tracebacks(messages: list[object], tmp_path: Path) -> None:
    path = tmp_path / "result.json"
    path.write_text(json.dumps({"name": "g", "type": "private_group", "id": 1, "messages": messages}), encoding="utf-8")
    init_client("c", lang="en")
    before = store_fingerprint("c")
    code, _out, err = run_cli("import", "c", "messages", str(path), "--format", "telegram")
    assert code in (0, 2), err
    assert "Traceback" not in err
    if code == 2:
        assert POSITION.search(err) and store_fingerprint("c") == before


def test_nul_bytes_in_a_csv_are_a_cell_problem(tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_bytes(b"member_id,display_name,joined_at\nm1,A\x00B,2026-10-01 09:00\n")
    assert ":2:display_name: " in _refused("members", path, "control characters")


def test_an_xlsx_zip_bomb_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    book = tmp_path / "roster.xlsx"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        out.writestr("xl/worksheets/sheet1.xml", "<worksheet>" + " " * 300_000_000 + "</worksheet>")
    assert book.stat().st_size < 1_000_000
    began = time.perf_counter()
    err = _refused("members", book, "not a real export")
    assert ":0:xl/worksheets/sheet1.xml: " in err
    assert time.perf_counter() - began < 10


def test_a_json_string_beyond_the_field_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("workbook.ingest.jsonfile.MAX_FIELD_CHARS", 1000)
    export = json.loads((FIXTURES / "discord_channel.json").read_text(encoding="utf-8"))
    export["messages"][0]["content"] = "x" * 1001
    path = tmp_path / "discord.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    _refused("messages", path, "longer than the limit of 1000 characters")


def test_json_string_length_counts_characters_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook.ingest import jsonfile

    monkeypatch.setattr(jsonfile, "MAX_FIELD_CHARS", 1000)
    jsonfile.check_depth(('["' + "中" * 1000 + '", "a\\"b"]').encode(), "x.json")  # 3,000 bytes, 1,000 characters
    monkeypatch.setattr(jsonfile, "_chunks", lambda source: (source[i:i + 7] for i in range(0, len(source), 7)))
    jsonfile.check_depth(('{"k": "' + "中" * 1000 + '"}').encode(), "x.json")
    with pytest.raises(jsonfile.IngestError, match="longer than the limit"):
        jsonfile.check_depth(('{"k": "' + "中" * 1001 + '"}').encode(), "x.json")
