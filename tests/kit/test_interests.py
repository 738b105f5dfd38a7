"""Interest survey: imported from 问卷星 (both the text and the numeric download of the same 800 real answers give
the same picks), ranked, read as formats and event kinds, and turned into suggested content-plan slots."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tests.ingest.helpers import realdata
from workbook import store
from workbook.clients import init_client
from workbook.importer import import_file
from workbook.kit.interests import Ranked, event_kinds, rank, suggestions, weekday
from workbook.profile import Profile, load_profile, save_profile

REAL_MAPPING = {"兴趣爱好": "topics", "第6题": "topics", "关注资讯": "formats", "第8题": "formats"}

# Five responses, worked by hand:
# topics: 销售技巧 ×4 (r1 r2 r3 r5), 谈判 ×3 (r1 r3 r4), 产品知识 ×1 (r2); r4 lists 谈判 once though written twice
#   → 销售技巧 4/5 = 0.8, 谈判 3/5 = 0.6, 产品知识 1/5 = 0.2.
# formats (r5 answered none, so shares are over 4): 视频课程 ×3, 直播讲座 ×2, 线下工作坊 ×2, 图文案例 ×1
#   → the first format naming a content format is 视频课程 (video, kind video); event kinds: live_lecture 2,
#   workshop 2 (tie, by name).
# times: 周三晚上 ×3, 周五中午 ×1 → Wednesday first, then Friday.
RESPONSES = [
    {"response_id": "r1", "topics": ["销售技巧", "谈判"], "formats": ["视频课程", "直播讲座"], "times": ["周三晚上"]},
    {"response_id": "r2", "topics": ["销售技巧", "产品知识"], "formats": ["视频课程"], "times": ["周三晚上"]},
    {"response_id": "r3", "topics": ["谈判", "销售技巧"], "formats": ["线下工作坊", "图文案例"], "times": ["周五中午"]},
    {"response_id": "r4", "topics": ["谈判", "谈判"], "formats": ["视频课程", "直播讲座", "线下工作坊"], "times": []},
    {"response_id": "r5", "topics": ["销售技巧"], "formats": [], "times": ["周三晚上"]},
]


def _frame() -> pd.DataFrame:
    return pd.DataFrame(RESPONSES)


def test_ranking_by_hand() -> None:
    assert rank(_frame(), "topics") == [Ranked("销售技巧", 4, 0.8), Ranked("谈判", 3, 0.6), Ranked("产品知识", 1, 0.2)]
    assert rank(_frame(), "formats") == [Ranked("视频课程", 3, 0.75), Ranked("直播讲座", 2, 0.5),
                                         Ranked("线下工作坊", 2, 0.5), Ranked("图文案例", 1, 0.25)]
    assert event_kinds(rank(_frame(), "formats")) == [("live_lecture", 2), ("workshop", 2)]
    assert [weekday(x) for x in ("周三晚上", "Friday lunch", "星期日", "mornings")] == [2, 4, 6, None]


def test_suggested_slots_by_hand() -> None:
    # Wednesday is the most wanted day: the top three topics on November 2026's first three Wednesdays.
    found = suggestions(_frame(), Profile(name="t"), date(2026, 11, 1), date(2026, 11, 30), "zh-CN")
    assert [(s.due, s.topic, s.kind, s.format) for s in found] == [
        (date(2026, 11, 4), "销售技巧", "video", "video"), (date(2026, 11, 11), "谈判", "video", "video"),
        (date(2026, 11, 18), "产品知识", "video", "video")]
    assert found[0].reason == "兴趣调查：4 份回答（80%）选了这个主题"
    assert found[0].slot_id == suggestions(_frame(), Profile(name="t"), date(2026, 11, 1), date(2026, 11, 30),
                                           "en")[0].slot_id
    # A one-week period repeats its only day for every topic.
    week = suggestions(_frame(), Profile(name="t"), date(2026, 11, 2), date(2026, 11, 8), "en")
    assert [s.due for s in week] == [date(2026, 11, 4)] * 3
    # Without a wanted day: Mondays (and the first day), here Sun 1, Mon 2 and Mon 9 November.
    no_times = _frame().drop(columns=["times"])
    assert [s.due for s in suggestions(no_times, Profile(name="t"), date(2026, 11, 1), date(2026, 11, 30), "en")] == [
        date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 9)]
    assert suggestions(pd.DataFrame(columns=["topics"]), Profile(name="t"), date(2026, 11, 1), date(2026, 11, 30),
                       "en") == []


@pytest.fixture
def client() -> str:
    init_client("acme", lang="en")
    profile = load_profile("acme")
    profile.kit = profile.kit.model_copy(update={"interest_mapping": REAL_MAPPING})
    save_profile("acme", profile)
    return "acme"


def test_real_wjx_text_and_numeric_downloads_rank_alike(client: str) -> None:
    folder = realdata() / "wenjuanxing"
    numeric = pd.read_excel(folder / "[问卷星数据]800_800_2.xls", engine="calamine")
    ranked = {}
    for name in ("[问卷星数据]800_800_0.xls", "[问卷星数据]800_800_2.xls"):
        result = import_file(client, "interests", folder / name)
        assert result.ok and result.counts == {"interests": 800}, result.problem_lines()
        frame = store.read_table(store.engine(client), client, "interests")
        ranked[name] = (rank(frame, "topics"), rank(frame, "formats"))
    # The numeric download has one 0/1 column per option: its column sums are the hand count of each topic.
    expected = {c[len("第6题("):-1]: int(numeric[c].sum()) for c in numeric.columns if c.startswith("第6题(")}
    expected = {k: v for k, v in expected.items() if v}
    topics, formats = ranked["[问卷星数据]800_800_0.xls"]
    assert {r.option: r.responses for r in topics} == expected
    assert topics == ranked["[问卷星数据]800_800_2.xls"][0]
    assert formats == ranked["[问卷星数据]800_800_2.xls"][1]
    by_count = sorted(expected.items(), key=lambda kv: (-kv[1], kv[0]))
    assert [r.option for r in topics[:3]] == [k for k, _ in by_count[:3]]
    # Response keys: no submission time in the sample, so 问卷星's 序号 alone (the two downloads share them).
    keys = store.read_table(store.engine(client), client, "interests")["response_id"]
    assert sorted(keys)[:2] == ["wjx---1", "wjx---10"] and keys.nunique() == 800


def test_interest_import_needs_a_mapping(tmp_path: Path) -> None:
    init_client("bare", lang="zh-CN")
    result = import_file("bare", "interests", realdata() / "wenjuanxing" / "[问卷星数据]800_800_0.xls")
    assert [(p.column, p.reason) for p in result.problems] == [
        ("kit.interest_mapping", "请先在 client.yaml 的 kit.interest_mapping 中把题目映射到 topics、formats 或 times")]


def test_stored_picks_are_lists(client: str, tmp_path: Path) -> None:
    path = tmp_path / "interest.csv"
    path.write_text("序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、兴趣爱好,2、关注资讯\n"
                    "1,2026/10/1 20:05:11,60秒,微信,N/A,1.1.1.1,运动┋其他【请注明】〖钓鱼〗,财经\n"
                    "2,2026/10/1 20:06:00,60秒,微信,N/A,1.1.1.1,,\n"
                    "3,不是时间,60秒,微信,N/A,1.1.1.1,运动,\n", encoding="utf-8")
    result = import_file(client, "interests", path, skip_bad_rows=True)
    assert [(p.row, p.column) for p in result.problems] == [(4, "提交答卷时间")]
    # The refused answer never became a row: the rejects file still names it and says why.
    assert result.rejected_file is not None
    assert result.rejected_file.read_text(encoding="utf-8-sig").splitlines() == [
        "row,problems", "4,提交答卷时间: cannot read '不是时间' as a date and time"]
    rows = store.read_table(store.engine(client), client, "interests").sort_values("response_id")
    assert rows["topics"].tolist() == [["运动", "其他【请注明】"], []]
    assert json.loads(json.dumps(rows["formats"].tolist())) == [["财经"], []]


def test_tencent_export_with_one_column_per_option(client: str, tmp_path: Path) -> None:
    profile = load_profile(client)
    profile.kit = profile.kit.model_copy(update={"interest_mapping": {"想学的主题": "topics", "喜欢的形式": "formats",
                                                                      "工号": "member_id"}})
    save_profile(client, profile)
    path = tmp_path / "tencent.csv"
    # Row 2 picks 谈判 and 视频 (an option column holds its text, or 1, when picked); row 3 picks 销售技巧 only.
    path.write_text("编号,开始答题时间,结束答题时间,答题时长,Q1:工号,Q2:想学的主题:谈判,Q2:想学的主题:销售技巧,"
                    "Q3:喜欢的形式(多选)\n"
                    "11,2026-10-01 20:00:00,2026-10-01 20:02:00,120秒,E7,谈判,,视频|直播\n"
                    "12,2026-10-01 20:05:00,2026-10-01 20:06:00,60秒,,0,1,\n", encoding="utf-8")
    result = import_file(client, "interests", path)
    assert result.ok and result.fmt == "tencent_survey", result.problem_lines()
    rows = store.read_table(store.engine(client), client, "interests").sort_values("response_id")
    assert rows["response_id"].tolist() == ["tencent_survey-20261001200200-11", "tencent_survey-20261001200600-12"]
    assert rows["member_id"].tolist() == ["E7", None]
    assert rows["topics"].tolist() == [["谈判"], ["销售技巧"]]
    assert rows["formats"].tolist() == [["视频", "直播"], []]
