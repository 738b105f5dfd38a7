"""The app's home page: client, period, language and facilitator name, and links to the domain pages.

`workbook serve` draws it without a kernel from `choices()` (serve/home.py); `home()` is the same page as
widgets, for index.ipynb opened in Jupyter."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from workbook import paths
from workbook.i18n import LANGUAGES, normalise_lang, t

PAGES = ("00_summary", "01_goals", "02_recruitment", "03_content", "04_events", "05_engagement", "06_culture")
RECENT_MONTHS = 12


@dataclass
class Home:
    widget: Any
    client: Any
    period: Any
    language: Any
    who: Any
    links: Any
    state: dict[str, Any]


@dataclass(frozen=True)
class Choices:
    """What the home page starts with: the query string's values where valid, else the defaults."""

    clients: list[str]
    client: str | None
    months: list[str]
    period: str
    lang: str
    who: str


def choices(asked: dict[str, str], lang: str, clients: list[str], now: datetime | None = None) -> Choices:
    """`asked` (the query string) over the defaults: first client, last closed month, `lang`, no name (the
    browser fills in the one it remembers; never the server's OS user)."""
    months = recent_months(now or datetime.now(UTC))
    client = asked.get("client") if asked.get("client") in clients else (clients[0] if clients else None)
    return Choices(clients, client, months, asked.get("period") or months[1],
                   normalise_lang(asked.get("lang") or lang), asked.get("who") or "")


def recent_months(now: datetime, count: int = RECENT_MONTHS, timezone: str = "Asia/Shanghai") -> list[str]:
    """The current month and the `count` − 1 before it, newest first."""
    from workbook.periods import last_closed

    current = last_closed("month", now, timezone).next()
    months = [current]
    while len(months) < count:
        months.append(months[-1].prev())
    return [m.label for m in months]


def page_url(name: str, client: str, period: str, lang: str, who: str) -> str:
    """A domain page's address relative to the home notebook, with the choices in the query string."""
    return f"{name}.ipynb?" + urlencode({"client": client, "period": period, "lang": lang, "who": who})


def home(lang: str | None = None, now: datetime | None = None) -> Home:
    """Built from the query string when served (client, period, lang, who), else from the defaults."""
    import ipywidgets as widgets

    from workbook.forms.request import in_voila, query

    start = choices(query() if in_voila() else {}, lang or "zh-CN", paths.list_clients(), now)
    lang = start.lang
    client = widgets.Dropdown(options=start.clients, value=start.client)
    period = widgets.Combobox(options=start.months, value=start.period, ensure_option=False)
    language = widgets.ToggleButtons(options=[(t(f"lang.{code}", code), code) for code in LANGUAGES], value=lang)
    who = widgets.Text(value=start.who)
    title, intro, links = widgets.HTML(), widgets.HTML(), widgets.HTML()
    captions = {name: widgets.HTML(layout=widgets.Layout(width="9em")) for name in ("client", "period", "who")}
    hint = widgets.HTML()
    state: dict[str, Any] = {"lang": lang}

    def render(*_: object) -> None:
        current = language.value
        state["lang"] = current
        title.value = f"<h1>{html.escape(t('home.title', current))}</h1>"
        intro.value = f"<p>{html.escape(t('home.intro', current))}</p>"
        for name, caption in captions.items():
            caption.value = html.escape(t(f"home.{name}", current))
        hint.value = f"<small>{html.escape(t('home.who_hint', current))}</small>"
        if client.value is None:
            links.value = f'<p class="wb-warning">{html.escape(t("home.no_clients", current))}</p>'
            return
        from workbook.periods import PeriodError, parse

        try:
            parse(period.value)
        except PeriodError:
            links.value = f'<p class="wb-error">{html.escape(t("home.bad_period", current))}</p>'
            return
        items = "".join(
            f'<a class="wb-page-link" data-page="{name}" href="{html.escape(page_url(name, client.value, period.value, current, who.value.strip()))}">'  # noqa: E501
            f"{html.escape(t(f'report.notebook.{name}', current))}</a>" for name in PAGES)
        links.value = f'<h3>{html.escape(t("home.pages", current))}</h3><div class="wb-links">{items}</div>'

    for w in (client, period, language, who):
        w.observe(render, "value")
    render()
    box = widgets.VBox([title, intro, widgets.HBox([captions["client"], client]),
                        widgets.HBox([captions["period"], period]), language,
                        widgets.HBox([captions["who"], who, hint]), links])
    box.add_class("wb-home")
    return Home(box, client, period, language, who, links, state)
