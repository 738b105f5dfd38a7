"""Next-period suggestions drawn from the metrics document alone, each carrying the figures it quotes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from workbook.i18n import LANGUAGES, has, t
from workbook.metrics.events import normalised_components
from workbook.metrics.keys import resolve

MAX_SUGGESTIONS = 8
MIN_SUGGESTIONS = 3
UNANSWERED_ALERT = 0.2
ACTIVATION_ALERT = 0.5
PLAN_ALERT = 0.8
GINI_ALERT = 0.6
IDS_SHOWN = 10
COMPONENT_FIELDS = {"attendance_rate": "attendance_rate", "satisfaction": "satisfaction_avg", "nps": "nps",
                    "learning": "learning_avg", "application": "application_avg"}

Suggestion = dict[str, Any]


@dataclass(frozen=True)
class _Listed:
    """Member ids as a suggestion lists them: the first IDS_SHOWN, then how many more, in the reader's language."""

    ids: tuple[str, ...]
    empty: str = ""

    def text(self, lang: str) -> str:
        shown = ", ".join(self.ids[:IDS_SHOWN])
        more = len(self.ids) - IDS_SHOWN
        if more > 0:
            return t("recommend.and_more", lang, shown=shown, n=more)
        return shown or self.empty


def _in(lang: str, value: object) -> object:
    """Category names (event kinds, formats, components) and listed ids in `lang`; anything else unchanged."""
    if isinstance(value, _Listed):
        return value.text(lang)
    if isinstance(value, str) and has(f"metrics.value.{value}"):
        return t(f"metrics.value.{value}", lang)
    return value


def _suggest(rule_id: str, figures: dict[str, float | None], members: list[str] | None = None,
             **fmt: object) -> Suggestion:
    """The rule's text in every language; `members`, the ids it lists (as _Listed shows them), lets a report put the
    names its privacy settings allow in their place (report.tables.recommendations)."""
    texts = {lang: t(f"recommend.{rule_id}", lang, **{k: _in(lang, v) for k, v in fmt.items()})
             for lang in LANGUAGES}
    listed = {"members": list(members[:IDS_SHOWN])} if members else {}
    return {"id": rule_id, **texts, "figures": figures, **listed}


def content_format(doc: dict[str, Any]) -> list[Suggestion]:
    """Best vs least attention per item by format."""
    medians = {f: v for f, v in doc["content_summary"]["median_attention"].items() if v is not None}
    if len(medians) < 2:
        return []
    best, worst = max(medians, key=medians.__getitem__), min(medians, key=medians.__getitem__)
    if medians[best] == medians[worst]:
        return []
    return [_suggest("content_format", {f"content_summary.median_attention.{best}": medians[best],
                                        f"content_summary.median_attention.{worst}": medians[worst]},
                     best=best, worst=worst, best_value=medians[best], worst_value=medians[worst],
                     gap=(medians[best] - medians[worst]) * 100)]


def _component_text(component: str, value: float) -> str:
    """A component on its own scale: attendance as a percentage, NPS as a whole number, answers as x.xx / 5."""
    if component == "attendance_rate":
        return f"{value:.0%}"
    return f"{value:.0f}" if component == "nps" else f"{value:.2f}/5"


def weakest_event_kind(doc: dict[str, Any]) -> list[Suggestion]:
    """Lowest-scoring event kind, and the component that pulled its worst event down."""
    by_kind = doc["events_summary"]["score_by_kind"]
    if len(by_kind) < 2:
        return []
    kind = min(by_kind, key=by_kind.__getitem__)
    scored = [e for e in doc["events"] if e["kind"] == kind and e["score"] is not None]
    worst = min(scored, key=lambda e: e["score"])
    scaled = normalised_components({k: worst[f] for k, f in COMPONENT_FIELDS.items()})
    present = {k: v for k, v in scaled.items() if v is not None}
    component = min(present, key=present.__getitem__)
    field = COMPONENT_FIELDS[component]
    return [_suggest("event_kind", {f"events_summary.score_by_kind.{kind}": by_kind[kind],
                                    f"events.{worst['event_id']}.score": worst["score"],
                                    f"events.{worst['event_id']}.{field}": worst[field]},
                     kind=kind, score=by_kind[kind], event=worst["title"], component=field,
                     value=_component_text(component, worst[field]))]


def dormant(doc: dict[str, Any]) -> list[Suggestion]:
    count = doc["engagement"]["dormant"]
    if not count:
        return []
    shown = doc["engagement"]["dormant_member_ids"]
    return [_suggest("dormant", {"engagement.dormant": count}, members=shown, count=count,
                     ids=_Listed(tuple(shown)))]


MAX_GOAL_SUGGESTIONS = 2  # the goals furthest behind; more would crowd out every other kind of advice


def _shown(share: float) -> float:
    """A share as it will be printed in whole percent, without a "-0%" for a tiny step backwards."""
    return round(share, 2) + 0.0


def goals_off_track(doc: dict[str, Any]) -> list[Suggestion]:
    behind = sorted((g for g in doc["goals"] if g.get("on_track") is False),
                    key=lambda g: (g["elapsed"] or 0) - (g["progress"] or 0), reverse=True)
    return [_suggest("goal_off_track", {f"goals.{g['goal_id']}.progress": g["progress"],
                                        f"goals.{g['goal_id']}.elapsed": g["elapsed"]},
                     goal=g["statement"], progress=_shown(g["progress"]), elapsed=g["elapsed"])
            for g in behind[:MAX_GOAL_SUGGESTIONS]]


def unanswered(doc: dict[str, Any]) -> list[Suggestion]:
    questions = doc["engagement"]["questions"]
    share = questions["unanswered_share"]
    if share is None or share <= UNANSWERED_ALERT:
        return []
    return [_suggest("unanswered", {"engagement.questions.unanswered_share": share,
                                    "engagement.questions.asked": questions["asked"]},
                     share=share, asked=questions["asked"])]


def repeat_offenders(doc: dict[str, Any]) -> list[Suggestion]:
    offenders = doc["moderation"]["repeat_offenders"]
    if not offenders:
        return []
    return [_suggest("repeat_offenders", {"moderation.repeat_offender_count": len(offenders),
                                          "moderation.flagged_messages": doc["moderation"]["flagged_messages"]},
                     members=offenders, count=len(offenders), flagged=doc["moderation"]["flagged_messages"],
                     ids=_Listed(tuple(offenders)))]


def activation(doc: dict[str, Any]) -> list[Suggestion]:
    rate = doc["engagement"]["activation_rate_7d"]
    if rate is None or rate >= ACTIVATION_ALERT:
        return []
    return [_suggest("activation", {"engagement.activation_rate_7d": rate,
                                    "engagement.new_members": doc["engagement"]["new_members"]},
                     rate=rate, count=doc["engagement"]["new_members"])]


def plan(doc: dict[str, Any]) -> list[Suggestion]:
    adherence = doc["content_summary"]["plan_adherence"]
    if adherence is None or adherence >= PLAN_ALERT:
        return []
    return [_suggest("plan_adherence", {"content_summary.plan_adherence": adherence}, share=adherence)]


def concentration(doc: dict[str, Any]) -> list[Suggestion]:
    gini = doc["engagement"]["gini_messages"]
    if gini < GINI_ALERT:
        return []
    return [_suggest("concentration", {"engagement.gini_messages": gini,
                                       "engagement.absence_factor": doc["engagement"]["absence_factor"]},
                     gini=gini, factor=doc["engagement"]["absence_factor"])]


def posting(doc: dict[str, Any]) -> list[Suggestion]:
    """Always applicable: how many members posted, and how many lurkers to invite."""
    eng = doc["engagement"]
    if eng["posting_rate"] is None:
        return [_suggest("no_members", {"engagement.members_in_period": eng["members_in_period"]},
                         members_in_period=eng["members_in_period"])]
    return [_suggest("posting", {"engagement.posting_rate": eng["posting_rate"],
                                 "engagement.tiers.lurkers": eng["tiers"]["lurkers"]},
                     rate=eng["posting_rate"], lurkers=eng["tiers"]["lurkers"])]


def events_cadence(doc: dict[str, Any]) -> list[Suggestion]:
    summary = doc["events_summary"]
    if summary["mean_score"] is None:
        return [_suggest("no_event_data", {"events_summary.count": summary["count"]}, count=summary["count"])]
    return [_suggest("event_mean", {"events_summary.mean_score": summary["mean_score"],
                                    "events_summary.count": summary["count"]},
                     score=summary["mean_score"], count=summary["count"])]


def core(doc: dict[str, Any]) -> list[Suggestion]:
    count = doc["culture"]["core_member_count"]
    core_ids = [m["member_id"] for m in doc["culture"]["core_members"]]
    return [_suggest("core_members", {"culture.core_member_count": count}, members=core_ids, count=count,
                     ids=_Listed(tuple(core_ids), empty="—"))]


RULES: tuple[Callable[[dict[str, Any]], list[Suggestion]], ...] = (
    goals_off_track, dormant, activation, unanswered, weakest_event_kind, content_format, repeat_offenders,
    plan, concentration,
)
FALLBACKS: tuple[Callable[[dict[str, Any]], list[Suggestion]], ...] = (posting, events_cadence, core)


def recommend(document: dict[str, Any]) -> list[Suggestion]:
    """3–8 suggestions, most pressing first; each figure is a dotted key of `document` and its value."""
    chosen = [s for rule in RULES for s in rule(document)][:MAX_SUGGESTIONS]
    for rule in FALLBACKS:
        if len(chosen) >= MIN_SUGGESTIONS:
            break
        chosen += rule(document)
    return chosen


def check_traceable(document: dict[str, Any], suggestion: Suggestion) -> bool:
    """True when every figure the suggestion quotes is the document's value at that key."""
    return all(resolve(document, key) == value for key, value in suggestion["figures"].items())
