"""The quiz winners of a period as a message ready to post in the group, in the client's language: members named
only when they agreed (`consent`), by id otherwise, and as 匿名 / anonymous when the client is pseudonymised.
A facilitator edits it before copying; the edited text is saved with the client (data/<client>/posts/)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from workbook import paths
from workbook.i18n import t

POST_NAME = "quiz-winners"


def publishable_names(people: pd.DataFrame, pseudonymised: bool, lang: str) -> dict[str, str]:
    """member_id → how a post may name them: the name of a consenting member (people series: `name` is already
    the id for the others), 匿名 / anonymous for everyone under pseudonymisation."""
    if pseudonymised:
        return {m: t("events_planning.winners.anonymous", lang) for m in people["member_id"]}
    return {m: (n if consent else m) for m, n, consent in
            zip(people["member_id"], people["name"], people["consent"], strict=True)}


def _percent(value: float | None) -> str:
    from workbook.report.event_sections import percent

    return "—" if value is None else percent(value)


def winners_text(document: dict[str, Any], names: Mapping[str, str], lang: str) -> str:
    """The post: a title with the period, one line per quiz of P (places 1–3, participants, mean, pass rate),
    a closing line; a single line saying so when P has no quiz result."""
    period = document["period"]["label"]
    quizzes = [q for q in document.get("quizzes", []) if q.get("participants")]
    if not quizzes:
        return t("events_planning.winners.none", lang, period=period)
    lines = [t("events_planning.winners.title", lang, period=period)]
    for quiz in quizzes:
        places = t("events_planning.winners.separator", lang).join(
            t("events_planning.winners.place", lang, place=n, name=names.get(m, m))
            for n, m in enumerate(quiz["top"], start=1))
        lines.append(t("events_planning.winners.quiz", lang, quiz=quiz["quiz_id"], places=places,
                       participants=quiz["participants"], mean=_percent(quiz["mean_pct"]),
                       passed=_percent(quiz["pass_rate"])))
    lines.append(t("events_planning.winners.closing", lang))
    return "\n".join(lines)


def post_path(client: str, period: str, lang: str) -> Path:
    return paths.client_dir(client) / "posts" / f"{POST_NAME}-{period}.{lang}.txt"


def saved_text(client: str, period: str, lang: str) -> str | None:
    """The facilitator's edited post for the period, None before one is saved."""
    path = post_path(client, period, lang)
    return path.read_text(encoding="utf-8") if path.exists() else None


def save_text(client: str, period: str, lang: str, text: str) -> Path:
    """Write the edited post (whole or not at all: written beside, then renamed over)."""
    path = post_path(client, period, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    staging.write_text(text, encoding="utf-8")
    staging.replace(path)
    return path


@dataclass
class WinnersEditor:
    widget: Any
    text: Any
    save: Any
    regenerate: Any
    status: Any


def winners_editor(client: str, period: str, lang: str, generated: str) -> WinnersEditor:
    """A text box holding the saved post (else the generated one), Save and Regenerate buttons and a status."""
    import ipywidgets as widgets

    text = widgets.Textarea(value=saved_text(client, period, lang) or generated,
                            layout=widgets.Layout(width="100%", max_width="48em", height="10em"))
    fits = widgets.Layout(width="auto")
    save = widgets.Button(description=t("events_planning.winners.save", lang), button_style="primary", layout=fits)
    regenerate = widgets.Button(description=t("events_planning.winners.regenerate", lang), layout=fits)
    status = widgets.HTML()

    def on_save(_: object) -> None:
        save_text(client, period, lang, text.value)
        status.value = f'<span class="wb-note wb-note-ok">{t("events_planning.winners.saved", lang)}</span>'

    def on_regenerate(_: object) -> None:
        text.value = generated
        status.value = f'<span class="wb-note">{t("events_planning.winners.regenerated", lang)}</span>'

    save.on_click(on_save)
    regenerate.on_click(on_regenerate)
    box = widgets.VBox([widgets.HTML(f"<p>{t('events_planning.winners.hint', lang)}</p>"), text,
                        widgets.HBox([save, regenerate]), status])
    box.add_class("wb-winners")
    return WinnersEditor(box, text, save, regenerate, status)


def show(text: str) -> None:
    """The post in a report page, as it will read in the group (line breaks kept)."""
    import html as html_text

    from IPython.display import HTML, display

    display(HTML(f'<pre class="wb-post" style="white-space: pre-wrap">{html_text.escape(text)}</pre>'))
