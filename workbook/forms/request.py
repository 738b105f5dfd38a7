"""The page's parameters as the home page passed them in the query string (Voila), checked before use:
the client must exist (a plain name, never a path) and be one the signed-in facilitator may open, the period
must be a period. A refused page shows one sentence in its language instead of running on."""

from __future__ import annotations

import html
import importlib
import os
import re
import sys
import time
from typing import Any, NamedTuple
from urllib.parse import parse_qs

WARM_MARKER = "workbook: kernel warm"
# Set by `workbook serve --users`: the server, not the query string, says who is asking (serve/users.py).
USERS_IN_FORCE = "WORKBOOK_USERS_IN_FORCE"
USER_ENV = "HTTP_X_WORKBOOK_USER"
CLIENTS_ENV = "HTTP_X_WORKBOOK_CLIENTS"
ALL_CLIENTS = "*"
CLIENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}", re.ASCII)
WHO_LENGTH = 80
# What a domain page imports before it draws; warm() pays for these before the request arrives.
PAGE_MODULES = ("pandas", "pyarrow", "altair", "ipywidgets", "sqlalchemy", "workbook.store", "workbook.metrics",
                "workbook.charts", "workbook.snapshot", "workbook.report.notebook", "workbook.report.kpis",
                "workbook.report.tables",
                "workbook.forms.page", "workbook.forms.goals", "workbook.forms.positioning", "workbook.forms.screening",
                "workbook.forms.content_plan", "workbook.forms.event_scoring", "workbook.forms.engagement",
                "workbook.forms.settings")


class PageParams(NamedTuple):
    client: str
    period: str
    lang: str
    who: str
    interactive: bool


class PageRefused(Exception):
    """The request may not open this page; `message` says why in the page's language."""

    def __init__(self, key: str, lang: str, **values: object) -> None:
        from workbook.i18n import t

        self.key = key
        self.message = t(key, lang, **values)
        super().__init__(self.message)

    def _repr_html_(self) -> str:
        return f'<p class="wb-error wb-refused" role="alert">{html.escape(self.message)}</p>'


def in_voila() -> bool:
    return "VOILA_KERNEL_ID" in os.environ or os.environ.get("VOILA_PREHEAT") == "True"


def warm() -> None:
    """Pay a domain page's fixed costs before its request arrives: imports and vl-convert's engine.
    Nothing here depends on the request; the server log gets one line."""
    started = time.monotonic()
    for name in PAGE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # a module being reorganised must not stop the page
            print(f"workbook: warm-up could not import {name}", file=sys.__stderr__, flush=True)
    import altair as alt
    import pandas as pd

    from workbook.charts import to_svg

    to_svg(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q"))
    print(f"{WARM_MARKER} ({time.monotonic() - started:.1f} s)", file=sys.__stderr__, flush=True)


def query(warm_first: bool = False) -> dict[str, str]:
    """The request's query string as a dict; with a preheated kernel this waits for the request first
    (after `warm()` when `warm_first`)."""
    # A preheated kernel receives its request once: wait the first time only, later calls read the env.
    if os.environ.get("VOILA_PREHEAT") == "True" and not os.environ.get("WORKBOOK_REQUEST_RECEIVED"):
        from voila.utils import wait_for_request

        if warm_first:
            warm()
        else:
            print(WARM_MARKER, file=sys.__stderr__, flush=True)
        # The server may hand requests to warm kernels on a loopback port of its own (serve/app.py).
        wait_for_request(os.environ.get("WORKBOOK_QUERY_URL") or None)
        os.environ["WORKBOOK_REQUEST_RECEIVED"] = "1"
    parsed = parse_qs(os.environ.get("QUERY_STRING", ""))
    return {k: v[-1] for k, v in parsed.items() if v}


def signed_in() -> str | None:
    """The facilitator the server authenticated (`serve --users`), None when no users file is in force."""
    if not os.environ.get(USERS_IN_FORCE):
        return None
    return os.environ.get(USER_ENV) or ""


def allowed_clients() -> set[str] | None:
    """The clients the signed-in facilitator may open; None for all."""
    if not os.environ.get(USERS_IN_FORCE):
        return None
    listed = os.environ.get(CLIENTS_ENV, "")
    return None if listed == ALL_CLIENTS else {c for c in listed.split(",") if c}


def check_client(client: str, lang: str) -> str:
    """`client` when it names an existing client the facilitator may open, else PageRefused."""
    from workbook import paths

    if not CLIENT_NAME.fullmatch(client or ""):
        raise PageRefused("page.bad_client", lang, client=_shown(client))
    allowed = allowed_clients()
    if allowed is not None and client not in allowed:
        raise PageRefused("page.client_not_allowed", lang, client=client)
    if client not in paths.list_clients():
        raise PageRefused("page.unknown_client", lang, client=client)
    return client


def check_period(period: str, lang: str) -> str:
    """`period` when the period grammar reads it (workbook.periods.parse), else PageRefused."""
    from workbook.periods import PeriodError, parse

    try:
        return parse(period).label
    except PeriodError:
        raise PageRefused("page.bad_period", lang, period=_shown(period)) from None


def _shown(text: str | None) -> str:
    """A hostile value made printable and short for the message that refuses it."""
    printable = "".join(ch if ch.isprintable() else "�" for ch in (text or ""))
    return printable if len(printable) <= 40 else printable[:39] + "…"


def _who(asked: str | None) -> str:
    """The signed-in name, else the name the browser sent; empty when neither (never the server's OS user:
    the forms then ask for a name before saving)."""
    identity = signed_in()
    if identity is not None:
        return identity
    return "".join(ch for ch in (asked or "") if ch.isprintable()).strip()[:WHO_LENGTH]


def show_refusals_in_page() -> None:
    """A PageRefused raised in a cell shows its sentence and stops the page, instead of Voila's English
    'There was an error' line (Voila strips error outputs; a custom handler emits none)."""
    from IPython import get_ipython

    shell = get_ipython()
    if shell is None:
        return

    def handler(_shell: Any, _etype: type, value: BaseException, _tb: Any, tb_offset: Any = None) -> list[str]:
        from IPython.display import HTML, display

        display(HTML(value._repr_html_() if isinstance(value, PageRefused) else html.escape(str(value))))
        return []

    shell.set_custom_exc((PageRefused,), handler)


def page_params(client: str, period: str, lang: str, interactive: bool = False) -> PageParams:
    """Parameters-cell values overridden by the query string; a page served by Voila is interactive and
    its client and period are checked (PageRefused, shown in the page, when they may not be used)."""
    from workbook.i18n import normalise_lang
    from workbook.identity import current_user

    if not in_voila():
        return PageParams(client, period, lang, current_user(), interactive)
    values = query(warm_first=True)
    lang = normalise_lang(values.get("lang") or lang)
    show_refusals_in_page()
    if signed_in() == "":
        raise PageRefused("page.not_signed_in", lang)
    client = check_client(values.get("client") or client, lang)
    period = check_period(values.get("period") or period, lang)
    return PageParams(client, period, lang, _who(values.get("who")), True)


def who() -> str:
    """The facilitator saving: the signed-in user when a users file is in force, else `who` from the query
    string in Voila (empty when the browser sent none), else (Jupyter, papermill) the OS user."""
    from workbook.identity import current_user

    return _who(query().get("who")) if in_voila() else current_user()
