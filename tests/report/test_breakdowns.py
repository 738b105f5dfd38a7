"""Cross-filter groups and their chart tables (workbook.report.breakdowns) on small frames worked out by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.report.conftest import CLIENT
from workbook import charts, store
from workbook.i18n import t
from workbook.periods import parse
from workbook.profile import load_profile
from workbook.report import breakdowns, tables
from workbook.report import notebook as nb
from workbook.report.breakdowns import ALL, CHANNEL, DEPARTMENT, FORMAT

# p1…p8 members of October (min_group_size 5, heavy from 10 messages), s1 staff, p9 left in September.
# All messages at 11:00 Shanghai (03:00 UTC).
#   general: p1 on Fri 10-02 and Sat 10-03, p2…p6 on 10-02, p9 on 10-02 (not a member of October)
#            → 6 distinct posters of the period: published on its own
#   sales:   p1, p2, p3 on Mon 10-05 → 3;  data: p4, p7 on 10-05 → 2;  small, merged: "other" = sales + data,
#            5 distinct posters (p1 p2 p3 p4 p7) → published
#   notices: s1 only (staff) → no poster, in no group
# p8 posted nowhere but read content on 10-06: active in All's weekly figures, in no channel's.
MEMBERS = [{"member_id": f"p{i}", "display_name": f"p{i}", "department": "ops", "is_staff": False,
            "joined_at": "2026-09-01T02:00:00Z"} for i in range(1, 9)] + [
    {"member_id": "p9", "display_name": "p9", "department": "ops", "is_staff": False,
     "joined_at": "2026-08-01T02:00:00Z", "left_at": "2026-09-20T02:00:00Z"},
    {"member_id": "s1", "display_name": "s1", "is_staff": True, "joined_at": "2026-08-01T02:00:00Z"}]


def _message(n: int, member: str, day: str, channel: str) -> dict[str, Any]:
    return {"message_id": f"y{n}", "member_id": member, "sent_at": f"2026-10-{day}T03:00:00Z", "kind": "text",
            "channel": channel}


POSTS = [("p1", "02", "general"), ("p1", "03", "general"), *((f"p{i}", "02", "general") for i in range(2, 7)),
         ("p9", "02", "general"), ("p1", "05", "sales"), ("p2", "05", "sales"), ("p3", "05", "sales"),
         ("p4", "05", "data"), ("p7", "05", "data"), ("s1", "05", "notices")]
MESSAGES = [_message(n, *post) for n, post in enumerate(POSTS)]

# c1, c2 text and c3 video published in October, c4 audio in September; a document slot due 10-20, missed.
# Views in October: c1 by p1 and p2 (and p1 again), c3 by p3; p1 likes c1. 8 members → c1 attention 2/8.
CONTENT = [{"content_id": "c1", "title": "T1", "kind": "case_study", "format": "text",
            "published_at": "2026-10-02T01:00:00Z", "member_generated": False},
           {"content_id": "c2", "title": "T2", "kind": "courseware", "format": "text",
            "published_at": "2026-10-04T01:00:00Z", "member_generated": True},
           {"content_id": "c3", "title": "V1", "kind": "video", "format": "video",
            "published_at": "2026-10-03T01:00:00Z", "member_generated": False},
           {"content_id": "c4", "title": "A1", "kind": "courseware", "format": "audio",
            "published_at": "2026-09-03T01:00:00Z", "member_generated": False}]
INTERACTIONS = [{"content_id": "c1", "member_id": "p1", "at": "2026-10-06T01:00:00Z", "action": "view"},
                {"content_id": "c1", "member_id": "p1", "at": "2026-10-07T01:00:00Z", "action": "view"},
                {"content_id": "c1", "member_id": "p2", "at": "2026-10-06T01:00:00Z", "action": "view"},
                {"content_id": "c1", "member_id": "p1", "at": "2026-10-06T01:05:00Z", "action": "like"},
                {"content_id": "c3", "member_id": "p3", "at": "2026-10-06T01:00:00Z", "action": "view"},
                {"content_id": "c4", "member_id": "p8", "at": "2026-10-06T01:00:00Z", "action": "view"}]
PLAN = [{"slot_id": "s1", "due": "2026-10-20", "kind": "case_study", "format": "document", "topic": "x",
         "owner": "s1", "status": "planned"}]
RECORDS = {"members": MEMBERS, "messages": MESSAGES, "content": CONTENT, "interactions": INTERACTIONS,
           "content_plan": PLAN}


@pytest.fixture
def profile(workspace: Path) -> Any:
    return load_profile(CLIENT)


@pytest.fixture
def october(profile: Any) -> Any:
    return parse("2026-10", profile.timezone)


def _frames(**changes: list[dict[str, Any]]) -> Any:
    return store.frames_from_records(**{**RECORDS, **changes})


def test_a_channel_is_published_by_its_distinct_posters_and_small_ones_fold_into_other(
        profile: Any, october: Any) -> None:
    assert breakdowns.published_channels(_frames(), profile, october) == {
        "general": {"general"}, "other": {"sales", "data"}}


def test_other_counts_a_member_posting_in_two_small_channels_once(profile: Any, october: Any) -> None:
    # data now p1, p2: sales + data are 5 (channel, poster) pairs but 3 people → "other" stays unpublished
    posts = [m if m["channel"] != "data" else {**m, "member_id": {"p4": "p1", "p7": "p2"}[m["member_id"]]}
             for m in MESSAGES]
    assert breakdowns.published_channels(_frames(messages=posts), profile, october) == {"general": {"general"}}


def test_channel_tables_count_each_groups_messages_with_the_metrics_own_functions(
        profile: Any, october: Any) -> None:
    computed = breakdowns.compute(_frames(), profile, october)
    daily = computed[f"{CHANNEL}-daily_posters"]
    assert list(dict.fromkeys(daily[CHANNEL])) == [ALL, "general", "other"]
    posters = {(g, d.day): n for g, d, n in zip(daily[CHANNEL], daily["date"], daily["posters"], strict=True) if n}
    # p9 left in September: not a member of October, in no figure
    assert posters == {(ALL, 2): 6, (ALL, 3): 1, (ALL, 5): 5, ("general", 2): 6, ("general", 3): 1, ("other", 5): 5}

    tiers = computed[f"{CHANNEL}-tiers"].set_index([CHANNEL, "tier"])["members"]
    # general: p1 2 messages, p2…p6 1 each, p7 p8 none; other: p1 p2 p3 p4 p7 one each; everyone: p1 3 messages
    assert tiers.loc["general"].to_dict() == {"lurkers": 2, "contributors": 6, "heavy": 0}
    assert tiers.loc["other"].to_dict() == {"lurkers": 3, "contributors": 5, "heavy": 0}
    assert tiers.loc[ALL].to_dict() == {"lurkers": 1, "contributors": 7, "heavy": 0}

    heat = computed[f"{CHANNEL}-posting_heatmap"]
    busy = {(g, w, h): n for g, w, h, n in heat[[CHANNEL, "weekday", "hour", "messages"]].itertuples(index=False)
            if n}
    # Friday 4, Saturday 5, Monday 0 at 11:00: every non-staff message (p9's too, METRICS heat map); s1's
    # notice is staff: in no engagement figure
    assert busy == {(ALL, 4, 11): 7, (ALL, 5, 11): 1, (ALL, 0, 11): 5,
                    ("general", 4, 11): 7, ("general", 5, 11): 1, ("other", 0, 11): 5}

    weekly = computed[f"{CHANNEL}-weekly_active"]
    active = {(g, str(w)): n for g, w, n in zip(weekly[CHANNEL], weekly["week_start"], weekly["active_members"],
                                                strict=True) if n}
    # every non-staff member active that week (p9 too, as the metric counts); everyone's week of 10-05 adds p8
    # (read content) to the 5 posters, a channel counts its posters only
    assert active == {(ALL, "2026-09-28"): 7, (ALL, "2026-10-05"): 6, ("general", "2026-09-28"): 7,
                      ("other", "2026-10-05"): 5}


def test_one_channel_offers_no_choice(profile: Any, october: Any) -> None:
    posts = [{**m, "channel": "general"} for m in MESSAGES]
    computed = breakdowns.compute(_frames(messages=posts), profile, october)
    assert breakdowns.published_channels(_frames(messages=posts), profile, october) == {"general": {"general"}}
    assert all(set(computed[f"{CHANNEL}-{t}"][CHANNEL]) == {ALL} for t in breakdowns.ENGAGEMENT_TABLES)
    # one department (ops: every member) is everyone too
    assert all(set(computed[f"{DEPARTMENT}-{t}"][DEPARTMENT]) == {ALL} for t in breakdowns.ENGAGEMENT_TABLES)


def test_format_tables_hold_each_formats_items_reads_and_slots(profile: Any, october: Any) -> None:
    computed = breakdowns.compute(_frames(), profile, october)
    items = computed[f"{FORMAT}-content_items"]
    # formats of October's items; audio was published in September, the document slot has no item
    assert list(dict.fromkeys(items[FORMAT])) == [ALL, "text", "video"]
    text = items.loc[items[FORMAT] == "text"].set_index("content_id")
    assert text[["views", "unique_viewers", "reactions"]].to_dict("index") == {
        "c1": {"views": 3, "unique_viewers": 2, "reactions": 1}, "c2": {"views": 0, "unique_viewers": 0,
                                                                      "reactions": 0}}
    assert text.at["c1", "attention"] == pytest.approx(2 / 8)  # attention over every member of the period
    assert items.loc[items[FORMAT] == "video", "content_id"].tolist() == ["c3"]

    kinds = computed[f"{FORMAT}-content_kinds"].set_index([FORMAT, "kind"])["items"]
    assert {k: n for k, n in kinds.loc["text"].items() if n} == {"case_study": 1, "courseware": 1}
    assert {k: n for k, n in kinds.loc["video"].items() if n} == {"video": 1}

    calendar = computed[f"{FORMAT}-content_calendar"]
    status = {(g, c): s for g, c, s in calendar[[FORMAT, "content_id", "calendar_status"]].itertuples(index=False)}
    assert status == {(ALL, "c1"): "unplanned", (ALL, "c2"): "unplanned", (ALL, "c3"): "unplanned",
                      (ALL, None): "missed", ("text", "c1"): "unplanned", ("text", "c2"): "unplanned",
                      ("video", "c3"): "unplanned"}


def test_one_format_offers_no_choice(profile: Any, october: Any) -> None:
    content = [{**c, "format": "text"} for c in CONTENT]
    computed = breakdowns.compute(_frames(content=content), profile, october)
    assert all(set(computed[f"{FORMAT}-{t}"][FORMAT]) == {ALL} for t in breakdowns.CONTENT_TABLES)


def _write(client: str, records: dict[str, list[dict[str, Any]]]) -> None:
    from tests.report.conftest import _missing, _plain

    eng = store.engine(client)
    frames = store.frames_from_records(**records)
    with store.transaction(eng) as conn:
        for name in records:
            frame = getattr(frames, name).drop(columns=["version"])
            store.upsert_rows(conn, name, [{k: (None if _missing(v) else _plain(v)) for k, v in row.items()}
                                           | {"client": client} for row in frame.to_dict("records")])
        store.bump_revision(conn, client)


def test_a_chart_declares_each_filter_with_a_choice_and_one_filter_applies_at_a_time(
        workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # beside acme's m1 m2 m3 (no department; m1 and m2 posted in October in no channel → "other"): p1…p5 ops,
    # p6…p8 hr; hr's 3 and acme's 3 make "other" of 6, published
    people = [{**m, "department": "ops" if m["member_id"] in {"p1", "p2", "p3", "p4", "p5"} else "hr"}
              for m in MEMBERS if m["member_id"] != "s1"]
    _write(CLIENT, {"members": people, "messages": MESSAGES})
    report = nb.load(CLIENT, "2026-10", "en")
    frame = tables.tiers(report, by=(DEPARTMENT, CHANNEL))
    # everyone, each department with the channel at everyone, each channel with the department at everyone
    assert frame[[DEPARTMENT, CHANNEL]].drop_duplicates().values.tolist() == [
        [ALL, ALL], ["ops", ALL], ["other", ALL], [ALL, "general"], [ALL, "other"]]
    def tiers_of(rows: Any) -> dict[str, int]:
        return {tier: int(n) for tier, n in zip(rows["tier"], rows["members"], strict=True)}

    def named(lurkers: int, contributors: int, heavy: int) -> dict[str, int]:
        return {t(f"report.value.tier.{k}", "en"): n for k, n in
                (("lurkers", lurkers), ("contributors", contributors), ("heavy", heavy))}

    # ops p1…p5 posted 3, 2, 2, 2, 1 times in all channels; in general, of the 11 members of October (m1 m2 m3,
    # p1…p8), p1 posted twice and p2…p6 once
    assert tiers_of(frame.loc[frame[DEPARTMENT] == "ops"]) == named(0, 5, 0)
    assert tiers_of(frame.loc[frame[CHANNEL] == "general"]) == named(5, 6, 0)

    shown: list[tuple[Any, Any]] = []
    monkeypatch.setattr(nb, "show", lambda drawn, table=None, caption=None, static=None: shown.append(
        (drawn, table)))
    nb.chart(report, frame, lambda f: charts.bar(f, "tiers", "tier", "members", "en"))
    [(spec, table)] = shown
    department, channel = spec["usermeta"]["wb_filter"]
    assert (department["param"], department["label"], channel["param"], channel["label"]) == (
        DEPARTMENT, "Department", CHANNEL, "Channel")
    assert [o["value"] for o in channel["options"]] == [ALL, "general", "other"]
    assert [o["label"] for o in channel["options"]] == ["All", "general", "Other"]
    assert channel["note"] == " ".join([t("report.explore.filter.channel_note", "en", n=5),
                                        t("report.explore.filter.one_at_a_time", "en")])
    assert {"name": DEPARTMENT, "value": ALL} in spec["params"] and {"name": CHANNEL, "value": ALL} in spec["params"]
    # the table alternative shows everyone: 11 members of October
    assert table.iloc[:, 1].astype(int).sum() == 11


def test_a_chart_of_many_groups_is_drawn_with_every_groups_rows(workspace: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 + 30 groups × 168 cells = 5,208 rows, over Altair's 5,000-row guard
    report = nb.load(CLIENT, "2026-10", "en")
    groups = [ALL, *(f"c{i:02d}" for i in range(30))]
    cells = pd.DataFrame([{"weekday": "Mon", "weekday_no": d, "hour": h, "messages": 1, CHANNEL: g}
                          for g in groups for d in range(7) for h in range(24)])
    shown: list[Any] = []
    monkeypatch.setattr(nb, "show", lambda drawn, **kwargs: shown.append(drawn))
    nb.chart(report, cells, lambda f: charts.heat_map(f, "en"))
    [spec] = shown
    [rows] = spec["datasets"].values()
    assert len(rows) == len(cells) and len(spec["usermeta"]["wb_filter"][0]["options"]) == 31
