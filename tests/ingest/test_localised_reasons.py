"""Adapter reasons, time errors and the summary are printed in the client's language (catalogue ingest.yaml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbook.cli import main
from workbook.clients import init_client
from workbook.i18n import has
from workbook.ingest.base import Problem
from workbook.ingest.timeparse import BadTime, from_epoch

INGEST = Path(__file__).resolve().parents[2] / "workbook" / "ingest"
# refused(…, "code"), log.problem(…, "code"), Problem.of(…, "code"), BadValue("code") and BadTime("code").
_CODE = re.compile(r'(?:refused|\.problem|Problem\.of)\([^()]*?"-?[^"]*", "(\w+)"|Bad(?:Value|Time)\("(\w+)"')


def test_every_code_an_adapter_uses_is_in_the_catalogue() -> None:
    codes = {a or b for path in INGEST.glob("*.py") for a, b in _CODE.findall(path.read_text(encoding="utf-8"))}
    assert len(codes) > 40
    assert sorted(c for c in codes if not has(f"ingest.problem.{c}")) == []


def test_adapter_refusal_in_chinese_and_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "result.json"
    bad.write_text('{"name": "x"}', encoding="utf-8")
    init_client("zh")
    assert main(["import", "zh", "messages", str(bad), "--format", "telegram"]) == 2
    out = capsys.readouterr()
    assert f"{bad}:1:-: 不是 Telegram 导出" in out.err
    assert "未导入任何数据" in out.out
    init_client("en", lang="en")
    assert main(["import", "en", "messages", str(bad), "--format", "telegram"]) == 2
    out = capsys.readouterr()
    assert f"{bad}:1:-: not a Telegram export" in out.err
    assert "nothing imported" in out.out


def test_time_error_keeps_its_values_until_the_language_is_known() -> None:
    with pytest.raises(BadTime) as caught:
        from_epoch("soon")
    problem = Problem.from_error("chat.json", 7, "date", caught.value, "messages")
    assert str(problem) == "chat.json:7:date: 'soon' is not an epoch time"
    assert str(problem.localised("zh-CN")) == "chat.json:7:date: 'soon' 不是 Unix 时间戳"


def test_summary_and_notes_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    members = tmp_path / "members.csv"
    members.write_text("成员ID,昵称,入群时间\nm1,小王,2026-10-01 09:00\n", encoding="utf-8")
    init_client("zh")
    assert main(["import", "zh", "members", str(members), "--dry-run"]) == 0
    assert f"{members}（csv）：将导入 members 1" in capsys.readouterr().out
