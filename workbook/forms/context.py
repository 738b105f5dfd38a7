"""What every form shares: client, period, language, who is saving, the store engine and the profile."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from workbook import store
from workbook.i18n import has, normalise_lang, t


@dataclass
class FormContext:
    """One facilitator's view of one client and period; forms read and write through it."""

    client: str
    period_label: str
    lang: str = "zh-CN"
    db_url: str | None = None
    who: str = field(default_factory=store.current_user)
    # Called after every save on the page (figures and tables below the forms redraw themselves).
    refreshers: list[Callable[[], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lang = normalise_lang(self.lang)

    def changed(self) -> None:
        for refresh in self.refreshers:
            refresh()

    @cached_property
    def engine(self) -> Any:
        return store.engine(self.client, self.db_url)

    @cached_property
    def profile(self) -> Any:
        from workbook.profile import load_profile

        return load_profile(self.client)

    @property
    def period(self) -> Any:
        from workbook.periods import parse

        return parse(self.period_label, self.profile.timezone)

    def label(self, key: str, **values: Any) -> str:
        return t(key, self.lang, self.profile.labels, **values)

    def choice(self, group: str, value: object) -> str:
        """Localised name of an enum value: forms' own label, else the metrics one, else the value itself."""
        for key in (f"form.value.{group}.{value}", f"metrics.value.{value}"):
            if has(key):
                return self.label(key)
        return str(value)

    def criterion(self, key: str) -> str | None:
        """The localised name of a screening or event rubric criterion, None when no rubric has `key`."""
        for criterion in (*self.profile.screening_rubric, *self.profile.event_rubric):
            if criterion.key == key:
                return str(criterion.label_zh if self.lang == "zh-CN" else criterion.label_en)
        return None

    def frames(self, period: Any = None) -> Any:
        """A fresh windowed read of what the figures of `period` (default: the page's) need; forms re-read
        after each save so their figures stay live."""
        from workbook.snapshot import build

        return build.frames_for(self.engine, self.client, self.profile, period or self.period, full=False)

    def document(self) -> dict[str, Any]:
        """The period's metrics document as the store is now (its snapshot, computed when stale)."""
        from workbook import snapshot

        return snapshot.document(self.client, self.period_label, self.db_url)
