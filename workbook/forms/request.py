"""The page's parameters as the home page passed them in the query string (Voila), else the defaults."""

from __future__ import annotations

import os
import sys
import time
from typing import NamedTuple
from urllib.parse import parse_qs

WARM_MARKER = "workbook: kernel warm"


class PageParams(NamedTuple):
    client: str
    period: str
    lang: str
    who: str
    interactive: bool


def in_voila() -> bool:
    return "VOILA_KERNEL_ID" in os.environ or os.environ.get("VOILA_PREHEAT") == "True"


def warm() -> None:
    """Pay a domain page's fixed costs before its request arrives: imports and vl-convert's engine.
    Nothing here depends on the request; the server log gets one line."""
    started = time.monotonic()
    import altair as alt
    import pandas as pd

    import workbook.forms.content_plan
    import workbook.forms.engagement
    import workbook.forms.event_scoring
    import workbook.forms.goals
    import workbook.forms.positioning
    import workbook.forms.screening
    import workbook.metrics
    import workbook.notebook_helpers
    import workbook.report_kpis
    import workbook.report_tables  # noqa: F401
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
        wait_for_request()
        os.environ["WORKBOOK_REQUEST_RECEIVED"] = "1"
    parsed = parse_qs(os.environ.get("QUERY_STRING", ""))
    return {k: v[-1] for k, v in parsed.items() if v}


def page_params(client: str, period: str, lang: str, interactive: bool = False) -> PageParams:
    """Parameters-cell values overridden by the query string; a page served by Voila is interactive."""
    from workbook import store

    if not in_voila():
        return PageParams(client, period, lang, store.current_user(), interactive)
    values = query(warm_first=True)
    return PageParams(values.get("client") or client, values.get("period") or period, values.get("lang") or lang,
                      values.get("who") or store.current_user(), True)


def who() -> str:
    """The facilitator saving: `who` from the query string in Voila, else the OS user."""
    from workbook import store

    return (query().get("who") if in_voila() else None) or store.current_user()
