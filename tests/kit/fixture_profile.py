"""A client with every part of the community kit configured (rules, admins, channels, recruitment)."""

from __future__ import annotations

from workbook.profile import Profile, parse_profile

KIT_PROFILE: dict[str, object] = {
    "name": "星火学习社群",
    "positioning": {"type": "sales", "audience": "一线销售和销售经理 / front-line sales staff",
                    "value_proposition": "每周一个真实客户案例。", "values": ["实战", "分享"], "slogan": "点燃每一单"},
    "rules": [{"name": "ads", "patterns": ["加微信", r"\bpromo code\b"]},
              {"name": "abuse", "patterns": ["滚蛋", r"\bidiot\b"]},
              {"name": "leaks", "patterns": ["客户名单", r"报\s*价\s*单"]}],
    "allowed_domains": ["docs.qq.com", "example.com"],
    "screening_rubric": [
        {"key": "motivation", "label_zh": "学习动机", "label_en": "Motivation", "weight": 0.5,
         "anchors_zh": {1: "随便看看", 3: "有明确目标", 5: "目标清晰且与业绩挂钩"},
         "anchors_en": {1: "Just browsing", 3: "Has a goal", 5: "Clear goal tied to results"}},
        {"key": "experience", "label_zh": "销售经验", "label_en": "Sales experience", "weight": 0.5,
         "anchors_zh": {1: "不到一年", 5: "三年以上"}, "anchors_en": {1: "Under a year", 5: "Three years or more"}},
    ],
    "screening_thresholds": {"accept": 75, "waitlist": 55},
    "kit": {
        "rules": {
            "behaviour": [{"zh": "提问前先搜索", "en": "Search before you ask"},
                          {"zh": "案例分享须隐去客户信息", "en": "Anonymise customers in shared cases"}],
            "banned": {"ads": {"zh": "禁止广告", "en": "No ads"}, "abuse": {"zh": "禁止辱骂", "en": "No insults"}},
            "consequences": [{"zh": "首次提醒", "en": "First time: a reminder"},
                             {"zh": "再次移出", "en": "Second time: removed"}],
            "admins": [{"name": "李静", "duties": [{"zh": "每日答疑", "en": "Answers questions daily"},
                                                 {"zh": "处理违规", "en": "Handles breaches"}]},
                       {"name": "Tom", "duties": [{"zh": "组织直播", "en": "Runs the live sessions"}]}],
        },
        "channels": [{"name": "星火-问答", "purpose": {"zh": "提问和解答", "en": "Questions and answers"}},
                     {"name": "星火-案例", "purpose": {"zh": "每周案例", "en": "The weekly case"}}],
        "recruitment": {"channels": ["internal_notice", "referral"], "signup_link": "https://wj.qq.com/s/123",
                        "deadline": "2026-11-30", "contact": "李静 (ext. 8001)", "places": 40},
    },
}


def kit_profile() -> Profile:
    return parse_profile(KIT_PROFILE)
