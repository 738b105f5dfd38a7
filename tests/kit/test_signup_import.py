"""问卷星 / 腾讯问卷 sign-up exports → applicants: questions of the generated questionnaire mapped without
configuration, answers read as rubric levels, bad rows named file:row:column in the client's language."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.kit.fixture_profile import kit_profile
from workbook import store
from workbook.clients import init_client
from workbook.importer import import_file
from workbook.kit.questionnaire import questions
from workbook.profile import load_profile, save_profile

WJX_FIXED = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]


def _client(lang: str, **kit_changes: object) -> str:
    init_client("acme", lang=lang)
    profile = kit_profile()
    profile.language = lang  # type: ignore[assignment]
    if kit_changes:
        profile.kit = profile.kit.model_copy(update=kit_changes)
    save_profile("acme", profile)
    return "acme"


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _wjx_signup(tmp_path: Path) -> Path:
    """Five responses to the generated Chinese questionnaire, numbered as 问卷星 heads its columns.

    Row 2: every answer well formed (motivation `5 · …`, experience by its anchor words 三年以上 = 5).
    Row 3: channel 朋友转发 is not an option (→ other, with a note), motivation a bare 3, experience `1 · …`.
    Row 4: motivation `7 · 很多` is no level. Row 5: submission time 昨天 is no time.
    Row 6: experience 很丰富 is neither a level nor an anchor.
    """
    header = [*WJX_FIXED, *(f"{n}、{q.text}" for n, q in enumerate(questions(kit_profile(), "zh-CN"), start=1))]
    base = ["", "120秒", "微信", "N/A", "1.1.1.1"]
    rows = [
        ["1", "2026/11/20 10:00:00", *base[1:], "张三", "E1", "销售一部", "内部通知", "5 · 目标清晰且与业绩挂钩",
         "三年以上", "想提升签单率"],
        ["2", "2026/11/20 11:30:00", *base[1:], "李四", "", "销售二部", "朋友转发", "3", "1 · 不到一年", ""],
        ["3", "2026/11/21 09:00:00", *base[1:], "王五", "", "销售一部", "内部推荐", "7 · 很多", "5 · 三年以上", ""],
        ["4", "昨天", *base[1:], "赵六", "", "市场部", "内部通知", "3", "1", ""],
        ["5", "2026/11/21 12:00:00", *base[1:], "钱七", "", "市场部", "内部通知", "3", "很丰富", ""],
    ]
    return _write(tmp_path / "报名.csv", header, rows)


def test_bad_rows_named_in_chinese_and_nothing_written(tmp_path: Path) -> None:
    client = _client("zh-CN")
    path = _wjx_signup(tmp_path)
    result = import_file(client, "applicants", path)
    assert not result.ok and result.fmt == "wjx"
    assert [str(p) for p in result.problems] == [
        f"{path}:4:5、学习动机：以下哪一项最符合您的情况？: “7 · 很多”不是该评分项的等级（应为 1–5，或选项：随便看看 / "
        "有明确目标 / 目标清晰且与业绩挂钩）",
        f"{path}:5:提交答卷时间: {result.problems[1].reason}",
        f"{path}:6:6、销售经验：以下哪一项最符合您的情况？: “很丰富”不是该评分项的等级（应为 1–5，或选项："
        "不到一年 / 三年以上）",
    ]
    assert "昨天" in result.problems[1].reason
    assert store.read_table(store.engine(client), client, "applicants").empty


def test_good_rows_land_as_applicants_with_rubric_scores(tmp_path: Path) -> None:
    client = _client("zh-CN")
    result = import_file(client, "applicants", _wjx_signup(tmp_path), skip_bad_rows=True)
    assert result.ok and result.counts == {"applicants": 2}
    assert any("朋友转发" in note for note in result.notes)
    rows = store.read_table(store.engine(client), client, "applicants").sort_values("applicant_id")
    # 2026/11/20 10:00 in Asia/Shanghai; the key is the tool, the local submission time and 问卷星's 序号.
    assert rows["applicant_id"].tolist() == ["wjx-20261120100000-1", "wjx-20261120113000-2"]
    assert rows["name"].tolist() == ["张三", "李四"]
    assert rows["member_id"].tolist() == ["E1", None]
    assert rows["source_channel"].tolist() == ["internal_notice", "other"]
    assert rows["scores"].tolist() == [{"motivation": 5.0, "experience": 5.0}, {"motivation": 3.0, "experience": 1.0}]
    assert rows["answers"].tolist() == ["想提升签单率", None]
    assert str(rows["applied_at"].iloc[0]) == "2026-11-20 02:00:00+00:00"
    # Importing the same export again changes nothing (same keys, same values).
    again = import_file(client, "applicants", _wjx_signup(tmp_path), skip_bad_rows=True)
    assert again.counts == {"applicants": 2}
    assert store.read_table(store.engine(client), client, "applicants")["version"].tolist() == [1, 1]


def test_tencent_export_in_english_with_a_mapping_of_the_clients_own(tmp_path: Path) -> None:
    client = _client("en", signup_mapping={"How long have you sold": "score_experience", "Team": "department"})
    header = ["编号", "开始答题时间", "结束答题时间", "答题时长", "Q1:Your name", "Q2:Team",
              "Q3:Where did you hear about 星火学习社群?", "Q4:Motivation: which of these fits you best?",
              "Q5:How long have you sold?", "Q6:Anything else?"]
    rows = [["7", "2026-11-20 10:00:00", "2026-11-20 10:03:00", "180秒", "Ann", "Key accounts", "Referral",
             "5 · Clear goal tied to results", "Under a year", "hello"],
            ["8", "2026-11-20 10:05:00", "2026-11-20 10:09:00", "240秒", "Bo", "SMB", "Internal notice", "six",
             "5", ""]]
    path = _write(tmp_path / "signup.csv", header, rows)
    result = import_file(client, "applicants", path)
    assert result.fmt == "tencent_survey"
    assert [(p.row, p.column, p.reason) for p in result.problems] == [
        (3, "Q4:Motivation: which of these fits you best?",
         '"six" is not a level of this criterion (1–5, or one of: Just browsing / Has a goal / Clear goal tied to '
         'results)')]
    landed = import_file(client, "applicants", path, skip_bad_rows=True)
    assert landed.counts == {"applicants": 1}
    assert "Q6:Anything else?" in " ".join(landed.notes)
    row = store.read_table(store.engine(client), client, "applicants").iloc[0]
    assert (row["applicant_id"], row["department"], row["source_channel"], row["scores"]) == (
        "tencent_survey-20261120100300-7", "Key accounts", "referral", {"motivation": 5.0, "experience": 1.0})


def test_a_mapping_to_an_unknown_criterion_refuses_the_file(tmp_path: Path) -> None:
    client = _client("en", signup_mapping={"Budget": "score_budget"})
    path = _wjx_signup(tmp_path)
    result = import_file(client, "applicants", path)
    assert [(p.column, p.reason) for p in result.problems] == [
        ("kit.signup_mapping", "score_budget in the sign-up mapping is not a screening criterion (criteria: "
                               "experience, motivation)")]


def test_a_survey_without_a_name_question_is_refused(tmp_path: Path) -> None:
    client = _client("zh-CN")
    path = _write(tmp_path / "x.csv", [*WJX_FIXED, "1、您的年龄"],
                  [["1", "2026/11/20 10:00", "1", "2", "3", "4", "30"]])
    result = import_file(client, "applicants", path, fmt="wjx")
    assert [(p.row, p.column) for p in result.problems] == [(1, "name")]
    assert "kit.signup_mapping" in result.problems[0].reason and "1、您的年龄" in result.problems[0].reason


@pytest.mark.parametrize("mapping", [{"x": "salary"}])
def test_profile_refuses_a_mapping_to_no_applicant_field(mapping: dict[str, str]) -> None:
    from workbook.profile import ProfileError, parse_profile

    with pytest.raises(ProfileError) as info:
        parse_profile({"name": "x", "kit": {"signup_mapping": mapping}})
    assert "kit.signup_mapping" in str(info.value) and "salary" in str(info.value)
    assert load_profile  # the loader reads the same model


def test_the_real_wjx_sample_is_no_sign_up_form_and_says_so() -> None:
    from tests.ingest.helpers import realdata

    client = _client("en")
    result = import_file(client, "applicants", realdata() / "wenjuanxing" / "[问卷星数据]800_800_0.xls")
    assert [(p.row, p.column) for p in result.problems] == [(1, "name")]
    assert "1、手机部数, 2、手机价格" in result.problems[0].reason
    assert store.read_table(store.engine(client), client, "applicants").empty


def test_the_import_command_prints_each_bad_answer_and_exits_2(tmp_path: Path) -> None:
    from tests.ingest.helpers import run_cli

    _client("zh-CN")
    path = _wjx_signup(tmp_path)
    code, out, err = run_cli("import", "acme", "applicants", str(path))
    lines = (out + err).splitlines()
    assert code == 2
    question = "5、学习动机：以下哪一项最符合您的情况？"
    assert f"{path}:4:{question}: “7 · 很多”不是该评分项的等级（应为 1–5，或选项：随便看看 / 有明确目标 / " \
           "目标清晰且与业绩挂钩）" in lines
    code, out, err = run_cli("import", "acme", "applicants", str(path), "--skip-bad-rows")
    assert code == 0 and "applicants 2" in out
