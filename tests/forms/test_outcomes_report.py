"""The outcomes kind imported from a Chinese-headed CSV (and a bad file refused naming row and column), then the
culture chapter's outcome tables from the store: the hand-worked figures of tests/metrics/test_outcomes.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.forms.client import _plain
from tests.metrics import test_outcomes as fixture
from workbook import store
from workbook.forms.outcomes import tables
from workbook.importer import import_file
from workbook.report.notebook import Report

CLIENT = "outcomes"
CSV = """对象,范围,指标,数值,日期,柯氏层级
{rows}
"""


@pytest.fixture
def client(db_url: str, tmp_path: Path) -> Path:
    from workbook.clients import init_client
    from workbook.profile import load_profile, save_profile

    init_client(CLIENT, lang="en")
    profile = load_profile(CLIENT)
    profile.heavy_poster_min_messages = 2
    profile.privacy = profile.privacy.model_copy(update={"min_group_size": 3})
    save_profile(CLIENT, profile)
    tables_ = {"members": fixture.MEMBERS, "messages": fixture.MESSAGES, "events": fixture.EVENTS,
               "attendance": fixture.ATTENDANCE}
    frames = store.frames_from_records(**tables_)
    with store.transaction(store.engine(CLIENT, db_url)) as conn:
        for name in tables_:
            frame = getattr(frames, name).drop(columns=["version"])
            store.upsert_rows(conn, name, [{k: _plain(v) for k, v in r.items()} | {"client": CLIENT}
                                           for r in frame.to_dict("records")])
        store.bump_revision(conn, CLIENT)
    scope = {"member": "成员", "department": "部门"}

    def text(value: object) -> str:
        return value if isinstance(value, str) else ""

    rows = "\n".join(f"{r['subject']},{scope.get(text(r['scope']), '')},{r['measure']},{r['value']},{r['as_of']},"
                     f"{text(r['level'])}" for r in fixture.OUTCOMES.to_dict("records"))
    path = tmp_path / "成果.csv"
    path.write_text(CSV.format(rows=rows), encoding="utf-8-sig")
    return path


def test_import_then_tables(client: Path, db_url: str) -> None:
    result = import_file(CLIENT, "outcomes", client, db_url=db_url)
    assert not result.problems, result.problems
    assert len(store.read_table(store.engine(CLIENT, db_url), CLIENT, "outcomes")) == len(fixture.OUTCOMES)
    by_tier, by_department, left_out, unmatched = tables(Report(CLIENT, "2026-10", "en", db_url))
    assert by_tier.to_dict("records") == [
        {"Measure": "manager_rating", "Kirkpatrick level": "L3", "Activity tier": "Lurkers (no message)",
         "People": 4, "Mean": "3", "Median": "3"},
        {"Measure": "manager_rating", "Kirkpatrick level": "L3", "Activity tier": "Heavy posters", "People": 4,
         "Mean": "4", "Median": "4"}]
    assert by_department["Active this period"].tolist() == ["33.3%", "87.5%"] and left_out == 1
    assert unmatched == 1  # x99 matches no member
    chinese = tables(Report(CLIENT, "2026-10", "zh-CN", db_url))[0]
    assert chinese.iloc[1]["活跃分层"] == "高频发言者"


def test_bad_outcome_file_refused(db_url: str, client: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("对象,指标,数值,日期\nm01,manager_rating,很好,2026-10-31\nm02,,5,2026-13-01\n", encoding="utf-8")
    result = import_file(CLIENT, "outcomes", bad, db_url=db_url)
    reasons = [str(p) for p in result.problems]
    assert any("bad.csv:2:value" in r for r in reasons) and any("bad.csv:3:as_of" in r for r in reasons)
    assert store.read_table(store.engine(CLIENT, db_url), CLIENT, "outcomes").empty
