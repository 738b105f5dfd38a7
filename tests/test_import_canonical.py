"""`workbook import` of canonical CSV/XLSX files: encodings, headers, dates, bad rows, atomicity."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from workbook import paths, store
from workbook.cli import main
from workbook.clients import init_client
from workbook.importer import import_file

MEMBER_HEADERS = ["成员ID", "昵称", "部门", "入群时间", "是否工作人员", "来源渠道"]
MEMBER_ROWS = [
    ["m1", "张三", "销售部", "2026/10/3 14:05:00", "否", "内部通知"],
    ["m2", "李四", "研发部", "2026-10-05 09:00", "是", "推荐"],
    ["m3", "王五", "研发部", "2026-10-06T08:00:00+08:00", "否", "social_media"],
]


def _write_csv(path: Path, headers: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, headers: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _members(client: str) -> pd.DataFrame:
    frame = store.read_table(store.engine(client), client, "members")
    return frame.drop(columns=["version"]).sort_values("member_id").reset_index(drop=True)


def test_gbk_csv_and_xlsx_give_identical_tables(tmp_path: Path) -> None:
    init_client("gbk")
    init_client("xl")
    gbk = _write_csv(tmp_path / "members_gbk.csv", MEMBER_HEADERS, MEMBER_ROWS, encoding="gbk")
    # The XLSX holds real date cells and an Excel-typed boolean column, as Excel saves them.
    xlsx_rows: list[list[object]] = [
        ["m1", "张三", "销售部", datetime(2026, 10, 3, 14, 5), "否", "内部通知"],
        ["m2", "李四", "研发部", 46300.375, "是", "推荐"],  # Excel serial for 2026-10-05 09:00
        ["m3", "王五", "研发部", "2026-10-06 08:00", "否", "social_media"],
    ]
    xlsx = _write_xlsx(tmp_path / "members.xlsx", MEMBER_HEADERS, xlsx_rows)
    assert import_file("gbk", "members", gbk).ok
    assert import_file("xl", "members", xlsx).ok
    a, b = _members("gbk"), _members("xl")
    pd.testing.assert_frame_equal(a, b)
    assert list(a["joined_at"]) == [pd.Timestamp("2026-10-03 06:05", tz="UTC"),
                                    pd.Timestamp("2026-10-05 01:00", tz="UTC"),
                                    pd.Timestamp("2026-10-06 00:00", tz="UTC")]
    assert list(a["is_staff"]) == [False, True, False]
    assert list(a["source_channel"]) == ["internal_notice", "referral", "social_media"]


def test_utf8_bom_and_english_headers(tmp_path: Path) -> None:
    init_client("bom")
    path = _write_csv(tmp_path / "m.csv", ["member_id", "display_name", "joined_at"],
                      [["m1", "Ann", "2026-10-01 08:00"]], encoding="utf-8-sig")
    result = import_file("bom", "members", path)
    assert result.ok and result.counts == {"members": 1}
    assert _members("bom")["member_id"].tolist() == ["m1"]


def _messages_with_three_bad_rows(tmp_path: Path) -> Path:
    return _write_csv(tmp_path / "messages.csv", ["message_id", "member_id", "sent_at", "text"], [
        ["x1", "m1", "2026-10-31 23:30", "大家好？"],          # row 2 ok
        ["x2", "m9", "2026-10-31 23:31", "who am I"],         # row 3: unknown member
        ["x3", "m2", "31/31/2026", "bad date"],               # row 4: unparseable date
        ["x4", "m3", "2026-11-01 09:00", "ok"],               # row 5 ok
        ["x1", "m1", "2026-11-01 10:00", "duplicate"],        # row 6: duplicate key
    ])


def test_three_bad_rows_exit_2_and_store_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init_client("acme", lang="en")
    _write_csv(tmp_path / "members.csv", MEMBER_HEADERS, MEMBER_ROWS)
    assert main(["import", "acme", "members", str(tmp_path / "members.csv")]) == 0
    before = store.table_counts(store.engine("acme"), "acme")
    path = _messages_with_three_bad_rows(tmp_path)
    assert main(["import", "acme", "messages", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"{path}:3:member_id: unknown member 'm9' (import members first)",
                   f"{path}:4:sent_at: cannot read '31/31/2026' as a date and time (write the full date, "
                   "e.g. 2026-10-03 14:05)",
                   f"{path}:6:message_id: duplicate key x1 (first at row 2)"]
    assert store.table_counts(store.engine("acme"), "acme") == before
    assert not (paths.raw_dir("acme") / "messages.csv").exists()


def test_skip_bad_rows_lands_the_rest_and_rejects_exactly_three(tmp_path: Path) -> None:
    init_client("acme")
    import_file("acme", "members", _write_csv(tmp_path / "members.csv", MEMBER_HEADERS, MEMBER_ROWS))
    path = _messages_with_three_bad_rows(tmp_path)
    assert main(["import", "acme", "messages", str(path), "--skip-bad-rows"]) == 0
    landed = store.read_table(store.engine("acme"), "acme", "messages")
    assert sorted(landed["message_id"]) == ["x1", "x4"]
    rejected = pd.read_csv(paths.raw_dir("acme") / "messages.csv.rejected.csv", dtype=str, encoding="utf-8-sig")
    assert rejected["row"].tolist() == ["3", "4", "6"]
    assert rejected["message_id"].tolist() == ["x2", "x3", "x1"]
    assert (paths.raw_dir("acme") / "messages.csv").read_bytes() == path.read_bytes()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    init_client("acme")
    path = _write_csv(tmp_path / "members.csv", MEMBER_HEADERS, MEMBER_ROWS)
    assert main(["import", "acme", "members", str(path), "--dry-run"]) == 0
    assert store.table_counts(store.engine("acme"), "acme")["members"] == 0
    assert not paths.raw_dir("acme").joinpath("members.csv").exists()


def test_reimport_changes_nothing(tmp_path: Path) -> None:
    init_client("acme")
    path = _write_csv(tmp_path / "members.csv", MEMBER_HEADERS, MEMBER_ROWS)
    import_file("acme", "members", path)
    first = _members("acme")
    import_file("acme", "members", path)
    pd.testing.assert_frame_equal(first, _members("acme"))
    assert store.table_counts(store.engine("acme"), "acme")["members"] == 3


def test_failure_mid_import_leaves_store_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    init_client("acme")
    import_file("acme", "members", _write_csv(tmp_path / "members.csv", MEMBER_HEADERS, MEMBER_ROWS))
    rows = [[f"x{i}", "m1", "2026-10-01 10:00", "hi"] for i in range(10)]
    path = _write_csv(tmp_path / "messages.csv", ["message_id", "member_id", "sent_at", "text"], rows)
    original = store.upsert_frame

    def crash_after_half(conn, table, frame, client, source, chunk=20000):  # type: ignore[no-untyped-def]
        original(conn, table, frame.iloc[:5], client, source)
        raise RuntimeError("power cut")

    monkeypatch.setattr(store, "upsert_frame", crash_after_half)
    with pytest.raises(RuntimeError, match="power cut"):
        import_file("acme", "messages", path)
    assert store.table_counts(store.engine("acme"), "acme")["messages"] == 0


def test_missing_required_column_is_reported_on_the_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    init_client("acme", lang="en")
    path = _write_csv(tmp_path / "members.csv", ["成员ID", "部门"], [["m1", "销售部"]])
    assert main(["import", "acme", "members", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1:display_name, joined_at: required column missing" in err


def test_rating_out_of_range_and_enum_values(tmp_path: Path) -> None:
    init_client("acme", lang="en")
    _write_csv(tmp_path / "events.csv", ["活动ID", "活动名称", "活动类型", "开始时间"],
               [["e1", "销售直播", "直播讲座", "2026-10-10 19:00"], ["e2", "x", "party", "2026-10-11 19:00"]])
    result = import_file("acme", "events", tmp_path / "events.csv")
    assert [str(p).split(":", 1)[1] for p in result.problems] == [
        "3:kind: 'party' is not one of live_lecture, webinar, quiz, workshop, industry_meetup, team_building"]
    import_file("acme", "events", tmp_path / "events.csv", skip_bad_rows=True)
    fb = _write_csv(tmp_path / "feedback.csv", ["event_id", "response_id", "submitted_at", "satisfaction", "nps"],
                    [["e1", "r1", "2026-10-10 21:00", "5", "10"], ["e1", "r2", "2026-10-10 21:00", "6", ""]])
    result = import_file("acme", "feedback", fb)
    assert [p.reason for p in result.problems] == ["6 is above 5 (allowed 1–5)"]


def test_gathers_score_columns_into_json(tmp_path: Path) -> None:
    init_client("acme")
    path = _write_csv(tmp_path / "applicants.csv",
                      ["applicant_id", "name", "applied_at", "score_motivation", "score_relevance", "decision"],
                      [["a1", "赵六", "2026-10-02 10:00", "4", "5", "录取"], ["a2", "钱七", "2026-10-02", "", "3", ""]])
    assert import_file("acme", "applicants", path).ok
    frame = store.read_table(store.engine("acme"), "acme", "applicants").sort_values("applicant_id")
    assert frame["scores"].tolist() == [{"motivation": 4.0, "relevance": 5.0}, {"relevance": 3.0}]
    assert frame["decision"].tolist() == ["accept", None]


def test_wrong_encoding_is_a_file_problem(tmp_path: Path) -> None:
    init_client("acme")
    path = tmp_path / "members.csv"
    path.write_bytes(b"member_id,display_name,joined_at\nm1,\xff\xfe\xfa,2026-10-01\n")
    result = import_file("acme", "members", path)
    assert not result.ok
    assert "不是 UTF-8 或 GBK" in result.problem_lines()[0]
