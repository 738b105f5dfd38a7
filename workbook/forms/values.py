"""The community's values and slogan (client.yaml `positioning.values`, `positioning.slogan`, set on the goals
page's positioning form) where people see them: the summary page, the yearbook's first page and the app header."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import Any

from workbook.i18n import t
from workbook.profile import Positioning


def banner_html(positioning: Positioning, lang: str) -> str:
    """The slogan and the values as a banner, or "" when neither is set."""
    values = [v.strip() for v in positioning.values if v.strip()]
    slogan = positioning.slogan.strip()
    if not values and not slogan:
        return ""
    parts = ['<div class="wb-motto-banner" style="border-left:4px solid #2f6fdf;padding:8px 16px;margin:8px 0 16px;'
             'background:#eef3fc;border-radius:6px">']
    if slogan:
        parts.append(f'<div class="wb-slogan" style="font-size:20px;font-weight:600">{html.escape(slogan)}</div>')
    if values:
        chips = "".join(f'<li style="display:inline-block;margin:4px 8px 0 0;padding:2px 12px;border-radius:999px;'
                        f'background:#fff;border:1px solid #d8dee4">{html.escape(v)}</li>' for v in values)
        parts.append(f'<div class="wb-values"><span>{html.escape(t("culture_programme.values", lang))}</span>'
                     f'<ul style="display:inline;padding:0;margin:0 0 0 8px">{chips}</ul></div>')
    parts.append("</div>")
    return "".join(parts)


def show(report: Any) -> None:
    """Display the banner of the report's client (nothing when the client set neither values nor slogan)."""
    from IPython.display import HTML, display

    banner = banner_html(report.profile.positioning, report.lang)
    if banner:
        display(HTML(banner))


def mottos(clients: Iterable[str], allowed: Callable[[str], bool] | None = None) -> dict[str, dict[str, Any]]:
    """client → {slogan, values} for the app header, over the clients the facilitator may open; a client whose
    profile cannot be read is left out (its pages say why)."""
    from workbook.profile import ProfileError, load_profile

    found: dict[str, dict[str, Any]] = {}
    for client in clients:
        if allowed is not None and not allowed(client):
            continue
        try:
            positioning = load_profile(client).positioning
        except (ProfileError, OSError):
            continue
        values = [v for v in positioning.values if v.strip()]
        if positioning.slogan.strip() or values:
            found[client] = {"slogan": positioning.slogan.strip(), "values": values}
    return found
