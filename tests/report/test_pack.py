"""The report pack end to end with papermill: content, offline HTML, failures, run-due."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from tests.report.conftest import CLIENT
from workbook import paths
from workbook.i18n import catalogue
from workbook.report import pack as report
from workbook.report import schedule
from workbook.report.html import external_references

pytestmark = pytest.mark.slow


def _visible_text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_pack_has_figures_svg_charts_and_no_network(workspace: Path, lang: str) -> None:
    result = report.run_pack(CLIENT, "2026-10", lang=lang)
    assert result.ok, result.summary()
    pack_dir = paths.client_reports_dir(CLIENT) / "2026-10"
    assert result.out_dir == pack_dir
    out = pack_dir / lang
    index = (out / "index.html").read_text(encoding="utf-8")
    # members 3 (m1, m2, m3; s1 is staff); active 3/3 = 100.0%, Sept 1/2 → +50.0 pp; messages 5 (staff included);
    # event score .25·.5 + .25·1 + .20·1 + .15·.75 + .15·.75 = 0.80 → 80.0
    cards = dict(re.findall(r'data-key="([^"]+)"><div>[^<]*</div><div class="value">([^<]*)</div>', index))
    assert cards["engagement.members_in_period"] == "3"
    assert cards["engagement.active_rate"] == "100.0%"
    assert cards["engagement.messages_total"] == "5"
    assert cards["events_summary.mean_score"] == "80.0"
    assert ("+50.0 个百分点" if lang == "zh-CN" else "+50.0 pp") in index
    document = json.loads((pack_dir / "metrics.json").read_text(encoding="utf-8"))
    assert document["engagement"]["messages_total"] == 5
    keys = [k for k in catalogue() if "." in k]
    for name in report.NOTEBOOKS:
        html = (out / f"{name}.html").read_text(encoding="utf-8")
        assert external_references(html) == [], name
        assert "def " not in _visible_text(html) and "nb.load(" not in html, f"{name}: code leaked"
        text = _visible_text(html)
        assert [k for k in keys if k in text] == [], name
        assert "Traceback" not in text
        assert (out / f"{name}.ipynb").exists()
    for name in ("00_summary", "01_goals", "03_content", "04_events", "05_engagement", "06_culture"):
        assert "<svg" in (out / f"{name}.html").read_text(encoding="utf-8"), name
    # 3 members without a department: no group reaches privacy.min_group_size (5), so no chart offers a filter
    assert "\"wb_filter\":" not in (out / "05_engagement.html").read_text(encoding="utf-8")
    assert external_references(index) == []
    title = "提高发言率" if lang == "zh-CN" else "Goal progress against time elapsed"
    assert title in (out / "01_goals.html").read_text(encoding="utf-8")
    client_index = (paths.client_reports_dir(CLIENT) / f"index.{lang}.html").read_text(encoding="utf-8")
    assert 'data-period="2026-10" data-status="ok"' in client_index
    assert f'href="2026-10/{lang}/index.html"' in client_index


def test_broken_notebook_fails_the_pack_and_names_the_cell(workspace: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report, "NOTEBOOKS", ("00_summary", "03_content"))
    broken = nbformat.read(paths.NOTEBOOKS_DIR / "03_content.ipynb", as_version=4)
    broken.cells.append(nbformat.v4.new_code_cell("raise ValueError('boom in content')"))
    copy = paths.client_dir(CLIENT) / "notebooks" / "03_content.ipynb"
    copy.parent.mkdir(parents=True)
    nbformat.write(broken, copy)

    result = report.run_pack(CLIENT, "2026-10", lang="zh-CN")
    assert not result.ok
    [failure] = result.failures
    assert failure.startswith("zh-CN: ")
    # the injected-parameters cell shifts every index by one: appended cell n → n + 1
    assert f"03_content.ipynb: cell {len(broken.cells)}" in failure and "ValueError: boom in content" in failure
    client_dir = paths.client_reports_dir(CLIENT)
    assert not (client_dir / "2026-10").exists()
    assert [p.name for p in client_dir.iterdir() if p.name.startswith(".")] == []
    failed = client_dir / "2026-10.failed"
    assert "status: failed" in (failed / "run.log").read_text(encoding="utf-8")
    assert (failed / "zh-CN" / "00_summary.html").exists()
    assert 'data-period="2026-10" data-status="failed"' in (client_dir / "index.html").read_text(encoding="utf-8")


def test_run_due_runs_each_closed_period_once(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    monkeypatch.setattr(report, "NOTEBOOKS", ("00_summary",))
    now = datetime.fromisoformat("2026-11-05T09:00:00+08:00")
    # first data: m1 joined 2026-08-01 → closed months 2026-08, 2026-09, 2026-10 (monthly is the default)
    first = schedule.run_due(now=now)
    assert [(r.client, r.label, r.ok) for r in first] == [(CLIENT, m, True) for m in ("2026-08", "2026-09", "2026-10")]
    assert schedule.run_due(now=now) == []


def test_yearbook_names_only_consenting_members(workspace: Path) -> None:
    result = report.run_yearbook(CLIENT, 2026, lang="zh-CN")
    assert result.ok, result.summary()
    html = (paths.client_reports_dir(CLIENT) / "2026-yearbook" / "zh-CN" / "yearbook.html").read_text(encoding="utf-8")
    # m1 张伟 consented, m2 Li Na did not
    assert "张伟" in html and "Li Na" not in html
    assert "<svg" in html and external_references(html) == []


def test_a_forked_copy_computes_the_snapshot_the_pack_shows(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook import forked
    from workbook.snapshot import build

    # As in the `workbook` command, on a machine of two cores or more.
    monkeypatch.setattr(forked, "usable", lambda: True)
    computed_here: list[str] = []
    compute = build.period_document
    monkeypatch.setattr(build, "period_document",
                        lambda frames, profile, period: computed_here.append(period.label) or compute(
                            frames, profile, period))
    result = report.run_pack(CLIENT, "2026-10", lang="en")
    assert result.ok, result.summary()
    assert computed_here == []  # the forked copy computed it (its own list got the labels)
    pack_dir = paths.client_reports_dir(CLIENT) / "2026-10"
    document = json.loads((pack_dir / "metrics.json").read_text(encoding="utf-8"))
    assert document["engagement"]["messages_total"] == 5 and document["events_summary"]["mean_score"] == 80.0
    index = (pack_dir / "en" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'data-key="engagement.members_in_period"><div>[^<]*</div><div class="value">3<', index)
