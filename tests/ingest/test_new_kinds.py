"""quiz_results, points_adjustments, redemptions and registrations through the canonical CSV importer: headers in
Chinese or English, bad rows named file:row:column in the client's language, good files landed."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook import store
from workbook.clients import init_client
from workbook.importer import import_file

MEMBERS = "member_id,display_name,joined_at,is_staff\nm1,A,2026-01-01 09:00,否\nm2,B,2026-01-01 09:00,否\n"
EVENTS = "event_id,title,kind,starts_at\nE1,Workshop,workshop,2026-10-08 14:00\n"


@pytest.fixture
def client(tmp_path: Path) -> str:
    init_client("acme", lang="en")
    for kind, text in (("members", MEMBERS), ("events", EVENTS)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        assert import_file("acme", kind, path).ok
    return "acme"


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(result: object) -> list[str]:
    return [line.split(":", 1)[1] for line in result.problem_lines()]  # type: ignore[attr-defined]


def test_quiz_results_with_chinese_headers_attempt_default_and_items(client: str, tmp_path: Path) -> None:
    path = _file(tmp_path, "quiz.csv", "测验ID,成员ID,得分,满分,提交时间,第几次,q_1,Q_Two\n"
                                       "Q1,m1,8,10,2026-10-02 10:00,,1,0\n"
                                       "Q1,m1,9,10,2026-10-03 10:00,2,1,\n")
    result = import_file(client, "quiz_results", path)
    assert result.ok and result.counts == {"quiz_results": 2}
    rows = store.read_table(store.engine(client), client, "quiz_results").sort_values("attempt")
    assert rows["attempt"].tolist() == [1, 2]  # a blank attempt is the first
    assert rows["items"].tolist() == [{"1": 1.0, "two": 0.0}, {"1": 1.0}]


def test_quiz_results_without_an_attempt_column_are_first_attempts(client: str, tmp_path: Path) -> None:
    path = _file(tmp_path, "quiz.csv", "quiz_id,member_id,score,max_score,submitted_at\n"
                                       "Q1,m1,8,10,2026-10-02 10:00\n")
    assert import_file(client, "quiz_results", path).ok
    assert store.read_table(store.engine(client), client, "quiz_results")["attempt"].tolist() == [1]


def test_bad_quiz_rows_are_named_by_row_and_column(client: str, tmp_path: Path) -> None:
    path = _file(tmp_path, "bad.csv", "quiz_id,member_id,score,max_score,submitted_at,attempt,q_1\n"
                                      "Q1,m1,11,10,2026-10-02 10:00,1,2\n"
                                      "Q1,m2,-1,0,2026-10-02 10:00,1,1\n"
                                      "Q1,m2,inf,10,2026-10-02 10:00,2,1\n"
                                      "Q1,zz,1,10,2026-10-02 10:00,1,1\n"
                                      "Q1,m1,5,10,2026-10-02 10:00,0,1\n")
    result = import_file(client, "quiz_results", path)
    assert not result.ok
    assert _problems(result) == [
        "2:q_1: '2' is not 0 or 1 (question columns q_… are marked 0 or 1)",
        "2:score: 11 is above this row's max_score (10)",
        "3:max_score: 0 must be above 0",
        "3:score: -1 is below 0 (allowed 0–…)",
        "4:score: 'inf' is not a number",
        "5:member_id: unknown member 'zz' (import members first)",
        "6:attempt: 0 is below 1 (allowed 1–…)",
    ]
    assert store.table_counts(store.engine(client), client)["quiz_results"] == 0


def test_bad_rows_are_worded_in_chinese_for_a_chinese_client(tmp_path: Path) -> None:
    init_client("zh", lang="zh-CN")
    assert import_file("zh", "members", _file(tmp_path, "members.csv", MEMBERS)).ok
    path = _file(tmp_path, "bad.csv", "测验ID,成员ID,分数,满分,提交时间\nQ1,m1,12,10,2026-10-02 10:00\n")
    assert _problems(import_file("zh", "quiz_results", path)) == ["2:score: 12 大于同一行的 max_score（10）"]


def test_points_adjustments_and_redemptions(client: str, tmp_path: Path) -> None:
    adjustments = _file(tmp_path, "adj.csv", "调整ID,成员ID,调整时间,积分,原因,操作人\n"
                                             "j1,m1,2026-10-05 10:00,-5,广告,s1\n"
                                             "j2,m2,2026-10-05 10:00,,,\n"
                                             "j3,m2,someday,3,,\n")
    result = import_file(client, "points_adjustments", adjustments, skip_bad_rows=True)
    assert _problems(result) == [
        "3:points: required value is empty",
        "4:at: cannot read 'someday' as a date and time (write the full date, e.g. 2026-10-03 14:05)",
    ]
    rows = store.read_table(store.engine(client), client, "points_adjustments")
    assert rows[["id", "points", "reason", "by"]].to_dict("records") == [
        {"id": "j1", "points": -5.0, "reason": "广告", "by": "s1"}]
    redemptions = _file(tmp_path, "red.csv", "兑换ID,成员ID,兑换时间,奖品,兑换积分\n"
                                             "r1,m1,2026-10-06 10:00,马克杯,20\n"
                                             "r2,m1,2026-10-06 11:00,笔记本,-3\n")
    assert _problems(import_file(client, "redemptions", redemptions)) == ["3:points: -3 is below 0 (allowed 0–…)"]


def test_registrations(client: str, tmp_path: Path) -> None:
    path = _file(tmp_path, "reg.csv", "活动ID,成员ID,报名时间,来源\n"
                                      "E1,m1,2026-10-01 09:00,海报\n"
                                      "E9,m2,2026-10-01 09:00,\n"
                                      "E1,m1,2026-10-02 09:00,\n")
    assert _problems(import_file(client, "registrations", path)) == [
        "3:event_id: unknown event 'E9' (import events first)",
        "4:event_id+member_id: duplicate key E1 + m1 (first at row 2)",
    ]
    assert import_file(client, "registrations", path, skip_bad_rows=True).counts == {"registrations": 1}
