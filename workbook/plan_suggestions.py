"""Suggested content-plan slots from any source (interest surveys, hot terms …) and accepting one into the plan.

A source is a function `(engine, client, profile, period, lang) -> list[Suggestion]` named in PROVIDERS
("module:function"); the content page lists what they suggest that is not in the plan yet, and accept() writes
the slot as a form save would (audited, the store revision bumped)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from typing import Any

import pandas as pd

from workbook import store

PROVIDERS: tuple[str, ...] = ("workbook.kit.interests:plan_suggestions", "workbook.forms.needs:plan_suggestions")


@dataclass(frozen=True)
class Suggestion:
    """A slot someone may want to plan: when, on what, in which kind and format, and why (in the page's language)."""

    due: date
    topic: str
    source: str
    reason: str
    kind: str | None = None
    format: str | None = None

    @property
    def slot_id(self) -> str:
        """Stable for the same source, topic and day: accepting twice is a conflict, never two slots."""
        digest = hashlib.sha1(f"{self.source}|{self.topic}|{self.due.isoformat()}".encode()).hexdigest()
        return f"sug-{digest[:10]}"

    def record(self, owner: str | None) -> dict[str, Any]:
        return {"slot_id": self.slot_id, "due": self.due, "kind": self.kind, "format": self.format,
                "topic": self.topic, "owner": owner or None, "status": "planned", "content_id": None}


def pending(suggestions: Iterable[Suggestion], plan: pd.DataFrame) -> list[Suggestion]:
    """The suggestions not in `plan` yet (neither the accepted slot nor a slot on the same day and topic)."""
    if plan is None or plan.empty:
        return list(suggestions)
    taken = set(plan["slot_id"])
    planned = {(pd.Timestamp(d).date(), str(t).strip().lower()) for d, t in zip(plan["due"], plan["topic"], strict=True)
               if d is not None and not pd.isna(d) and t}
    return [s for s in suggestions if s.slot_id not in taken and (s.due, s.topic.strip().lower()) not in planned]


def accept(engine: Any, client: str, suggestion: Suggestion, who: str, owner: str | None = None) -> int:
    """Write the suggested slot (status planned) through the audited store; store.ConflictError when it is
    already in the plan. Returns the slot's version (1)."""
    return store.save_record(engine, client, "content_plan", suggestion.record(owner or who), expected_version=None,
                             who=who)


def collect(engine: Any, client: str, profile: Any, period: Any, lang: str,
            providers: Iterable[str] = PROVIDERS) -> list[Suggestion]:
    """Every provider's suggestions, in the order of PROVIDERS, sorted by day within each."""
    found: list[Suggestion] = []
    for path in providers:
        module, name = path.split(":")
        provider: Callable[..., list[Suggestion]] = getattr(import_module(module), name)
        found += sorted(provider(engine, client, profile, period, lang), key=lambda s: (s.due, s.topic))
    return found
