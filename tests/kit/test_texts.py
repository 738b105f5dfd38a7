"""Generated texts for a fixture client with every part configured, pinned by content in both languages: every
moderation rule (with the words it checks), admin, duty, channel, rubric criterion and screening question."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.kit.fixture_profile import kit_profile
from workbook.kit.common import sentence
from workbook.kit.notice import LENGTHS, notice
from workbook.kit.questionnaire import default_mapping, questions, to_csv, to_text, write_xlsx
from workbook.kit.rules_text import pattern_words, rules_text
from workbook.kit.welcome import welcome
from workbook.profile import Profile

RULES_ZH = """星火学习社群 群规

1. 我们是谁
每周一个真实客户案例。
我们的价值观：实战、分享

2. 行为准则
1、提问前先搜索
2、案例分享须隐去客户信息

3. 禁止内容
1、禁止广告（系统自动检查的关键词：加微信、promo code）
2、禁止辱骂（系统自动检查的关键词：滚蛋、idiot）
3、禁止违反「leaks」规则的内容（系统自动检查的关键词：客户名单、报价单）
4、外部链接仅限以下网站：docs.qq.com、example.com；其他链接视为广告

4. 违规处理
1、首次提醒
2、再次移出

5. 管理员与职责
1、李静：每日答疑；处理违规
2、Tom：组织直播

6. 群与频道
1、星火-问答：提问和解答
2、星火-案例：每周案例

点燃每一单"""

RULES_EN = """星火学习社群 — community rules

1. Who we are
每周一个真实客户案例。
Our values: 实战, 分享

2. How we behave
1. Search before you ask
2. Anonymise customers in shared cases

3. Not allowed
1. No ads (words checked automatically: 加微信, promo code)
2. No insults (words checked automatically: 滚蛋, idiot)
3. Nothing that breaks the "leaks" rule (words checked automatically: 客户名单, 报价单)
4. Links only to these sites: docs.qq.com, example.com; other links count as advertising

4. What a breach costs
1. First time: a reminder
2. Second time: removed

5. Admins and their duties
1. 李静: Answers questions daily; Handles breaches
2. Tom: Runs the live sessions

6. Groups and channels
1. 星火-问答: Questions and answers
2. 星火-案例: The weekly case

点燃每一单"""

WELCOME_ZH = """@王芳 @Li 欢迎加入星火学习社群！
每周一个真实客户案例。

在这里找到你需要的：
· 星火-问答：提问和解答
· 星火-案例：每周案例

开始的三件事：
1、发一条自我介绍：姓名、部门和你最想学的一件事
2、读一遍群公告里的群规
3、遇到问题直接提问，大家都会帮忙

有任何问题可以找管理员：李静、Tom

点燃每一单"""

WELCOME_EN = """Welcome to 星火学习社群!
每周一个真实客户案例。

Where to find what:
· 星火-问答: Questions and answers
· 星火-案例: The weekly case

Three first steps:
1. Introduce yourself: name, department and the one thing you most want to learn
2. Read the community rules in the pinned notice
3. Ask whenever you are stuck: everyone here helps

Any question, ask an admin: 李静, Tom

点燃每一单"""


@pytest.fixture
def profile() -> Profile:
    return kit_profile()


def test_rules_pinned_in_both_languages(profile: Profile) -> None:
    assert rules_text(profile, "zh-CN") == RULES_ZH
    assert rules_text(profile, "en") == RULES_EN


def test_every_configured_rule_admin_duty_and_channel_appears(profile: Profile) -> None:
    for lang in ("zh-CN", "en"):
        text = rules_text(profile, lang)
        for rule in profile.rules:
            assert all(pattern_words(p) in text for p in rule.patterns), rule.name
        for description in profile.kit.rules.banned.values():
            assert description.get(lang) in text
        for item in [*profile.kit.rules.behaviour, *profile.kit.rules.consequences]:
            assert item.get(lang) in text
        for admin in profile.kit.rules.admins:
            assert admin.name in text and all(d.get(lang) in text for d in admin.duties)
        for channel in profile.kit.channels:
            assert channel.name in text and channel.purpose.get(lang) in text
            assert channel.name in welcome(profile, lang)
        assert all(domain in text for domain in profile.allowed_domains)


def test_pattern_words_for_people() -> None:
    assert [pattern_words(p) for p in (r"\bdiscount code\b", r"加\s*V", "傻[逼bB]", r"a\.b", "plain")] == [
        "discount code", "加V", "傻逼", "a.b", "plain"]


def test_welcome_pinned_with_and_without_names(profile: Profile) -> None:
    assert welcome(profile, "zh-CN", ["王芳", "Li"]) == WELCOME_ZH
    assert welcome(profile, "en") == WELCOME_EN


def test_wecom_notice_pinned(profile: Profile) -> None:
    assert notice(profile, "zh-CN", "wecom") == (
        "【星火学习社群招募】\n"
        "面向一线销售和销售经理 / front-line sales staff的销售赋能学习社群："
        "每周一个真实客户案例。我们看重学习动机和销售经验。\n"
        "报名：https://wj.qq.com/s/123（2026-11-30截止）\n"
        "—— 点燃每一单")
    assert notice(profile, "en", "wecom") == (
        "[星火学习社群 is recruiting]\n"
        "A learning community (Sales enablement) for 一线销售和销售经理 / front-line sales staff: "
        "每周一个真实客户案例。"
        " We look for Motivation and Sales experience.\n"
        "Sign up: https://wj.qq.com/s/123 (closes 2026-11-30)\n"
        "— 点燃每一单")


def test_a_value_written_without_a_full_stop_does_not_run_into_the_next_sentence(profile: Profile) -> None:
    profile.positioning.value_proposition = "每周一起学、练、分享，把培训内容用到工作中"
    assert "用到工作中。我们看重学习动机" in notice(profile, "zh-CN", "wecom")
    assert "是一个销售赋能学习社群。每周一起学、练、分享，把培训内容用到工作中。\n" in notice(profile, "zh-CN", "email")
    profile.positioning.value_proposition = "One real customer case a week"
    assert "One real customer case a week. We look for" in notice(profile, "en", "wecom")
    closed = ["好！", "done.", "（见附件）", "", "ok."]
    assert [sentence(t) for t in ("好！", "done.", "（见附件）", "", "ok  ")] == closed


def test_email_and_poster_carry_rubric_thresholds_and_how_to_apply(profile: Profile) -> None:
    email_zh = notice(profile, "zh-CN", "email")
    assert "1、学习动机：目标清晰且与业绩挂钩\n2、销售经验：三年以上" in email_zh
    assert "75 分及以上直接录取，55 分及以上进入候补名单" in email_zh
    assert "本期名额：40 人。" in email_zh and "如有疑问请联系：李静 (ext. 8001)" in email_zh
    email_en = notice(profile, "en", "email")
    assert "1. Motivation: Clear goal tied to results\n2. Sales experience: Three years or more" in email_en
    assert "75 or more is a place, 55 or more a place on the waiting list" in email_en
    for lang in ("zh-CN", "en"):
        poster = notice(profile, lang, "poster")
        assert "https://wj.qq.com/s/123" in poster and "2026-11-30" in poster and "40" in poster
        for length in LENGTHS:
            text = notice(profile, lang, length)
            assert all((c.label_zh if lang == "zh-CN" else c.label_en) in text for c in profile.screening_rubric)
    # The WeCom message is the short one.
    assert len(notice(profile, "zh-CN", "wecom")) < len(notice(profile, "zh-CN", "poster")) < len(email_zh)


def test_questionnaire_maps_each_question_and_lists_channels_and_levels(profile: Profile) -> None:
    zh = questions(profile, "zh-CN")
    assert [q.maps_to for q in zh] == ["name", "member_id", "department", "source_channel", "score_motivation",
                                       "score_experience", "answers"]
    assert zh[3].options == ("内部通知", "内部推荐", "其他")
    assert zh[4].options == ("1 · 随便看看", "3 · 有明确目标", "5 · 目标清晰且与业绩挂钩")
    assert questions(profile, "en")[5].options == ("1 · Under a year", "5 · Three years or more")
    mapping = default_mapping(profile)
    assert mapping["销售经验：以下哪一项最符合您的情况？"] == "score_experience"
    assert mapping["Sales experience: which of these fits you best?"] == "score_experience"
    assert to_text(profile, "zh-CN").split("\n\n")[4] == (
        "5. 学习动机：以下哪一项最符合您的情况？[单选题]*\n1 · 随便看看\n3 · 有明确目标\n5 · 目标清晰且与业绩挂钩")


def test_questionnaire_csv_and_xlsx(profile: Profile, tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(to_csv(profile, "zh-CN"))))
    assert rows[0] == ["序号", "题目", "题型", "必答", "选项1", "选项2", "选项3", "导入字段"]
    assert rows[4] == ["4", "您从哪里得知星火学习社群？", "单选题", "是", "内部通知", "内部推荐", "其他",
                       "source_channel"]
    assert rows[6] == ["6", "销售经验：以下哪一项最符合您的情况？", "单选题", "是", "1 · 不到一年", "5 · 三年以上", "",
                       "score_experience"]
    path = write_xlsx(profile, "en", tmp_path / "form.xlsx")
    sheet = load_workbook(path).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert sheet.title == "Sign-up form" and len(cells) == 8
    assert cells[5][:5] == ["5", "Motivation: which of these fits you best?", "Single choice", "yes",
                            "1 · Just browsing"]
