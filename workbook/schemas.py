"""Canonical tables, their column rules and the zh/en header aliases — the one place they are defined."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["str", "datetime", "date", "bool", "int", "float", "json"]

MESSAGE_KINDS = ("text", "image", "file", "link", "video", "audio")
EVENT_KINDS = ("live_lecture", "webinar", "quiz", "workshop", "industry_meetup", "team_building")
EVENT_MODES = ("online", "offline")
CONTENT_KINDS = ("courseware", "video", "case_study", "industry_news", "best_practice", "member_story")
CONTENT_FORMATS = ("text", "image", "audio", "video", "document")
ACTIONS = ("view", "like", "comment", "share", "complete")
DECISIONS = ("accept", "waitlist", "reject")
GOAL_DIRECTIONS = ("increase", "decrease")
SLOT_STATUSES = ("planned", "drafting", "published", "cancelled")
CHANNELS = ("internal_notice", "social_media", "industry_forum", "referral", "other")
# Culture programme (issue 16): curated stories, core members' roles, tasks and mentoring, outcomes per member.
STORY_KINDS = ("thank_you", "member_answer", "newcomer_regular", "best_event", "other")
STORY_STATUSES = ("accepted", "dismissed")
CORE_ROLES = ("moderator", "mentor", "speaker", "content_author")
TASK_STATUSES = ("open", "done", "dropped")
OUTCOME_SCOPES = ("member", "department")
KIRKPATRICK_LEVELS = ("L1", "L2", "L3", "L4")


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType = "str"
    required: bool = False
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    positive: bool = False  # strictly above 0 (a quiz's max_score)
    aliases: tuple[str, ...] = ()
    # Taken for a blank cell, or for every row when the file has no such column (quiz attempt 1).
    default: int | None = None
    # The number may not exceed this other column of the same row (a quiz score and its max_score).
    at_most: str | None = None
    # Values as facilitators write them (中文, other spellings) → canonical choice.
    value_aliases: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    # Columns named `<prefix><criterion>` are gathered into one JSON column (applicant scores).
    gather_prefix: tuple[str, str] | None = None
    # Gathered values are per-question marks, 0 or 1 (quiz items), instead of 1–5 rubric scores.
    gather_marks: bool = False

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_YES_NO = {"是": "true", "否": "false", "yes": "true", "no": "false", "y": "true", "n": "false", "1": "true",
           "0": "false", "true": "true", "false": "false", "√": "true", "×": "false"}

_KIND_ZH = {"文字": "text", "文本": "text", "图片": "image", "文件": "file", "链接": "link", "视频": "video",
            "语音": "audio", "音频": "audio"}
_EVENT_KIND_ZH = {"直播讲座": "live_lecture", "直播": "live_lecture", "线上研讨会": "webinar", "研讨会": "webinar",
                  "知识竞赛": "quiz", "竞赛": "quiz", "培训工作坊": "workshop", "工作坊": "workshop",
                  "行业交流会": "industry_meetup", "交流会": "industry_meetup", "团建活动": "team_building",
                  "团建": "team_building"}
_MODE_ZH = {"线上": "online", "线下": "offline"}
_CONTENT_KIND_ZH = {"课件": "courseware", "视频": "video", "案例分析": "case_study", "案例": "case_study",
                    "行业动态": "industry_news", "行业资讯": "industry_news", "最佳实践": "best_practice",
                    "学员分享": "member_story", "成员故事": "member_story"}
_FORMAT_ZH = {"文字": "text", "图文": "text", "图片": "image", "音频": "audio", "视频": "video", "文档": "document"}
_ACTION_ZH = {"浏览": "view", "查看": "view", "点赞": "like", "评论": "comment", "分享": "share", "转发": "share",
              "完成": "complete", "学完": "complete"}
_DECISION_ZH = {"录取": "accept", "通过": "accept", "候补": "waitlist", "待定": "waitlist", "拒绝": "reject",
                "未通过": "reject"}
_CHANNEL_ZH = {"内部通知": "internal_notice", "内部": "internal_notice", "社交媒体": "social_media",
               "行业论坛": "industry_forum", "推荐": "referral", "内推": "referral", "其他": "other"}
_DIRECTION_ZH = {"提升": "increase", "增加": "increase", "降低": "decrease", "减少": "decrease"}
_STATUS_ZH = {"计划": "planned", "计划中": "planned", "撰写中": "drafting", "已发布": "published",
              "取消": "cancelled", "已取消": "cancelled"}


def _c(name: str, type_: ColumnType = "str", *aliases: str, **kw: object) -> Column:
    return Column(name, type_, aliases=aliases, **kw)  # type: ignore[arg-type]


TABLES: dict[str, Table] = {
    "members": Table("members", ("member_id",), (
        _c("member_id", "str", "成员ID", "成员id", "用户ID", "id", "user_id", "工号", required=True),
        _c("display_name", "str", "昵称", "姓名", "name", "群昵称", required=True),
        _c("department", "str", "部门", "dept"),
        _c("job_title", "str", "岗位", "职位", "title"),
        _c("joined_at", "datetime", "入群时间", "加入时间", "join_time", required=True),
        _c("left_at", "datetime", "退群时间", "离开时间", "leave_time"),
        _c("source_channel", "str", "来源渠道", "渠道", "channel", choices=CHANNELS, value_aliases=_CHANNEL_ZH),
        _c("is_staff", "bool", "是否工作人员", "工作人员", "staff", value_aliases=_YES_NO),
        _c("email", "str", "邮箱", "电子邮件"),
        _c("phone", "str", "手机", "手机号", "电话"),
        _c("consent", "bool", "同意公开", "公开授权", value_aliases=_YES_NO),
    )),
    "messages": Table("messages", ("message_id",), (
        _c("message_id", "str", "消息ID", "消息id", "msg_id", "id", required=True),
        _c("member_id", "str", "成员ID", "成员id", "发送者ID", "sender_id", required=True),
        _c("sent_at", "datetime", "发言时间", "发送时间", "时间", "time", required=True),
        _c("channel", "str", "群聊", "频道", "群名"),
        _c("kind", "str", "消息类型", "类型", "type", choices=MESSAGE_KINDS, value_aliases=_KIND_ZH),
        _c("length", "int", "字数", "长度", low=0),
        _c("reply_to", "str", "回复消息ID", "回复", "parent_id"),
        _c("text", "str", "内容", "消息内容", "content"),
    )),
    "events": Table("events", ("event_id",), (
        _c("event_id", "str", "活动ID", "活动id", "id", required=True),
        _c("title", "str", "活动名称", "标题", "名称", required=True),
        _c("kind", "str", "活动类型", "类型", "type", required=True, choices=EVENT_KINDS,
           value_aliases=_EVENT_KIND_ZH),
        _c("mode", "str", "形式", "线上线下", choices=EVENT_MODES, value_aliases=_MODE_ZH),
        _c("starts_at", "datetime", "开始时间", "start", required=True),
        _c("ends_at", "datetime", "结束时间", "end"),
        _c("host", "str", "主讲人", "主持人", "讲师"),
        _c("capacity", "int", "名额", "容量", low=0),
        _c("cost", "float", "费用", "成本", low=0),
    )),
    "attendance": Table("attendance", ("event_id", "member_id"), (
        _c("event_id", "str", "活动ID", "活动id", required=True),
        _c("member_id", "str", "成员ID", "成员id", required=True),
        _c("registered", "bool", "已报名", "报名", value_aliases=_YES_NO),
        _c("attended", "bool", "已参加", "出席", "签到", value_aliases=_YES_NO),
        _c("minutes", "float", "参会时长", "时长(分钟)", "时长", low=0),
    )),
    "feedback": Table("feedback", ("event_id", "response_id"), (
        _c("event_id", "str", "活动ID", "活动id", required=True),
        _c("response_id", "str", "答卷ID", "序号", "response", required=True),
        _c("member_id", "str", "成员ID", "成员id"),
        _c("submitted_at", "datetime", "提交时间", "提交答卷时间", required=True),
        _c("satisfaction", "float", "满意度", low=1, high=5),
        _c("nps", "float", "推荐度", "NPS", low=0, high=10),
        _c("learning", "float", "收获", "学习收获", low=1, high=5),
        _c("application", "float", "应用", "学以致用", low=1, high=5),
        _c("comment", "str", "意见建议", "评论", "建议"),
    )),
    "content": Table("content", ("content_id",), (
        _c("content_id", "str", "内容ID", "内容id", "id", required=True),
        _c("title", "str", "标题", required=True),
        _c("kind", "str", "内容类型", "类型", required=True, choices=CONTENT_KINDS, value_aliases=_CONTENT_KIND_ZH),
        _c("format", "str", "形式", "格式", required=True, choices=CONTENT_FORMATS, value_aliases=_FORMAT_ZH),
        _c("topic", "str", "主题", "话题"),
        _c("published_at", "datetime", "发布时间", required=True),
        _c("author_id", "str", "作者ID", "作者id", "作者"),
        _c("member_generated", "bool", "成员原创", "UGC", value_aliases=_YES_NO),
    )),
    "interactions": Table("interactions", ("content_id", "member_id", "at", "action"), (
        _c("content_id", "str", "内容ID", "内容id", required=True),
        _c("member_id", "str", "成员ID", "成员id", required=True),
        _c("at", "datetime", "时间", "互动时间", required=True),
        _c("action", "str", "动作", "行为", required=True, choices=ACTIONS, value_aliases=_ACTION_ZH),
    )),
    "applicants": Table("applicants", ("applicant_id",), (
        _c("applicant_id", "str", "申请ID", "报名ID", "id", required=True),
        _c("name", "str", "姓名", "申请人", required=True),
        _c("source_channel", "str", "来源渠道", "渠道", choices=CHANNELS, value_aliases=_CHANNEL_ZH),
        _c("department", "str", "部门"),
        _c("applied_at", "datetime", "申请时间", "报名时间", required=True),
        _c("scores", "json", "评分"),
        _c("answers", "str", "申请理由", "回答", "answers"),
        _c("decision", "str", "结果", "决定", choices=DECISIONS, value_aliases=_DECISION_ZH),
        _c("decided_by", "str", "评审人", "审核人"),
        _c("member_id", "str", "成员ID", "成员id"),
    ), gather_prefix=("score_", "scores")),
    "goals": Table("goals", ("goal_id",), (
        _c("goal_id", "str", "目标ID", "id", required=True),
        _c("statement", "str", "目标描述", "描述", required=True),
        _c("metric", "str", "指标", required=True),
        _c("baseline", "float", "基线"),
        _c("target", "float", "目标值", required=True),
        _c("direction", "str", "方向", choices=GOAL_DIRECTIONS, value_aliases=_DIRECTION_ZH),
        _c("start", "date", "开始日期", required=True),
        _c("deadline", "date", "截止日期", required=True),
        _c("owner", "str", "负责人"),
    )),
    "content_plan": Table("content_plan", ("slot_id",), (
        _c("slot_id", "str", "排期ID", "id", required=True),
        _c("due", "date", "计划日期", "日期", required=True),
        _c("kind", "str", "内容类型", "类型", choices=CONTENT_KINDS, value_aliases=_CONTENT_KIND_ZH),
        _c("format", "str", "形式", choices=CONTENT_FORMATS, value_aliases=_FORMAT_ZH),
        _c("topic", "str", "主题"),
        _c("owner", "str", "负责人"),
        _c("status", "str", "状态", choices=SLOT_STATUSES, value_aliases=_STATUS_ZH),
        _c("content_id", "str", "内容ID"),
    )),
    "event_scores": Table("event_scores", ("event_id", "scorer"), (
        _c("event_id", "str", "活动ID", required=True),
        _c("scorer", "str", "评分人", required=True),
        _c("scores", "json", "评分"),
        _c("notes", "str", "备注"),
    ), gather_prefix=("score_", "scores")),
    "quiz_results": Table("quiz_results", ("quiz_id", "member_id", "attempt"), (
        _c("quiz_id", "str", "测验ID", "测验id", "考试ID", "考试id", "竞赛ID", "quiz", required=True),
        _c("member_id", "str", "成员ID", "成员id", "用户ID", "工号", required=True),
        _c("attempt", "int", "第几次", "作答次数", "尝试次数", "次数", low=1, default=1),
        _c("score", "float", "得分", "分数", "成绩", required=True, low=0, at_most="max_score"),
        _c("max_score", "float", "满分", "总分", "full_marks", required=True, positive=True),
        _c("submitted_at", "datetime", "提交时间", "交卷时间", "完成时间", required=True),
        _c("items", "json", "题目"),
    ), gather_prefix=("q_", "items"), gather_marks=True),
    "points_adjustments": Table("points_adjustments", ("id",), (
        _c("id", "str", "调整ID", "调整id", "编号", "序号", required=True),
        _c("member_id", "str", "成员ID", "成员id", "用户ID", "工号", required=True),
        _c("at", "datetime", "调整时间", "时间", "日期", required=True),
        _c("points", "float", "积分", "调整积分", "分值", required=True),
        _c("reason", "str", "原因", "调整原因", "说明"),
        _c("by", "str", "操作人", "调整人", "经办人"),
    )),
    "redemptions": Table("redemptions", ("id",), (
        _c("id", "str", "兑换ID", "兑换id", "编号", "序号", required=True),
        _c("member_id", "str", "成员ID", "成员id", "用户ID", "工号", required=True),
        _c("at", "datetime", "兑换时间", "时间", "日期", required=True),
        _c("reward", "str", "奖品", "兑换", "兑换物品", "礼品", required=True),
        _c("points", "float", "兑换积分", "消耗积分", "积分", required=True, low=0),
    )),
    "registrations": Table("registrations", ("event_id", "member_id"), (
        _c("event_id", "str", "活动ID", "活动id", required=True),
        _c("member_id", "str", "成员ID", "成员id", "用户ID", "工号", required=True),
        _c("registered_at", "datetime", "报名时间", "登记时间", required=True),
        _c("source", "str", "来源", "报名渠道", "渠道"),
    )),
}

TABLES |= {
    "stories": Table("stories", ("story_id",), (
        _c("story_id", "str", "故事ID", "id", required=True),
        _c("kind", "str", "故事类型", "类型", choices=STORY_KINDS),
        _c("status", "str", "状态", choices=STORY_STATUSES, value_aliases={"采用": "accepted", "不采用": "dismissed"}),
        _c("at", "datetime", "时间", "日期", required=True),
        _c("title", "str", "标题", required=True),
        _c("body", "str", "正文", "故事"),
        _c("members", "str", "成员", "成员ID"),
        _c("refs", "str", "消息ID", "来源"),
        _c("tags", "str", "标签"),
    )),
    "core_roles": Table("core_roles", ("member_id", "role"), (
        _c("member_id", "str", "成员ID", "成员id", required=True),
        _c("role", "str", "角色", required=True, choices=CORE_ROLES,
           value_aliases={"管理员": "moderator", "版主": "moderator", "导师": "mentor", "讲师": "speaker",
                          "分享嘉宾": "speaker", "内容作者": "content_author", "作者": "content_author"}),
        _c("since", "date", "开始日期", "起始日期"),
        _c("until", "date", "结束日期"),
        _c("note", "str", "备注"),
    )),
    "core_tasks": Table("core_tasks", ("task_id",), (
        _c("task_id", "str", "任务ID", "id", required=True),
        _c("member_id", "str", "成员ID", "成员id", "负责人", required=True),
        _c("title", "str", "任务", "标题", required=True),
        _c("due", "date", "截止日期", "日期"),
        _c("status", "str", "状态", choices=TASK_STATUSES,
           value_aliases={"进行中": "open", "待办": "open", "完成": "done", "已完成": "done", "放弃": "dropped"}),
    )),
    "mentoring": Table("mentoring", ("mentor_id", "mentee_id"), (
        _c("mentor_id", "str", "导师ID", "导师", required=True),
        _c("mentee_id", "str", "学员ID", "学员", required=True),
        _c("since", "date", "开始日期"),
        _c("until", "date", "结束日期"),
        _c("note", "str", "备注", "目标"),
    )),
    "outcomes": Table("outcomes", ("subject", "measure", "as_of"), (
        _c("subject", "str", "对象", "成员ID", "成员id", "工号", "member_id", required=True),
        _c("scope", "str", "范围", "对象类型", choices=OUTCOME_SCOPES,
           value_aliases={"成员": "member", "个人": "member", "部门": "department"}),
        _c("measure", "str", "指标", "成果指标", required=True),
        _c("value", "float", "数值", "值", "得分", required=True),
        _c("as_of", "date", "日期", "统计日期", "截至日期", required=True),
        _c("level", "str", "柯氏层级", "层级", choices=KIRKPATRICK_LEVELS,
           value_aliases={level.lower(): level for level in KIRKPATRICK_LEVELS}),
    )),
}

# Event planning (issue 15): what the planning page keeps beside an event (its registration deadline).
TABLES |= {
    "event_plans": Table("event_plans", ("event_id",), (
        _c("event_id", "str", "活动ID", "活动id", required=True),
        _c("registration_deadline", "datetime", "报名截止时间", "报名截止", "截止时间"),
    )),
}

# Interest survey (issue 15, workbook/kit/interests.py): one response, its picks as JSON lists of answer texts.
TABLES |= {
    "interests": Table("interests", ("response_id",), (
        _c("response_id", "str", "答卷ID", "编号", "序号", required=True),
        _c("member_id", "str", "成员ID", "成员id", "工号"),
        _c("submitted_at", "datetime", "提交时间", "提交答卷时间"),
        _c("topics", "json", "主题", "感兴趣的主题"),
        _c("formats", "json", "形式", "喜欢的形式"),
        _c("times", "json", "时间", "方便的时间"),
    )),
}

KINDS: tuple[str, ...] = tuple(TABLES)

# Which foreign keys an import checks against the store (or the same file): column → (table, key).
REFERENCES: dict[str, dict[str, tuple[str, str]]] = {
    "messages": {"member_id": ("members", "member_id")},
    "attendance": {"event_id": ("events", "event_id"), "member_id": ("members", "member_id")},
    "feedback": {"event_id": ("events", "event_id")},
    "interactions": {"content_id": ("content", "content_id"), "member_id": ("members", "member_id")},
    "event_scores": {"event_id": ("events", "event_id")},
    "quiz_results": {"member_id": ("members", "member_id")},
    "points_adjustments": {"member_id": ("members", "member_id")},
    "redemptions": {"member_id": ("members", "member_id")},
    "registrations": {"event_id": ("events", "event_id"), "member_id": ("members", "member_id")},
    "event_plans": {"event_id": ("events", "event_id")},
}


def header_lookup(table: Table) -> dict[str, str]:
    """Normalised header (any alias, any case) → canonical column name."""
    lookup: dict[str, str] = {}
    for col in table.columns:
        for name in (col.name, *col.aliases):
            lookup.setdefault(normalise_header(name), col.name)
    return lookup


def normalise_header(name: str) -> str:
    return "".join(str(name).split()).lower().replace("（", "(").replace("）", ")").replace("_", "")
