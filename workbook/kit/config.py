"""What the community kit reads from client.yaml (`kit:`): group rules, channels, recruitment details and the
survey mappings of sign-up and interest questionnaires. Every text is given in both languages."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workbook.schemas import CHANNELS

APPLICANT_FIELDS = ("applicant_id", "name", "department", "source_channel", "member_id", "answers")
INTEREST_FIELDS = ("topics", "formats", "times", "member_id")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Text(_Strict):
    """One sentence in both languages; either may be left blank and the other is used."""

    zh: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        first, other = (self.zh, self.en) if lang == "zh-CN" else (self.en, self.zh)
        return (first or other).strip()


class Admin(_Strict):
    name: str
    duties: list[Text] = Field(default_factory=list)


class Channel(_Strict):
    """A place in the community (a WeCom group, a Slack channel) and what it is for."""

    name: str
    purpose: Text = Field(default_factory=Text)


def _t(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)


def _default_behaviour() -> list[Text]:
    return [_t("发言前请先查看群公告和精华帖", "Read the pinned notice and the highlights before posting"),
            _t("提问时说明背景、你已经尝试过的方法和期望的结果",
               "Ask with context, what you tried and what you expect"),
            _t("尊重他人，对事不对人", "Be respectful: discuss ideas, not people"),
            _t("分享资料请注明来源，不传播公司保密信息",
               "Credit your sources; never share confidential company material")]


def _default_consequences() -> list[Text]:
    return [_t("第一次违规：管理员私聊提醒并撤回消息",
               "First breach: a private reminder from an admin and the message removed"),
            _t("第二次违规：群内公开提醒，扣除当月积分",
               "Second breach: a public reminder and this month's points removed"),
            _t("第三次违规或严重违规：移出社群", "Third or serious breach: removed from the community")]


class GroupRules(_Strict):
    """The 群规: expected behaviour, what each moderation rule (profile `rules`, by name) bans, what a breach
    costs, and the admins with their duties."""

    behaviour: list[Text] = Field(default_factory=_default_behaviour)
    banned: dict[str, Text] = Field(default_factory=lambda: {
        "ads": _t("禁止发布广告、推销和引流信息", "No advertising, selling or recruiting for other groups"),
        "abuse": _t("禁止人身攻击、辱骂和歧视性言论", "No personal attacks, insults or discrimination")})
    consequences: list[Text] = Field(default_factory=_default_consequences)
    admins: list[Admin] = Field(default_factory=list)


class Recruitment(_Strict):
    """What the notice says beyond the positioning: where it goes out, how to sign up, by when, whom to ask."""

    channels: list[str] = Field(default_factory=lambda: ["internal_notice"])
    signup_link: str = ""
    deadline: str = ""
    contact: str = ""
    places: int | None = Field(None, ge=1)

    @field_validator("channels")
    @classmethod
    def _known_channels(cls, channels: list[str]) -> list[str]:
        unknown = [c for c in channels if c not in CHANNELS]
        if unknown:
            raise ValueError(f"unknown channel {', '.join(unknown)} (use {', '.join(CHANNELS)})")
        return channels


class Kit(_Strict):
    rules: GroupRules = Field(default_factory=GroupRules)
    channels: list[Channel] = Field(default_factory=list)
    recruitment: Recruitment = Field(default_factory=Recruitment)
    # Sign-up survey question (its text or the start of it) → applicant field or score_<criterion>; the questions
    # of the generated questionnaire are mapped without being listed here.
    signup_mapping: dict[str, str] = Field(default_factory=dict)
    # Interest survey question → topics, formats, times or member_id.
    interest_mapping: dict[str, Literal["topics", "formats", "times", "member_id"]] = Field(default_factory=dict)

    @field_validator("signup_mapping")
    @classmethod
    def _known_fields(cls, mapping: dict[str, str]) -> dict[str, str]:
        for question, field in mapping.items():
            if field not in APPLICANT_FIELDS and not field.startswith("score_"):
                raise ValueError(f"question {question!r}: {field!r} is not an applicant field "
                                 f"({', '.join(APPLICANT_FIELDS)}) nor score_<criterion>")
        return mapping
