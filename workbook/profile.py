"""Client profile: data/<client>/client.yaml → a validated model with the defaults of METRICS.md."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from workbook import paths
from workbook.branding import Branding
from workbook.kit.config import Kit

Language = Literal["zh-CN", "en"]
COMMUNITY_TYPES = ("onboarding", "skills", "leadership", "sales", "compliance", "innovation", "other")


class ProfileError(ValueError):
    """A client.yaml that cannot be used; `problems` holds one line per bad key."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.path = str(path)
        self.problems = problems
        super().__init__("\n".join(f"{self.path}: {p}" for p in problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Positioning(_Strict):
    type: Literal["onboarding", "skills", "leadership", "sales", "compliance", "innovation", "other"] = "skills"
    audience: str = ""
    value_proposition: str = ""
    values: list[str] = Field(default_factory=list)
    slogan: str = ""


class Rule(_Strict):
    name: str
    patterns: list[str]

    @field_validator("patterns")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            try:
                re.compile(p)
            except re.error as exc:
                raise ValueError(f"pattern {p!r} is not a valid regular expression ({exc})") from exc
        return patterns


def _default_rules() -> list[Rule]:
    return [
        Rule(name="ads", patterns=["加微信", "代理", "返利", "优惠券", r"加\s*V", r"\bdiscount code\b"]),
        Rule(name="abuse", patterns=["傻[逼bB]", "滚蛋", "废物", "去死", r"\bidiot\b", r"\bstupid\b"]),
    ]


# Where ordinary work links point (documents, meetings, code, office suites): a new client does not flag
# these as ads. Its own company domain is suggested on the settings page from the members' e-mail addresses.
DEFAULT_ALLOWED_DOMAINS = (
    "feishu.cn", "larksuite.com", "docs.qq.com", "mp.weixin.qq.com", "work.weixin.qq.com", "meeting.tencent.com",
    "dingtalk.com", "yuque.com", "kdocs.cn", "shimo.im", "github.com", "gitlab.com", "gitee.com", "microsoft.com",
    "office.com", "sharepoint.com", "teams.microsoft.com", "google.com", "notion.so", "zoom.us", "slack.com")
DOMAIN = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}", re.ASCII)


def domain_problem(domain: str) -> str | None:
    """None for a host name such as docs.qq.com, else why not (a URL, a path, a wildcard, spaces)."""
    if DOMAIN.fullmatch(domain.strip().lower()):
        return None
    return "not a domain name (write it like docs.qq.com, without http:// or a path)"


class EventScoreWeights(_Strict):
    attendance_rate: float = Field(0.25, ge=0)
    satisfaction: float = Field(0.25, ge=0)
    nps: float = Field(0.20, ge=0)
    learning: float = Field(0.15, ge=0)
    application: float = Field(0.15, ge=0)

    @model_validator(mode="after")
    def _not_all_zero(self) -> EventScoreWeights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one weight must be above 0")
        return self


class Criterion(_Strict):
    key: str
    label_zh: str
    label_en: str
    weight: float = Field(1.0, gt=0)
    anchors_zh: dict[int, str] = Field(default_factory=dict)
    anchors_en: dict[int, str] = Field(default_factory=dict)


def _default_rubric() -> list[Criterion]:
    return [
        Criterion(key="motivation", label_zh="学习动机", label_en="Motivation", weight=0.3,
                  anchors_zh={1: "无明确目的", 3: "有学习目标", 5: "目标清晰且与岗位相关"},
                  anchors_en={1: "No clear purpose", 3: "Has a learning goal", 5: "Clear goal tied to the job"}),
        Criterion(key="relevance", label_zh="岗位相关度", label_en="Job relevance", weight=0.3,
                  anchors_zh={1: "无关", 3: "部分相关", 5: "高度相关"},
                  anchors_en={1: "Unrelated", 3: "Partly related", 5: "Highly related"}),
        Criterion(key="foundation", label_zh="专业基础", label_en="Foundation", weight=0.2,
                  anchors_zh={1: "零基础", 3: "有一定基础", 5: "基础扎实"},
                  anchors_en={1: "None", 3: "Some", 5: "Solid"}),
        Criterion(key="commitment", label_zh="投入意愿", label_en="Commitment", weight=0.2,
                  anchors_zh={1: "难以保证时间", 3: "每周1小时", 5: "每周3小时以上"},
                  anchors_en={1: "Cannot commit time", 3: "1 hour a week", 5: "3+ hours a week"}),
    ]


def _default_event_rubric() -> list[Criterion]:
    return [
        Criterion(key="content", label_zh="内容质量", label_en="Content", weight=0.4,
                  anchors_zh={1: "空洞", 3: "有用", 5: "可直接应用"},
                  anchors_en={1: "Thin", 3: "Useful", 5: "Directly applicable"}),
        Criterion(key="delivery", label_zh="讲授表现", label_en="Delivery", weight=0.3,
                  anchors_zh={1: "难以跟上", 3: "清楚", 5: "引人入胜"},
                  anchors_en={1: "Hard to follow", 3: "Clear", 5: "Engaging"}),
        Criterion(key="organisation", label_zh="组织安排", label_en="Organisation", weight=0.3,
                  anchors_zh={1: "混乱", 3: "顺利", 5: "无可挑剔"},
                  anchors_en={1: "Chaotic", 3: "Smooth", 5: "Flawless"}),
    ]


class ScreeningThresholds(_Strict):
    accept: float = Field(70, ge=0, le=100)
    waitlist: float = Field(50, ge=0, le=100)

    @model_validator(mode="after")
    def _ordered(self) -> ScreeningThresholds:
        if self.waitlist > self.accept:
            raise ValueError("waitlist must not be above accept")
        return self


class PointsRules(_Strict):
    message: float = 1
    message_daily_cap: int = Field(20, ge=0)
    reply_bonus: float = 1
    event_attended: float = 10
    feedback_given: float = 3
    member_content: float = 15
    reaction_given: float = 1


class Level(_Strict):
    min_points: float = Field(ge=0)
    zh: str
    en: str


def _default_levels() -> list[Level]:
    return [
        Level(min_points=0, zh="新人", en="Newcomer"),
        Level(min_points=50, zh="活跃", en="Regular"),
        Level(min_points=200, zh="骨干", en="Contributor"),
        Level(min_points=500, zh="达人", en="Expert"),
        Level(min_points=1000, zh="导师", en="Mentor"),
    ]


class CoreMembers(_Strict):
    window_days: int = Field(90, gt=0)
    top_share: float = Field(0.10, gt=0, le=1)
    min_active_weeks: int = Field(3, ge=0)


class Privacy(_Strict):
    min_group_size: int = Field(5, ge=1)
    pseudonymise: bool = False
    salt: str = ""
    # With pseudonymise, whether the original file (names, message text) is still kept in raw/.
    keep_raw: bool = False


class Voice(_Strict):
    """What the members' voice section (METRICS.md `voice`) segments with: programme terms jieba should keep whole
    (e.g. 复盘, OKR, 销售漏斗) and extra stop words."""

    dictionary: list[str] = Field(default_factory=list)
    stop_words: list[str] = Field(default_factory=list)


class Quiz(_Strict):
    """Knowledge quizzes (METRICS.md `quizzes`): the share of max_score that passes, and [pre_id, post_id] pairs."""

    pass_pct: float = Field(0.6, ge=0, le=1)
    pairs: list[tuple[str, str]] = Field(default_factory=list)


class ImportLimits(_Strict):
    """Years a date in an imported file may fall in; anything outside is a typo or a placeholder."""

    first_year: int = Field(2000, ge=1900, le=9999)
    last_year: int = Field(2100, ge=1900, le=9999)


class Schedule(_Strict):
    weekly: bool = False
    monthly: bool = True
    # run-due catches up this many closed periods of each kind; older ones only with --since.
    catch_up: int = Field(3, ge=1)


class Goals(_Strict):
    achievable_multiple: float = Field(3.0, gt=1)


class Profile(_Strict):
    name: str
    language: Language = "zh-CN"
    timezone: str = "Asia/Shanghai"
    positioning: Positioning = Field(default_factory=Positioning)
    rules: list[Rule] = Field(default_factory=_default_rules)
    allowed_domains: list[str] = Field(default_factory=lambda: list(DEFAULT_ALLOWED_DOMAINS))
    heavy_poster_min_messages: int = Field(10, ge=2)
    event_score_weights: EventScoreWeights = Field(default_factory=EventScoreWeights)
    screening_rubric: list[Criterion] = Field(default_factory=_default_rubric, min_length=1)
    screening_thresholds: ScreeningThresholds = Field(default_factory=ScreeningThresholds)
    event_rubric: list[Criterion] = Field(default_factory=_default_event_rubric, min_length=1)
    points: PointsRules = Field(default_factory=PointsRules)
    levels: list[Level] = Field(default_factory=_default_levels, min_length=1)
    core_members: CoreMembers = Field(default_factory=CoreMembers)
    privacy: Privacy = Field(default_factory=Privacy)
    import_limits: ImportLimits = Field(default_factory=ImportLimits)
    voice: Voice = Field(default_factory=Voice)
    schedule: Schedule = Field(default_factory=Schedule)
    goals: Goals = Field(default_factory=Goals)
    quiz: Quiz = Field(default_factory=Quiz)
    survey_mapping: dict[str, str] = Field(default_factory=dict)
    kit: Kit = Field(default_factory=Kit)
    branding: Branding = Field(default_factory=Branding)
    labels: dict[str, dict[str, str]] = Field(default_factory=dict)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Asia/Shanghai)") from exc
        return value

    @field_validator("levels")
    @classmethod
    def _levels_sorted(cls, levels: list[Level]) -> list[Level]:
        levels = sorted(levels, key=lambda lv: lv.min_points)
        if levels[0].min_points != 0:
            raise ValueError("the lowest level must start at 0 points")
        return levels

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def level_for(self, points: float, lang: str = "en") -> str:
        """Name of the highest level whose threshold `points` reaches."""
        reached = [lv for lv in self.levels if points >= lv.min_points][-1]
        return reached.zh if lang == "zh-CN" else reached.en


def _format_errors(exc: ValidationError) -> list[str]:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown key (check its spelling)"
        elif err["type"] == "missing":
            msg = "required key is missing"
        lines.append(f"key `{key}`: {msg}")
    return lines


def parse_profile(data: object, source: Path | str = "client.yaml") -> Profile:
    if not isinstance(data, dict):
        raise ProfileError(source, ["the file must hold a mapping of keys (name: …, language: …)"])
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        raise ProfileError(source, _format_errors(exc)) from None


def load_profile(client: str) -> Profile:
    path = paths.profile_path(client)
    if not path.exists():
        raise ProfileError(path, [f"no profile for client {client!r}; create it with `workbook init {client}`"])
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        raise ProfileError(path, [f"not valid YAML: {exc}"]) from None
    return parse_profile(data, path)


def save_profile(client: str, profile: Profile) -> Path:
    """Write atomically so a crash never leaves half a profile."""
    path = paths.profile_path(client)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(profile.model_dump(mode="json"), allow_unicode=True, sort_keys=False)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path
