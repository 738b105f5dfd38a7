"""The stories page: candidate stories of the period (metrics.stories) accepted, edited, tagged or dismissed,
each decision an audited `stories` row; and the accepted stories as the culture report and yearbook show them."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd
import sqlalchemy as sa

from workbook import store
from workbook.forms.context import FormContext
from workbook.forms.dates import day_text
from workbook.forms.ui import Field, Status, guarded, note, save, searchable, section, table_html
from workbook.metrics import stories
from workbook.metrics.stories import Candidate


@dataclass
class StoriesForm:
    widget: widgets.VBox
    candidate: widgets.Dropdown
    messages: widgets.HTML
    title: widgets.Text
    body: widgets.Textarea
    tags: widgets.Text
    accept: widgets.Button
    dismiss: widgets.Button
    status: Status
    accepted: widgets.HTML
    fields: dict[str, Field]
    state: dict[str, Any]


def _utc_naive(moment: pd.Timestamp) -> Any:
    return pd.Timestamp(moment).tz_convert("UTC").tz_localize(None).to_pydatetime()


def suggested_title(ctx: FormContext, candidate: Candidate, names: dict[str, str]) -> str:
    people = [names.get(m, m) for m in candidate.members]
    first = people[0] if people else ""
    others = "、".join(people[1:]) if ctx.lang == "zh-CN" else ", ".join(people[1:])
    return ctx.label(f"culture_programme.story_title.{candidate.kind}", first=first, others=others,
                     subject=candidate.subject)


def _quotes_html(ctx: FormContext, candidate: Candidate, names: dict[str, str], allowed: set[str]) -> str:
    items = []
    not_named = html.escape(ctx.label("culture_programme.stories.not_named"))
    for quote in candidate.quotes:
        who = names.get(quote.member_id, quote.member_id) if quote.member_id else "—"
        hidden = "" if quote.member_id in allowed else f" <small>{not_named}</small>"
        when = pd.Timestamp(quote.at).tz_convert(ctx.profile.timezone).strftime("%Y-%m-%d %H:%M")
        items.append(f"<li><b>{html.escape(who)}</b>{hidden} · {when}<br>{html.escape(quote.text or '—')}</li>")
    return f'<ul class="wb-story-messages">{"".join(items)}</ul>' if items else ""


def stories_form(ctx: FormContext) -> StoriesForm:
    """Candidates of the page's period; a decided one shows its saved title, text and tags for editing."""
    state: dict[str, Any] = {"candidates": {}, "stored": pd.DataFrame(), "version": None}
    candidate = widgets.Dropdown(layout=widgets.Layout(width="40em"))
    messages = widgets.HTML()
    title = widgets.Text(layout=widgets.Layout(width="40em"))
    body = widgets.Textarea(placeholder=ctx.label("culture_programme.stories.body_hint"),
                            layout=widgets.Layout(width="40em", height="8em"))
    values = ", ".join(ctx.profile.positioning.values) or "互助, 成长"
    tags = widgets.Text(placeholder=ctx.label("culture_programme.stories.tags_hint", values=values),
                        layout=widgets.Layout(width="40em"))
    accept = widgets.Button(description=ctx.label("culture_programme.stories.accept"), button_style="primary")
    dismiss = widgets.Button(description=ctx.label("culture_programme.stories.dismiss"))
    status, accepted, notice = Status(), widgets.HTML(), widgets.HTML()
    candidate_row, _search = searchable(ctx, candidate)  # the demo's month holds some 300 candidates
    fields = {name: Field(ctx.label(f"culture_programme.stories.{name}"), w) for name, w in (
        ("candidate", candidate_row), ("messages", messages), ("title", title), ("body", body), ("tags", tags))}

    def names() -> dict[str, str]:
        return state["names"]  # type: ignore[no-any-return]

    def stored_row(story_id: str) -> dict[str, Any] | None:
        return state["stored_by_id"].get(story_id)  # type: ignore[no-any-return]

    def show_accepted() -> None:
        chosen = stories.accepted_in_period(state["stored"], ctx.period)
        rows = [{"date": day_text(pd.Timestamp(r.at).tz_convert(ctx.profile.timezone).date(), ctx.lang),
                 "kind": ctx.label(f"culture_programme.story_kind.{r.kind or 'other'}"), "title": r.title,
                 "tags": r.tags} for r in chosen.itertuples()]
        headers = {c: ctx.label(f"culture_programme.col.{c}") for c in ("date", "kind", "title", "tags")}
        accepted.value = (f"<h4>{html.escape(ctx.label('culture_programme.stories.accepted'))}</h4>"
                          + (table_html(rows, headers) if rows else note(
                              ctx.label("culture_programme.stories.none_accepted"))))

    def find() -> None:
        """Candidates come from the period's data, which a decision on this page does not change: found once."""
        frames = ctx.frames()
        state["candidates"] = {c.story_id: c for c in stories.candidates(frames, ctx.profile, ctx.period,
                                                                         ctx.document())}
        state["members"] = frames.members
        state["names"] = stories.display_names(frames.members, ctx.profile)
        state["allowed"] = stories.consenting(frames.members, ctx.profile)
        text_kept = not ctx.profile.privacy.pseudonymise and frames.messages["text"].notna().any()
        notice.value = "" if text_kept else note(ctx.label("culture_programme.stories.no_text"), "warning")

    def reload(select: str | None = None) -> None:
        found = list(state["candidates"].values())
        state["stored"] = store.read_table(ctx.engine, ctx.client, "stories")
        state["stored_by_id"] = {r["story_id"]: r for r in state["stored"].to_dict("records")}
        labels = []
        for c in found:
            row = stored_row(c.story_id)
            mark = ctx.label(f"culture_programme.stories.mark.{row['status'] if row is not None else 'new'}")
            who = ", ".join(names().get(m, m) for m in c.members) or c.subject
            day = day_text(pd.Timestamp(c.at).tz_convert(ctx.profile.timezone).date(), ctx.lang)
            kind = ctx.label(f"culture_programme.story_kind.{c.kind}")
            labels.append((f"{mark} {kind} · {day} · {who}", c.story_id))
        candidate.options = labels
        if not labels:
            messages.value = note(ctx.label("culture_programme.stories.none"))
        candidate.value = select if select in state["candidates"] else (labels[0][1] if labels else None)
        on_candidate({"new": candidate.value})
        show_accepted()

    def on_candidate(change: dict[str, Any]) -> None:
        for f in fields.values():
            f.set_error(None)
        chosen = state["candidates"].get(change["new"])
        if chosen is None:
            title.value = body.value = tags.value = ""
            state["version"] = None
            return
        messages.value = _quotes_html(ctx, chosen, names(), state["allowed"])
        row = stored_row(chosen.story_id)
        if row is not None:
            state["version"] = int(row["version"])
            title.value, body.value, tags.value = row["title"] or "", row["body"] or "", row["tags"] or ""
            return
        state["version"] = None
        title.value = suggested_title(ctx, chosen, names())
        body.value = ""  # the facilitator tells it; the members' words are quoted beside it in reports
        tags.value = ""

    def decide(decision: str) -> None:
        for f in fields.values():
            f.set_error(None)
        chosen = state["candidates"].get(candidate.value)
        if chosen is None:
            return
        problems = {}
        if decision == "accepted" and not title.value.strip():
            problems["title"] = ctx.label("form.error.required")
        named = stories.unconsented_names(f"{title.value}\n{body.value}", state["members"], ctx.profile)
        if decision == "accepted" and named:
            problems["body"] = ctx.label("culture_programme.stories.names_unconsented", names=", ".join(named))
        for name, text in problems.items():
            fields[name].set_error(text)
        if problems:
            status.show(ctx.label("form.not_saved"), "error")
            return
        record = {"story_id": chosen.story_id, "kind": chosen.kind, "status": decision, "at": _utc_naive(chosen.at),
                  "title": title.value.strip() or suggested_title(ctx, chosen, names()),
                  "body": body.value.strip() or None, "members": ",".join(chosen.members) or None,
                  "refs": ",".join(chosen.refs) or None, "tags": ", ".join(stories.split_list(tags.value)) or None}
        save(ctx, "stories", record, state["version"], status, saved=lambda _v: reload(chosen.story_id),
             theirs=lambda: reload(chosen.story_id))

    candidate.observe(on_candidate, "value")
    accept.on_click(guarded(status, ctx)(lambda _: decide("accepted")))
    dismiss.on_click(guarded(status, ctx)(lambda _: decide("dismissed")))
    find()
    reload()
    box = section(ctx.label("report.notebook.11_stories"),
                  widgets.HTML(f"<p>{html.escape(ctx.label('culture_programme.stories.intro'))}</p>"), notice,
                  *(f.box for f in fields.values()), widgets.HBox([accept, dismiss]), status, accepted)
    box.add_class("wb-form-stories")
    return StoriesForm(box, candidate, messages, title, body, tags, accept, dismiss, status, accepted, fields, state)


def messages_by_id(engine: Any, client: str, ids: list[str]) -> pd.DataFrame:
    """Only the messages a story refers to (never the whole table: a client may have millions)."""
    table = store.SA_TABLES["messages"]
    columns = ["message_id", "member_id", "sent_at", "text"]
    if not ids:
        return pd.DataFrame(columns=columns)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(*(table.c[c] for c in columns))
                            .where(table.c.client == client, table.c.message_id.in_(ids))).all()
    return pd.DataFrame(rows, columns=columns)


def report_table(report: Any) -> pd.DataFrame:
    """The accepted stories of the report's period as the culture report and yearbook show them (localised
    headers), from the period snapshot (metrics.culture_records: who may be named and quoted)."""
    chosen = report.series("accepted_stories")
    columns = ("date", "kind", "title", "members", "tags", "story", "quotes")
    headers = {c: report.label(f"culture_programme.col.{c}") for c in columns}
    if chosen.empty:
        return pd.DataFrame(columns=list(headers.values()))
    withheld = report.label("culture_programme.stories.withheld")
    rows = [{"date": pd.Timestamp(story.at).tz_convert(report.profile.timezone).date().isoformat(),
             "kind": report.label(f"culture_programme.story_kind.{story.kind}"),
             "title": "—" if story.withheld else story.title, "members": story.members or "—",
             "tags": story.tags or "—", "story": withheld if story.withheld else story.body or "—",
             "quotes": story.quotes or "—"} for story in chosen.itertuples()]
    return pd.DataFrame(rows, columns=list(columns)).rename(columns=headers)


def programme_page(build: Any, name: str, *, client: str, period: str, lang: str, db_url: str | None = None,
                   who: str | None = None) -> widgets.VBox:
    """One culture-programme form (`build(ctx)` → a form with `.widget`) as a page shows it, like forms.page:
    `who` defaults to the request's, and the report sections below redraw after each save."""
    from workbook.forms.live import follow
    from workbook.forms.request import who as request_who

    ctx = FormContext(client, period, lang, db_url, who if who is not None else request_who())
    box = widgets.VBox([build(ctx).widget])
    follow(ctx)
    box.add_class("wb-page")
    box.add_class(f"wb-page-{name}")
    return box
