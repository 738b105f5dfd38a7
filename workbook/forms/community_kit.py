"""招募与欢迎 / Recruit & welcome: the recruitment notice (three lengths), the sign-up questionnaire, the 群规 and
the welcome message — each generated from client.yaml, editable before copying and saved with the client — the
newcomers still to greet, and the interest survey's ranking with its suggested slots and event kinds."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook import plan_suggestions, store
from workbook.forms.context import FormContext
from workbook.forms.dates import day_text
from workbook.forms.ui import Status, guarded, note, section, table_html
from workbook.i18n import LANGUAGES
from workbook.kit import interests as kit_interests
from workbook.kit import posts, questionnaire
from workbook.kit.newcomers import WINDOW_DAYS, Newcomer, newcomers
from workbook.kit.notice import LENGTHS, notice
from workbook.kit.rules_text import rules_text
from workbook.kit.welcome import welcome
from workbook.plan_suggestions import Suggestion


@dataclass
class TextEditor:
    """A generated text in a text area: pick its language, edit it, save it (data/<client>/posts/), regenerate."""

    widget: widgets.VBox
    post: str
    lang: widgets.ToggleButtons
    text: widgets.Textarea
    save: widgets.Button
    regenerate: widgets.Button
    status: Status
    generate: Callable[[str], str]
    saved: list[Callable[[], None]]


def text_editor(ctx: FormContext, post: str, title: str, generate: Callable[[str], str], rows: int = 10) -> TextEditor:
    """The saved text of `post` in the chosen language, else the freshly generated one (marked as not saved)."""
    lang = widgets.ToggleButtons(options=[(ctx.label(f"lang.{code}"), code) for code in LANGUAGES], value=ctx.lang)
    text = widgets.Textarea(rows=rows, layout=widgets.Layout(width="100%"))
    save = widgets.Button(description=ctx.label("kit.form.save_text"), button_style="primary")
    regenerate = widgets.Button(description=ctx.label("kit.form.regenerate"))
    status = Status()
    saved: list[Callable[[], None]] = []

    def show(*_: object) -> None:
        kept = posts.load_post(ctx.client, post, lang.value)
        text.value = kept if kept is not None else generate(lang.value)
        status.show(ctx.label("kit.form.saved_version" if kept is not None else "kit.form.generated"), "info")

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        if not ctx.who.strip():
            status.show(ctx.label("form.error.no_name"), "error")
            return
        path = posts.save_post(ctx.client, post, lang.value, text.value, ctx.who, ctx.engine)
        status.show(ctx.label("kit.form.text_saved", path=f"data/{ctx.client}/posts/{path.name}"), "ok")
        for after in saved:
            after()

    @guarded(status, ctx)
    def on_regenerate(_: object) -> None:
        text.value = generate(lang.value)
        status.show(ctx.label("kit.form.generated"), "info")

    lang.observe(show, "value")
    save.on_click(on_save)
    regenerate.on_click(on_regenerate)
    show()
    box = widgets.VBox([widgets.HTML(f"<h4>{html.escape(title)}</h4>"), lang, text,
                        widgets.HBox([save, regenerate]), status])
    box.add_class(f"wb-kit-text-{post}")
    return TextEditor(box, post, lang, text, save, regenerate, status, generate, saved)


def _download(name: str, data: bytes, mime: str, caption: str) -> str:
    """A link that downloads `data` from the page itself (a data: URL: nothing is fetched from anywhere)."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f'<a class="wb-download" download="{html.escape(name)}" href="data:{mime};base64,{encoded}">'
            f"{html.escape(caption)}</a>")


@dataclass
class QuestionnaireView:
    widget: widgets.VBox
    lang: widgets.ToggleButtons
    table: widgets.HTML
    downloads: widgets.HTML
    export: widgets.Button
    status: Status


def questionnaire_view(ctx: FormContext) -> QuestionnaireView:
    """The questions with what each answer imports as; CSV/XLSX kept in posts/ and offered for download."""
    lang = widgets.ToggleButtons(options=[(ctx.label(f"lang.{code}"), code) for code in LANGUAGES], value=ctx.lang)
    table, downloads = widgets.HTML(), widgets.HTML()
    export = widgets.Button(description=ctx.label("kit.form.export"), button_style="primary",
                            layout=widgets.Layout(width="auto"))
    status = Status()

    def show(*_: object) -> None:
        rows = [{"n": n, "text": q.text, "options": " / ".join(q.options) or "—", "maps_to": q.maps_to}
                for n, q in enumerate(questionnaire.questions(ctx.profile, lang.value), start=1)]
        table.value = table_html(rows, {c: ctx.label(f"kit.form.q.{c}") for c in ("n", "text", "options", "maps_to")})
        downloads.value = ""

    @guarded(status, ctx)
    def on_export(_: object) -> None:
        folder = posts.post_path(ctx.client, "signup_form", lang.value).parent
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"signup_form.{lang.value}"
        csv_path = folder / f"{stem}.csv"
        tmp = csv_path.with_name(f".{csv_path.name}.tmp")
        tmp.write_text(questionnaire.to_csv(ctx.profile, lang.value), encoding="utf-8-sig")
        tmp.replace(csv_path)
        xlsx_path = questionnaire.write_xlsx(ctx.profile, lang.value, folder / f"{stem}.xlsx")
        downloads.value = " · ".join([
            _download(csv_path.name, csv_path.read_bytes(), "text/csv", "CSV"),
            _download(xlsx_path.name, xlsx_path.read_bytes(),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX")])
        status.show(ctx.label("kit.form.exported", folder=f"posts/{stem}.csv, posts/{stem}.xlsx"), "ok")

    lang.observe(show, "value")
    export.on_click(on_export)
    show()
    box = widgets.VBox([lang, table, widgets.HBox([export, downloads]), status])
    box.add_class("wb-kit-questionnaire")
    return QuestionnaireView(box, lang, table, downloads, export, status)


@dataclass
class NewcomersView:
    widget: widgets.VBox
    table: widgets.HTML
    found: list[Newcomer]
    greet: widgets.Button
    refresh: Callable[[], None]


def _as_of(ctx: FormContext) -> pd.Timestamp:
    """The end of the page's period, or now while the period runs."""
    return min(pd.Timestamp(ctx.period.end_at).tz_convert("UTC"), pd.Timestamp.now(tz="UTC"))


def newcomers_view(ctx: FormContext, welcome_editor: TextEditor) -> NewcomersView:
    """The newcomers of the 7 days up to the period's end not greeted or not posted; a button writes the welcome
    with those not greeted yet @mentioned, and saving that welcome counts as greeting them."""
    table = widgets.HTML()
    greet = widgets.Button(description=ctx.label("kit.form.greet"), layout=widgets.Layout(width="auto"))
    view = NewcomersView(widgets.VBox(), table, [], greet, lambda: None)

    def refresh() -> None:
        members = store.read_table(ctx.engine, ctx.client, "members")
        messages = store.read_table(ctx.engine, ctx.client, "messages")
        welcomes = posts.saved_versions(ctx.engine, ctx.client, welcome_editor.post)
        view.found = newcomers(members, messages, _as_of(ctx), welcomes=welcomes)
        yes, no = ctx.label("kit.yes"), ctx.label("kit.no")
        rows = [{"name": n.display_name,
                 "joined": day_text(n.joined_at.tz_convert(ctx.profile.timezone).date(), ctx.lang),
                 "greeted": yes if n.greeted else no, "posted": yes if n.posted else no} for n in view.found]
        table.value = (table_html(rows, {c: ctx.label(f"kit.form.newcomer.{c}") for c in
                                         ("name", "joined", "greeted", "posted")}) if rows
                       else note(ctx.label("kit.form.newcomers_none", days=WINDOW_DAYS), "ok"))
        greet.disabled = all(n.greeted for n in view.found)

    def on_greet(_: object) -> None:
        names = [n.display_name for n in view.found if not n.greeted]
        welcome_editor.text.value = welcome(ctx.profile, welcome_editor.lang.value, names)
        welcome_editor.status.show(ctx.label("kit.form.generated"), "info")

    greet.on_click(on_greet)
    welcome_editor.saved.append(refresh)
    refresh()
    intro = widgets.HTML(note(ctx.label("kit.form.newcomers_intro", days=WINDOW_DAYS)))
    view.widget = widgets.VBox([intro, table, greet])
    view.widget.add_class("wb-kit-newcomers")
    view.refresh = refresh
    return view


@dataclass
class SuggestionPanel:
    """Suggested slots not in the plan yet, each with an accept button."""

    widget: widgets.VBox
    items: widgets.VBox
    buttons: list[tuple[Suggestion, widgets.Button]]
    status: Status
    refresh: Callable[[], None]


def suggestion_panel(ctx: FormContext, accepted: Callable[[Suggestion], None] | None = None) -> SuggestionPanel:
    """Every plan_suggestions provider's slots for the page's period; accepting one writes it (audited) and calls
    `accepted` (the content page redraws its plan)."""
    items = widgets.VBox()
    status = Status()
    panel = SuggestionPanel(widgets.VBox(), items, [], status, lambda: None)

    def refresh() -> None:
        found = plan_suggestions.collect(ctx.engine, ctx.client, ctx.profile, ctx.period, ctx.lang)
        plan = store.read_table(ctx.engine, ctx.client, "content_plan")
        panel.buttons = []
        rows: list[widgets.Widget] = []
        for suggestion in plan_suggestions.pending(found, plan):
            button = widgets.Button(description=ctx.label("kit.form.accept"), button_style="success")
            button.on_click(guarded(status, ctx)(lambda _, s=suggestion: on_accept(s)))
            what = " · ".join(x for x in (ctx.choice("format", suggestion.format) if suggestion.format else "",
                                          ctx.choice("content_kind", suggestion.kind) if suggestion.kind else "") if x)
            line = widgets.HTML(f"<b>{html.escape(day_text(suggestion.due, ctx.lang))} · "
                                f"{html.escape(suggestion.topic)}</b> {html.escape(what)}<br>"
                                f"<small>{html.escape(suggestion.reason)}</small>")
            row = widgets.HBox([button, line])
            row.add_class("wb-suggestion")
            rows.append(row)
            panel.buttons.append((suggestion, button))
        items.children = rows or [widgets.HTML(note(ctx.label("kit.form.no_suggestions")))]

    def on_accept(suggestion: Suggestion) -> None:
        if not ctx.who.strip():
            status.show(ctx.label("form.error.no_name"), "error")
            return
        try:
            plan_suggestions.accept(ctx.engine, ctx.client, suggestion, ctx.who)
        except store.ConflictError:
            status.show(ctx.label("kit.form.already_planned", topic=suggestion.topic), "warning")
            refresh()
            return
        status.show(ctx.label("kit.form.accepted", topic=suggestion.topic, day=day_text(suggestion.due, ctx.lang)),
                    "ok")
        if accepted is not None:
            accepted(suggestion)
        ctx.changed()  # this panel is one of the page's refreshers: it redraws without the accepted slot

    panel.refresh = refresh
    ctx.refreshers.append(refresh)  # a slot saved by hand on the same day and topic takes its suggestion away
    refresh()
    panel.widget = widgets.VBox([widgets.HTML(f"<h4>{html.escape(ctx.label('kit.form.suggestions'))}</h4>"), items,
                                 status])
    panel.widget.add_class("wb-plan-suggestions")
    return panel


@dataclass
class InterestsView:
    widget: widgets.VBox
    ranking: widgets.HTML
    suggestions: SuggestionPanel


def interests_view(ctx: FormContext) -> InterestsView:
    """Topics, formats and times ranked; event kinds the formats ask for; suggested slots to accept."""
    frame = store.read_table(ctx.engine, ctx.client, "interests")
    if frame.empty:
        ranking = widgets.HTML(note(ctx.label("kit.form.no_interests", client=ctx.client)))
    else:
        parts = [f"<p>{html.escape(ctx.label('kit.form.responses', n=len(frame)))}</p>"]
        headers = {c: ctx.label(f"kit.form.rank.{c}") for c in ("option", "responses", "share")}
        for field in ("topics", "formats", "times"):
            ranked = kit_interests.rank(frame, field)
            if not ranked:
                continue
            rows = [{"option": kit_interests.format_label(ctx.profile, r.option, ctx.lang) if field == "formats"
                     else r.option, "responses": r.responses, "share": f"{r.share:.0%}"} for r in ranked]
            title = html.escape(ctx.label(f"kit.form.rank_title.{field}"))
            parts.append(f"<h4>{title}</h4>" + table_html(rows, headers))
        kinds = kit_interests.event_kinds(kit_interests.rank(frame, "formats"))
        if kinds:
            listed = "、".join if ctx.lang == "zh-CN" else ", ".join
            parts.append("<p>" + html.escape(ctx.label("kit.form.event_kinds", kinds=listed(
                f"{ctx.choice('event_kind', k)} ({n})" for k, n in kinds))) + "</p>")
        ranking = widgets.HTML("".join(parts))
    panel = suggestion_panel(ctx)
    box = widgets.VBox([ranking, panel.widget])
    box.add_class("wb-kit-interests")
    return InterestsView(box, ranking, panel)


@dataclass
class CommunityKit:
    widget: widgets.VBox
    notices: dict[str, TextEditor]
    questionnaire: QuestionnaireView
    questionnaire_text: TextEditor
    rules: TextEditor
    welcome: TextEditor
    newcomers: NewcomersView
    interests: InterestsView


def community_kit(ctx: FormContext) -> CommunityKit:
    """The whole page: recruitment, rules and welcome, interests."""
    profile = ctx.profile
    notices = {length: text_editor(ctx, f"notice_{length}", ctx.label(f"kit.form.notice.{length}"),
                                   lambda lang, n=length: notice(profile, lang, n), rows=6 if length == "wecom" else 14)
               for length in LENGTHS}
    quest = questionnaire_view(ctx)
    form_text = text_editor(ctx, "signup_form", ctx.label("kit.form.questionnaire_text"),
                            lambda lang: questionnaire.to_text(profile, lang), rows=12)
    rules = text_editor(ctx, "rules", ctx.label("kit.form.rules"), lambda lang: rules_text(profile, lang), rows=18)
    greeting = text_editor(ctx, "welcome", ctx.label("kit.form.welcome"), lambda lang: welcome(profile, lang), rows=12)
    arrivals = newcomers_view(ctx, greeting)
    wanted = interests_view(ctx)
    box = widgets.VBox([
        section(ctx.label("kit.form.recruitment"), widgets.HTML(note(ctx.label("kit.form.recruitment_intro"))),
                *(e.widget for e in notices.values()),
                widgets.HTML(f"<h4>{html.escape(ctx.label('kit.form.questionnaire'))}</h4>"), quest.widget,
                form_text.widget),
        section(ctx.label("kit.form.rules_welcome"), rules.widget,
                widgets.HTML(f"<h4>{html.escape(ctx.label('kit.form.newcomers'))}</h4>"), arrivals.widget,
                greeting.widget),
        section(ctx.label("kit.form.interests"), wanted.widget)])
    box.add_class("wb-form-kit")
    return CommunityKit(box, notices, quest, form_text, rules, greeting, arrivals, wanted)


def page(*, client: str, period: str, lang: str, db_url: str | None = None, who: str | None = None) -> Any:
    """The page as the notebook displays it (as workbook.forms.page does for the domain pages)."""
    from workbook.forms.request import who as request_who

    ctx = FormContext(client, period, lang, db_url, who if who is not None else request_who())
    box = widgets.VBox([community_kit(ctx).widget])
    box.add_class("wb-page")
    box.add_class("wb-page-kit")
    return box
