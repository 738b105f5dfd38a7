"""The events chapter's quiz section and the winners post, on the quiz community of test_quizzes.py (figures
worked out there): October's quizzes POST (4 members, mean 0.825, median 0.9, pass 3/4, top m5, m3, m1), PRE
(m3's 16/20 on 10-01: 1 member, 0.8, pass 1/1), Q0 (staff only: nobody) and Q1 (4 members, mean 0.7, median
0.75, pass 3/4, top m2, m1, m3; q_b 1/3 right, q_a 1/2: q_b is the harder); PRE → POST: 3 members, +0.2.
Members m3 and m9 did not agree to be named (tests/metrics/conftest.py), so the post shows m3 by id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.metrics.conftest import TZ
from tests.metrics.test_quizzes import MEMBERS, RESULTS
from workbook import periods
from workbook.metrics import compute, series
from workbook.posts import winners
from workbook.profile import Privacy, Profile, Quiz
from workbook.report import event_sections
from workbook.store import Frames, frames_from_records


@pytest.fixture
def frames() -> Frames:
    return frames_from_records(members=MEMBERS, quiz_results=RESULTS)


@pytest.fixture
def profile() -> Profile:
    return Profile(name="quizzes", timezone=TZ, quiz=Quiz(pairs=[("PRE", "POST"), ("Q1", "NEVER")]))


@pytest.fixture
def document(frames: Frames, profile: Profile) -> dict[str, Any]:
    return compute(frames, profile, periods.parse("2026-10", TZ))


def test_quiz_tables_by_hand(document: dict[str, Any]) -> None:
    quizzes = event_sections.quiz_table(document).set_index("quiz_id")
    assert list(quizzes.index) == ["POST", "PRE", "Q0", "Q1"]
    assert quizzes.loc["Q1"].tolist() == [4, 0.7, 0.75, 0.75]
    assert quizzes.loc["POST"].tolist() == pytest.approx([4, 0.825, 0.9, 0.75])
    assert quizzes.loc["PRE"].tolist() == [1, 0.8, 0.8, 1.0]
    assert quizzes.loc["Q0", "participants"] == 0 and quizzes.loc["Q0", ["mean_pct", "pass_rate"]].isna().all()
    items = event_sections.item_table(document)
    assert items.values.tolist() == [["Q1", "q_b", pytest.approx(1 / 3)], ["Q1", "q_a", 0.5]]
    pairs = event_sections.pre_post_table(document)
    assert pairs.iloc[0].tolist() == ["PRE", "POST", 3, pytest.approx(0.2)]
    assert pairs.iloc[1, :3].tolist() == ["Q1", "NEVER", 0] and pd.isna(pairs.iloc[1, 3])


def test_tables_as_readers_see_them_in_both_languages(document: dict[str, Any]) -> None:
    zh = event_sections.written(event_sections.quiz_table(document), "zh-CN")
    assert list(zh.columns) == ["测验", "参加人数", "平均得分", "得分中位数", "通过率"]
    assert zh.iloc[0].tolist() == ["POST", 4, "82.5%", "90%", "75%"]
    assert zh.iloc[2].tolist() == ["Q0", 0, "—", "—", "—"]
    en = event_sections.written(event_sections.pre_post_table(document), "en")
    assert list(en.columns) == ["Before (pre)", "After (post)", "Members with both", "Mean change"]
    assert en.iloc[0].tolist() == ["PRE", "POST", 3, "+20.0 pts"] and en.iloc[1, 3] == "—"
    assert event_sections.written(event_sections.pre_post_table(document), "zh-CN").iloc[0, 3] == "+20.0 个百分点"
    items = event_sections.written(event_sections.item_table(document), "en")
    assert items.values.tolist() == [["Q1", "q_b", "33.3%"], ["Q1", "q_a", "50%"]]


EN_POST = """Quiz winners · 2026-10
POST: #1 Name m5, #2 m3, #3 Name m1 (4 took part, average 82.5%, 75% passed)
PRE: #1 m3 (1 took part, average 80%, 100% passed)
Q1: #1 Name m2, #2 Name m1, #3 m3 (4 took part, average 70%, 75% passed)
Congratulations, and thank you to everyone who took part! Members who have not agreed to be named are shown by \
their id."""
ZH_POST = """【知识竞赛获奖名单】2026-10
【POST】第1名 Name m5、第2名 m3、第3名 Name m1（共 4 人参加，平均得分 82.5%，通过率 75%）
【PRE】第1名 m3（共 1 人参加，平均得分 80%，通过率 100%）
【Q1】第1名 Name m2、第2名 Name m1、第3名 m3（共 4 人参加，平均得分 70%，通过率 75%）
恭喜以上成员，也感谢每一位参与的伙伴！未同意公开姓名的成员以编号显示。"""


@pytest.mark.parametrize(("lang", "expected"), [("en", EN_POST), ("zh-CN", ZH_POST)])
def test_winners_post_pinned_names_only_with_consent(document: dict[str, Any], frames: Frames, profile: Profile,
                                                     lang: str, expected: str) -> None:
    names = winners.publishable_names(series.people(frames, profile), profile.privacy.pseudonymise, lang)
    assert winners.winners_text(document, names, lang) == expected


def test_pseudonymised_client_posts_no_names_and_an_empty_period_says_so(frames: Frames) -> None:
    hidden = Profile(name="quizzes", timezone=TZ, privacy=Privacy(pseudonymise=True))
    document = compute(frames, hidden, periods.parse("2026-10", TZ))
    for lang, word in (("zh-CN", "匿名"), ("en", "anonymous")):
        text = winners.winners_text(document, winners.publishable_names(series.people(frames, hidden), True, lang),
                                    lang)
        assert "Name m" not in text and f"1 {word}" in text.replace("第1名 ", "1 ").replace("#1 ", "1 ")
    december = compute(frames, hidden, periods.parse("2026-12", TZ))
    assert winners.winners_text(december, {}, "en") == "No quiz results this period (2026-12)."
    assert winners.winners_text(december, {}, "zh-CN") == "本周期（2026-12）没有测验成绩。"


def test_post_edited_saved_with_the_client_and_reopened(isolated_dirs: Path) -> None:
    editor = winners.winners_editor("acme", "2026-10", "en", EN_POST)
    assert editor.text.value == EN_POST
    editor.text.value = EN_POST.replace("Congratulations", "Well done")
    editor.save.click()
    assert "Saved." in editor.status.value
    path = isolated_dirs / "data" / "acme" / "posts" / "quiz-winners-2026-10.en.txt"
    assert path.read_text(encoding="utf-8").startswith("Quiz winners · 2026-10") and "Well done" in path.read_text()
    again = winners.winners_editor("acme", "2026-10", "en", EN_POST)
    assert "Well done" in again.text.value
    again.regenerate.click()
    assert again.text.value == EN_POST and "not saved yet" in again.status.value
    assert winners.saved_text("acme", "2026-10", "zh-CN") is None  # each language keeps its own text


@pytest.mark.slow
def test_events_chapter_shows_planning_quiz_sections_and_the_post(isolated_dirs: Path) -> None:
    """04_events through papermill on the pilot client plus a quiz QZ and e1 given 4 places and a cost of 100:
    e1 sign-ups m1, m2 → 50%, attended m1 → no-show m2 = 50%, 100 / 1 = 100.00; QZ m1 9/10, m2 6/10, m3 4/10 →
    3 members, mean 63.3%, median 60%, pass (≥ 60%) 2/3 = 66.7%; q_b right 1/3 (harder) then q_a 2/3; only m1
    agreed to be named."""
    import papermill

    from tests.forms.client import CLIENT, write_client
    from workbook import paths, store

    write_client()
    eng = store.engine(CLIENT)
    results = [{"quiz_id": "QZ", "member_id": m, "attempt": 1, "score": s, "max_score": 10.0,
                "submitted_at": pd.Timestamp("2026-10-15 02:00").to_pydatetime(), "items": items, "client": CLIENT}
               for m, s, items in (("m1", 9.0, '{"a": 1, "b": 1}'), ("m2", 6.0, '{"a": 1, "b": 0}'),
                                   ("m3", 4.0, '{"a": 0, "b": 0}'))]
    with store.transaction(eng) as conn:
        store.upsert_rows(conn, "quiz_results", results)
        conn.execute(store.SA_TABLES["events"].update().values(capacity=4, cost=100.0))
        conn.execute(store.SA_TABLES["members"].update().where(store.SA_TABLES["members"].c.member_id == "m1")
                     .values(consent=True))
        store.bump_revision(conn, CLIENT)
    out = isolated_dirs / "out.ipynb"
    papermill.execute_notebook(str(paths.NOTEBOOKS_DIR / "04_events.ipynb"), str(out), cwd=str(isolated_dirs),
                               parameters={"client": CLIENT, "period": "2026-10", "lang": "zh-CN"},
                               kernel_name="python3", progress_bar=False)
    import nbformat

    shown = "".join(o.get("data", {}).get("text/html", "") for c in nbformat.read(out, as_version=4).cells
                    for o in c.get("outputs", []))
    assert "<h2>报名、名额与费用</h2>" in shown and "报名未到" in shown
    assert "<td>Live: data basics</td>\n      <td>4</td>\n      <td>2</td>\n      <td>50%</td>\n      <td>1</td>\n" \
           "      <td>1</td>\n      <td>50%</td>\n      <td>100.00</td>\n      <td>100.00</td>" in shown
    assert "<td>QZ</td>\n      <td>3</td>\n      <td>63.3%</td>\n      <td>60%</td>\n      <td>66.7%</td>" in shown
    assert shown.index("<td>q_b</td>") < shown.index("<td>q_a</td>")
    assert "还没有配置前测/后测" in shown
    assert "【QZ】第1名 Member 1、第2名 m2、第3名 m3（共 3 人参加，平均得分 63.3%，通过率 66.7%）" in shown
    assert "Member 2" not in shown and "Member 3" not in shown
