"""The demo generator: deterministic bytes, schema-valid values, believable shape, and a clean import."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from workbook import demo
from workbook.metrics.keys import metric_keys
from workbook.profile import Profile
from workbook.schemas import TABLES, header_lookup, normalise_header

KINDS = demo.IMPORT_ORDER


def read_rows(path: Path) -> list[dict[str, str]]:
    """Rows keyed by canonical column names (Chinese headers mapped through schemas.py)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    lookup = header_lookup(TABLES[path.stem])
    return [{lookup.get(normalise_header(k), k): v for k, v in row.items()} for row in rows]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return demo.generate(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def rows(files: dict[str, Path]) -> dict[str, list[dict[str, str]]]:
    return {kind: read_rows(path) for kind, path in files.items()}


def when(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


def test_files_come_in_import_order(files: dict[str, Path]) -> None:
    assert tuple(files) == KINDS
    assert {p.name for p in files.values()} == {f"{k}.csv" for k in KINDS}


def test_same_seed_same_bytes_other_seed_other_bytes(files: dict[str, Path], tmp_path: Path) -> None:
    again = demo.generate(tmp_path / "again")
    assert all(files[k].read_bytes() == again[k].read_bytes() for k in KINDS)
    other = demo.generate(tmp_path / "other", seed=7)
    assert files["messages"].read_bytes() != other["messages"].read_bytes()
    assert files["members"].read_bytes() != other["members"].read_bytes()


def test_members_file_has_chinese_headers_and_bom(files: dict[str, Path]) -> None:
    raw = files["members"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw[3:].decode("utf-8").splitlines()[0].split(",")
    assert header[:5] == ["成员ID", "昵称", "部门", "岗位", "入群时间"]
    assert all(not h.isascii() for h in header)
    events = files["events"].read_bytes()
    assert not events.startswith(b"\xef\xbb\xbf")
    assert events.decode("utf-8").splitlines()[0].startswith("event_id,title,kind,mode,starts_at")


def test_volumes_are_in_the_stated_ranges(rows: dict[str, list[dict[str, str]]]) -> None:
    assert 280 <= len(rows["members"]) <= 320
    assert 20_000 <= len(rows["messages"]) <= 40_000
    assert 22 <= len(rows["events"]) <= 28
    assert 110 <= len(rows["content"]) <= 130
    assert 70 <= len(rows["applicants"]) <= 90
    assert 3 <= len(rows["goals"]) <= 8
    assert len(rows["event_scores"]) >= 2
    months = Counter(r["sent_at"][:7] for r in rows["messages"])
    assert sorted(months) == ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10"]
    staff = [r for r in rows["members"] if r["is_staff"] == "true"]
    assert 3 <= len(staff) <= 10
    assert sum(r["left_at"] != "" for r in rows["members"]) >= 10
    assert sum(r["consent"] == "true" for r in rows["members"]) >= 50
    cohorts = Counter(r["joined_at"][:7] for r in rows["members"])
    assert all(cohorts[m] >= 20 for m in ("2026-06", "2026-07", "2026-08", "2026-09", "2026-10"))


def test_every_kind_format_and_channel_is_covered(rows: dict[str, list[dict[str, str]]]) -> None:
    table = {name: TABLES[name] for name in ("events", "content", "messages", "members")}
    assert {r["kind"] for r in rows["events"]} == set(table["events"].column("kind").choices)
    assert {r["mode"] for r in rows["events"]} == set(table["events"].column("mode").choices)
    assert {r["kind"] for r in rows["content"]} == set(table["content"].column("kind").choices)
    assert {r["format"] for r in rows["content"]} == set(table["content"].column("format").choices)
    assert {r["kind"] for r in rows["messages"]} == set(table["messages"].column("kind").choices)
    channels = {r["source_channel"] for r in rows["members"]}
    assert {"internal_notice", "social_media", "industry_forum", "referral"} <= channels
    assert {r["action"] for r in rows["interactions"]} == set(TABLES["interactions"].column("action").choices)
    assert {r["decision"] for r in rows["applicants"]} == {"accept", "waitlist", "reject", ""}
    assert {r["status"] for r in rows["content_plan"]} >= {"planned", "published", "cancelled"}
    assert 0 < sum(r["member_generated"] == "true" for r in rows["content"]) < len(rows["content"])


def _check_value(kind: str, column: str, value: str) -> str | None:
    col = TABLES[kind].column(column)
    if value == "":
        return "required value is empty" if col.required else None
    if col.choices and value not in col.choices:
        return f"{value!r} not in {col.choices}"
    if col.type == "bool" and value not in ("true", "false"):
        return f"{value!r} is not a bool"
    if col.type == "datetime":
        when(value)
    if col.type == "date":
        datetime.strptime(value, "%Y-%m-%d")
    if col.type in ("int", "float"):
        number = float(value)
        if col.type == "int" and not number.is_integer():
            return f"{value!r} is not whole"
        if (col.low is not None and number < col.low) or (col.high is not None and number > col.high):
            return f"{value} outside {col.low}–{col.high}"
    return None


def test_every_value_obeys_the_schema(rows: dict[str, list[dict[str, str]]]) -> None:
    problems = []
    for kind, table_rows in rows.items():
        table = TABLES[kind]
        prefix = table.gather_prefix[0] if table.gather_prefix else None
        keys = [tuple(r[k] for k in table.key) for r in table_rows]
        if len(set(keys)) != len(keys):
            problems.append(f"{kind}: duplicate keys")
        for i, row in enumerate(table_rows):
            for column, value in row.items():
                if prefix and column.startswith(prefix):
                    if value and not 1 <= float(value) <= 5:
                        problems.append(f"{kind}:{i}:{column}: {value}")
                    continue
                assert column in table.column_names, f"{kind}: unknown column {column}"
                if reason := _check_value(kind, column, value):
                    problems.append(f"{kind}:{i}:{column}: {reason}")
    assert problems == []


def test_references_point_at_rows_that_exist(rows: dict[str, list[dict[str, str]]]) -> None:
    members = {r["member_id"] for r in rows["members"]}
    events = {r["event_id"] for r in rows["events"]}
    content = {r["content_id"] for r in rows["content"]}
    assert {r["member_id"] for r in rows["messages"]} <= members
    assert {r["member_id"] for r in rows["attendance"]} <= members
    assert {r["member_id"] for r in rows["interactions"]} <= members
    assert {r["member_id"] for r in rows["applicants"] if r["member_id"]} <= members
    assert {r["event_id"] for r in rows["attendance"] + rows["feedback"] + rows["event_scores"]} <= events
    assert {r["content_id"] for r in rows["interactions"]} <= content
    assert {r["content_id"] for r in rows["content_plan"] if r["content_id"]} <= content
    assert {r["metric"] for r in rows["goals"]} <= set(metric_keys())
    rubric = {f"score_{c.key}" for c in Profile(name="x").screening_rubric}
    assert rubric <= set(rows["applicants"][0])


def test_messages_fall_in_the_window_and_in_each_membership(rows: dict[str, list[dict[str, str]]]) -> None:
    spans = {r["member_id"]: (when(r["joined_at"]), when(r["left_at"]) if r["left_at"] else datetime.max)
             for r in rows["members"]}
    sent = [when(r["sent_at"]) for r in rows["messages"]]
    assert min(sent) >= datetime(2026, 5, 1) and max(sent) < datetime(2026, 11, 1)
    assert all(spans[r["member_id"]][0] <= s < spans[r["member_id"]][1]
               for r, s in zip(rows["messages"], sent, strict=True))
    assert all(int(r["length"]) == len(r["text"]) for r in rows["messages"])


def test_weekdays_are_busier_and_lunch_and_evening_peak(rows: dict[str, list[dict[str, str]]]) -> None:
    per_day = Counter(r["sent_at"][:10] for r in rows["messages"])
    weekday = [n for d, n in per_day.items() if datetime.strptime(d, "%Y-%m-%d").weekday() < 5]
    weekend = [n for d, n in per_day.items() if datetime.strptime(d, "%Y-%m-%d").weekday() >= 5]
    assert sum(weekday) / len(weekday) > 1.5 * sum(weekend) / len(weekend)
    hours = Counter(int(r["sent_at"][11:13]) for r in rows["messages"])
    assert hours[12] > 1.5 * hours[10] and hours[12] > 1.5 * hours[15]
    assert hours[20] + hours[21] > 1.5 * (hours[17] + hours[18])
    assert hours[3] < hours[12] / 20


def test_few_heavy_posters_write_most_messages(rows: dict[str, list[dict[str, str]]]) -> None:
    per_member = sorted(Counter(r["member_id"] for r in rows["messages"]).values(), reverse=True)
    top = per_member[: max(1, len(per_member) // 10)]
    assert sum(top) > 0.4 * sum(per_member)
    lurkers = {r["member_id"] for r in rows["members"]} - {r["member_id"] for r in rows["messages"]}
    assert len(lurkers) >= 0.2 * len(rows["members"])


def test_questions_get_answers_but_not_all(rows: dict[str, list[dict[str, str]]]) -> None:
    messages = rows["messages"]
    position = {r["message_id"]: i for i, r in enumerate(messages)}
    replies = [r for r in messages if r["reply_to"]]
    assert all(position[r["reply_to"]] < position[r["message_id"]] for r in replies)
    assert 0.05 < len(replies) / len(messages) < 0.5
    questions = {r["message_id"] for r in messages if "？" in r["text"] and not r["reply_to"]}
    answered = questions & {r["reply_to"] for r in replies}
    assert len(questions) > 200
    assert 0.5 < len(answered) / len(questions) < 0.95


def test_ads_come_from_a_few_repeat_offenders(rows: dict[str, list[dict[str, str]]]) -> None:
    """METRICS.md moderation: the ads rule's words, or a link outside the client's allowed_domains."""
    patterns = [re.compile(p) for rule in Profile(name="x").rules if rule.name == "ads" for p in rule.patterns]
    allowed = demo.demo_profile().allowed_domains

    def is_ad(text: str) -> bool:
        hosts = re.findall(r"https?://([^/\s]+)", text)
        return any(p.search(text) for p in patterns) or any(h not in allowed for h in hosts)

    offenders = Counter(r["member_id"] for r in rows["messages"] if is_ad(r["text"]))
    assert 2 <= len(offenders) <= 3 and all(n >= 2 for n in offenders.values())


def test_events_have_attendance_and_uneven_feedback(rows: dict[str, list[dict[str, str]]]) -> None:
    attendance = rows["attendance"]
    walk_ins = [r for r in attendance if r["attended"] == "true" and r["registered"] == "false"]
    no_shows = [r for r in attendance if r["attended"] == "false" and r["registered"] == "true"]
    assert walk_ins and no_shows
    assert all(r["minutes"] == "" for r in no_shows) and all(r["minutes"] for r in walk_ins)
    responses = Counter(r["event_id"] for r in rows["feedback"])
    assert any(n < 5 for n in responses.values()) and any(n >= 10 for n in responses.values())
    assert any(r["satisfaction"] == "" for r in rows["feedback"])
    assert any(r["comment"] for r in rows["feedback"])
    october = [r["event_id"] for r in rows["events"] if r["starts_at"].startswith(demo.DEMO_PERIOD)]
    assert len(october) >= 3


def test_video_draws_more_attention_than_audio(rows: dict[str, list[dict[str, str]]]) -> None:
    fmt = {r["content_id"]: r["format"] for r in rows["content"]}
    items = Counter(fmt.values())
    viewers = Counter(fmt[r["content_id"]] for r in {(r["content_id"], r["member_id"]): r
                                                     for r in rows["interactions"] if r["action"] == "view"}.values())
    per_item = {f: viewers[f] / items[f] for f in items}
    assert per_item["video"] > 2 * per_item["audio"]


@pytest.mark.slow  # two full imports (~3 s each) and one metrics run
def test_build_imports_every_file_and_rebuilding_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from workbook import paths, store

    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WORKBOOK_REPORTS_DIR", str(tmp_path / "reports"))
    monkeypatch.delenv("WORKBOOK_DB_URL", raising=False)
    assert demo.main(with_report=False) == 0
    assert str(paths.client_dir("demo")) in capsys.readouterr().out
    incoming = paths.client_dir("demo") / "incoming"
    # Every table the demo has no file for (quiz results, points adjustments …) stays empty.
    expected = {table: 0 for table in store.SA_TABLES} | {kind: len(read_rows(incoming / f"{kind}.csv"))
                                                          for kind in KINDS}
    assert store.table_counts(store.engine("demo"), "demo") == expected
    demo.build()
    assert store.table_counts(store.engine("demo"), "demo") == expected
    assert paths.profile_path("demo").exists()


def test_a_failed_import_makes_main_fail_and_name_the_problem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from workbook import importer
    from workbook.ingest.base import Problem

    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("WORKBOOK_DB_URL", raising=False)

    def refuse(client: str, kind: str, file: str | Path, **_: object) -> importer.ImportResult:
        return importer.ImportResult(file=str(file), kind=kind, fmt="csv",
                                     problems=[Problem(str(file), 2, "joined_at", "cannot read 'x'")])

    monkeypatch.setattr(importer, "import_file", refuse)
    assert demo.main(with_report=False) == 1
    assert "members.csv:2:joined_at: cannot read 'x'" in capsys.readouterr().err
