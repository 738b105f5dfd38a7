"""The member timeline page: pick a member, see their history up to the period's end (metrics.timeline) — weeks
of posts, points and levels, events, content, quiz results. Named only when they agreed and the client is not
pseudonymised (their id otherwise); never any message text."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from workbook.forms.context import FormContext
from workbook.forms.dates import day_text
from workbook.forms.ui import Field, note, searchable, section, table_html
from workbook.metrics import timeline


@dataclass
class TimelineForm:
    widget: widgets.VBox
    member: widgets.Dropdown
    view: widgets.HTML
    state: dict[str, Any]


def _level(ctx: FormContext, english: str) -> str:
    names = {lv.en: (lv.zh if ctx.lang == "zh-CN" else lv.en) for lv in ctx.profile.levels}
    return names.get(english, english)


def _bars(ctx: FormContext, weeks: Any) -> str:
    top = max(int(weeks["messages"].max()), 1) if len(weeks) else 1
    rows = "".join(
        f'<tr><td>{html.escape(day_text(w.week_start, ctx.lang))}</td>'
        f'<td><div class="wb-bar" style="background:#2f6fdf;height:10px;width:{12 * w.messages / top:.2f}em"></div>'
        f'</td><td>{w.messages}</td><td>{w.points:g}</td><td>{html.escape(_level(ctx, w.level))}</td></tr>'
        for w in weeks.itertuples())
    head = "".join(f"<th>{html.escape(ctx.label(f'culture_programme.timeline.col.{c}'))}</th>"
                   for c in ("week", "posts", "messages", "points", "level"))
    return f'<div class="wb-scroll"><table class="wb-table wb-timeline-weeks"><tr>{head}</tr>{rows}</table></div>'


def render(ctx: FormContext, line: timeline.Timeline, shown: str, named: bool) -> str:
    label = ctx.label
    parts = [f"<h4>{html.escape(shown)}</h4>"]
    if not named:
        parts.append(note(label("culture_programme.timeline.not_named"), "info"))
    level = _level(ctx, line.weeks["level"].iloc[-1]) if len(line.weeks) else "—"
    summary = label("culture_programme.timeline.summary", joined=day_text(line.joined, ctx.lang),
                    messages=line.messages, points=f"{line.points:g}", level=level)
    parts.append(f"<p>{html.escape(summary)}</p>")
    if line.left:
        left = label("culture_programme.timeline.left", day=day_text(line.left, ctx.lang))
        parts.append(f"<p>{html.escape(left)}</p>")
    changes = [{"week": day_text(c["week_start"], ctx.lang), "change": f"{_level(ctx, c['before'])} → "
                f"{_level(ctx, c['after'])}"} for c in line.level_changes]
    sections = [
        ("levels", changes, ("week", "change")),
        ("events", [{"day": day_text(e["day"], ctx.lang), "title": e["title"],
                     "attended": label(f"culture_programme.timeline.attended.{e['attended']}")} for e in line.events],
         ("day", "title", "attended")),
        ("content", [{"day": day_text(c["day"], ctx.lang), "title": c["title"],
                      "role": label(f"culture_programme.timeline.role.{c['role']}")} for c in line.content],
         ("day", "title", "role")),
        ("quizzes", [{"day": day_text(q["day"], ctx.lang), "quiz": q["quiz_id"], "attempt": q["attempt"],
                      "score": f"{q['pct']:.0%}"} for q in line.quizzes], ("day", "quiz", "attempt", "score")),
    ]
    parts.append(f"<h5>{html.escape(label('culture_programme.timeline.weeks'))}</h5>{_bars(ctx, line.weeks)}")
    for name, rows, columns in sections:
        parts.append(f"<h5>{html.escape(label(f'culture_programme.timeline.{name}'))}</h5>")
        headers = {c: label(f"culture_programme.timeline.col.{c}") for c in columns}
        parts.append(table_html(rows, headers) if rows else note(label("culture_programme.timeline.none")))
    return "".join(parts)


def timeline_form(ctx: FormContext) -> TimelineForm:
    frames = ctx.frames()
    state: dict[str, Any] = {"frames": frames}
    people = frames.members.loc[~frames.members["is_staff"]].sort_values("member_id")
    choices = []
    for member_id in people["member_id"]:
        shown, named = timeline.shown_as(frames.members, ctx.profile, member_id)
        choices.append((f"{shown} ({member_id})" if named else shown, member_id))
    member = widgets.Dropdown(options=choices, value=None, layout=widgets.Layout(width="24em"))
    row, _search = searchable(ctx, member)
    view = widgets.HTML(note(ctx.label("culture_programme.timeline.pick")))

    def show(change: dict[str, Any]) -> None:
        if change["new"] is None:
            return
        line = timeline.timeline(frames, ctx.profile, change["new"], ctx.period.end_at)
        shown, named = timeline.shown_as(frames.members, ctx.profile, change["new"])
        state["timeline"] = line
        view.value = render(ctx, line, shown, named)

    member.observe(show, "value")
    box = section(ctx.label("report.notebook.13_member"),
                  widgets.HTML(f"<p>{html.escape(ctx.label('culture_programme.timeline.intro'))}</p>"),
                  Field(ctx.label("culture_programme.timeline.member"), row).box, view)
    box.add_class("wb-form-timeline")
    return TimelineForm(box, member, view, state)
