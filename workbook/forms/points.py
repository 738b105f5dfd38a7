"""The points page: add a bonus or record a reward (audited rows of `points_adjustments` / `redemptions`) with the
period's ledger redrawn after each save; the leaderboard post, editable and saved with the client; the points
simulator, whose candidate can be adopted into client.yaml (forms/profile_file.py keeps its comments, audited)."""

from __future__ import annotations

import html
import math
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook.forms.context import FormContext
from workbook.forms.ui import Field, Status, guarded, note, save, section

KINDS = ("bonus", "reward")
TABLES = {"bonus": "points_adjustments", "reward": "redemptions"}
MAX_POINTS = 100_000  # a bigger single bonus or reward is a typo
MAX_TEXT = 200
RULE_KEYS = ("message", "message_daily_cap", "reply_bonus", "event_attended", "feedback_given", "member_content",
             "reaction_given")
_ID_IN_LABEL = re.compile(r"\(([^()]+)\)\s*$")


def member_label(name: object, member_id: str) -> str:
    shown = str(name).strip() if isinstance(name, str) and name.strip() else ""
    return f"{shown} ({member_id})" if shown and shown != member_id else member_id


def resolve_member(text: str, roster: pd.DataFrame) -> tuple[str | None, tuple[str, dict[str, Any]] | None]:
    """The member a facilitator typed — an option label "Name (id)", an id, or a display name used once — or the
    problem: (label key, values) for unknown, ambiguous or staff."""
    typed = text.strip()
    if not typed:
        return None, ("form.error.required", {})
    ids = roster["member_id"].astype(str)
    found = _ID_IN_LABEL.search(typed)
    for candidate in (typed, found[1].strip() if found else None):
        if candidate is not None and (ids == candidate).any():
            return _not_staff(candidate, roster)
    named = roster.loc[roster["display_name"].fillna("").astype(str).str.strip().str.casefold() == typed.casefold()]
    if len(named) > 1:
        return None, ("points.form.error.ambiguous_member", {"member": typed})
    if len(named) == 1:
        return _not_staff(str(named.iloc[0]["member_id"]), roster)
    return None, ("points.form.error.unknown_member", {"member": typed})


def _not_staff(member_id: str, roster: pd.DataFrame) -> tuple[str | None, tuple[str, dict[str, Any]] | None]:
    row = roster.loc[roster["member_id"].astype(str) == member_id].iloc[0]
    if bool(row["is_staff"]):
        return None, ("points.form.error.staff", {"member": member_label(row["display_name"], member_id)})
    return member_id, None


def parse_points(text: str, kind: str) -> tuple[float | None, tuple[str, dict[str, Any]] | None]:
    """Points as typed ("20", "+20", "-5", "1,000", full-width signs); a bonus may be negative (a correction), a
    reward costs more than 0; never 0, never beyond MAX_POINTS."""
    typed = text.strip().replace(",", "").replace("，", "").replace("＋", "+").replace("－", "-").replace("−", "-")
    if not typed:
        return None, ("form.error.required", {})
    try:
        value = float(typed)
    except ValueError:
        return None, ("points.form.error.number", {})
    if not math.isfinite(value):
        return None, ("points.form.error.number", {})
    if value == 0:
        return None, ("points.form.error.zero", {})
    if kind == "reward" and value < 0:
        return None, ("points.form.error.reward_points", {})
    if abs(value) > MAX_POINTS:
        return None, ("points.form.error.too_large", {"limit": f"{MAX_POINTS:,}"})
    return value, None


def local_now(timezone: str, now: datetime | None = None) -> pd.Timestamp:
    """`now` (default: the clock; naive means UTC) in the client's time zone."""
    stamp = pd.Timestamp(now) if now is not None else pd.Timestamp.now(tz="UTC")
    return (stamp if stamp.tzinfo else stamp.tz_localize("UTC")).tz_convert(timezone)


def moment(day: date, timezone: str, now: datetime | None = None) -> pd.Timestamp:
    """When the row happened, in UTC: now on today's date, noon (local) on another day — inside that day whatever
    the period boundaries."""
    current = local_now(timezone, now)
    if day == current.date():
        return current.tz_convert("UTC")
    return pd.Timestamp(datetime.combine(day, time(12, 0))).tz_localize(timezone).tz_convert("UTC")


def default_day(ctx: FormContext, now: datetime | None = None) -> date:
    """Today when it lies in the page's period, else the period's last day (the ledger shown then includes it)."""
    today = local_now(ctx.profile.timezone, now).date()
    period = ctx.period
    return today if period.start <= today <= period.end else period.end


def _points_text(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass
class Ledger:
    """The period's ledger as the page shows it, redrawn after every save."""

    widget: widgets.HTML
    state: dict[str, Any] = field(default_factory=dict)


def ledger_html(ctx: FormContext, rows: list[dict[str, Any]], names: dict[str, str]) -> str:
    from workbook.metrics.ledger import COLUMNS

    levels = {lv.en: lv.zh if ctx.lang == "zh-CN" else lv.en for lv in ctx.profile.levels}
    head = "".join(f"<th>{html.escape(ctx.label('points.column.member' if c == 'member_id' else f'metrics.key.{c}'))}"
                   "</th>" for c in COLUMNS)
    body = []
    for row in rows:
        cells = [member_label(names.get(row["member_id"]), row["member_id"]),
                 *(_points_text(row[c]) for c in ("earned", "adjusted", "redeemed", "balance")),
                 levels.get(row["level"], row["level"]), ctx.label(f"metrics.value.{str(row['level_up']).lower()}")]
        body.append(f'<tr data-member="{html.escape(row["member_id"])}">'
                    + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
    title = html.escape(ctx.label("points.form.ledger", period=ctx.period_label))
    empty = "" if rows else note(ctx.label("metrics.empty_list"))
    return (f'<div class="wb-ledger"><h4>{title}</h4><div class="wb-scroll"><table class="wb-table">'
            f'<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>{empty}</div>')


def recent_html(ctx: FormContext, frames: Any, names: dict[str, str]) -> str:
    """This period's bonuses and rewards, newest first."""
    period = ctx.period
    parts = []
    for kind, table, detail in (("bonus", frames.points_adjustments, "reason"),
                                ("reward", frames.redemptions, "reward")):
        chosen = table.loc[(table["at"] >= period.start_at) & (table["at"] < period.end_at)]
        parts += [(r["at"], kind, r["member_id"], r["points"], r[detail], r.get("by"))
                  for r in chosen.to_dict("records")]
    if not parts:
        return note(ctx.label("points.form.no_recent"))
    parts.sort(key=lambda p: p[0], reverse=True)
    columns = ("day", "member", "what", "points", "detail", "by")
    head = "".join(f"<th>{html.escape(ctx.label(f'points.column.{c}'))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in (
            at.tz_convert(ctx.profile.timezone).strftime("%Y-%m-%d"), member_label(names.get(mid), mid),
            ctx.label(f"points.form.kind.{kind}"), _points_text(points), detail or "—", by or "—")) + "</tr>"
        for at, kind, mid, points, detail, by in parts)
    title = html.escape(ctx.label("points.form.recent", period=ctx.period_label))
    return (f'<div class="wb-points-recent"><h4>{title}</h4><div class="wb-scroll"><table class="wb-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></div>")


class PointsData:
    """The store as the page reads it: frames covering the page's period (and any other period a typed date
    falls in), the ledger, the roster; re-read after each save."""

    def __init__(self, ctx: FormContext) -> None:
        self.ctx = ctx
        self._frames: dict[tuple[str, ...], Any] = {}  # period labels → frames, plus ("revision",) → revision read

    def clear(self) -> None:
        self._frames.clear()

    def frames(self, *extra: Any) -> Any:
        from workbook import store
        from workbook.metrics.ledger import read_frames

        revision = store.revision(self.ctx.engine, self.ctx.client)
        if self._frames.get(("revision",)) != revision:  # someone saved (this page or another): read again
            self._frames = {("revision",): revision}
        chosen = [self.ctx.period, *extra]
        key = tuple(sorted({p.label for p in chosen}))
        if key not in self._frames:
            self._frames[key] = read_frames(self.ctx.engine, self.ctx.client, self.ctx.profile, *chosen)
        return self._frames[key]

    def roster(self) -> pd.DataFrame:
        return self.frames().members[["member_id", "display_name", "is_staff"]]

    def names(self) -> dict[str, str]:
        roster = self.roster()
        return dict(zip(roster["member_id"].astype(str), roster["display_name"], strict=True))

    def ledger(self) -> list[dict[str, Any]]:
        from workbook.metrics.ledger import ledger

        frames = self.frames()  # first: a new revision empties the cache
        if ("ledger",) not in self._frames:
            self._frames[("ledger",)] = ledger(frames, self.ctx.profile, self.ctx.period)
        return list(self._frames[("ledger",)])

    def standing(self, member_id: str, at: pd.Timestamp) -> tuple[float, float]:
        """(standing, balance) of a member just after `at`."""
        from workbook import periods
        from workbook.metrics.ledger import standing_at

        tz = self.ctx.profile.timezone
        local = at.tz_convert(tz)
        month = periods.parse(f"{local.year}-{local.month:02d}", tz)
        frames = self.frames(month) if not self.ctx.period.contains(at) else self.frames()
        table = standing_at(frames, self.ctx.profile, tz, at + pd.Timedelta(microseconds=1))
        if member_id not in table.index:
            return 0.0, 0.0
        return float(table.at[member_id, "standing"]), float(table.at[member_id, "balance"])


@dataclass
class EntryForm:
    widget: widgets.VBox
    kind: widgets.ToggleButtons
    member: widgets.Combobox
    day: widgets.DatePicker
    points: widgets.Text
    detail: widgets.Text
    preview: widgets.HTML
    save: widgets.Button
    status: Status
    fields: dict[str, Field]
    ledger: widgets.HTML
    recent: widgets.HTML
    state: dict[str, Any]


def entry_form(ctx: FormContext, data: PointsData | None = None, now: datetime | None = None) -> EntryForm:
    """A bonus (points_adjustments: member, points ±, reason) or a reward (redemptions: member, reward, points),
    checked field by field in the page's language, saved through the audited store; a reward above the balance is
    saved only when Save is clicked again for it (METRICS.md lets a balance go below 0)."""
    data = data or PointsData(ctx)
    tz = ctx.profile.timezone
    state: dict[str, Any] = {"confirm": None}
    kind = widgets.ToggleButtons(options=[(ctx.label(f"points.form.kind.{k}"), k) for k in KINDS], value="bonus")
    member = widgets.Combobox(placeholder=ctx.label("points.form.member_hint"), ensure_option=False,
                              layout=widgets.Layout(width="22em"))
    day = widgets.DatePicker(value=default_day(ctx, now))
    points = widgets.Text(layout=widgets.Layout(width="8em"))
    detail = widgets.Text(layout=widgets.Layout(width="22em"))
    preview = widgets.HTML()
    ledger_view, recent = widgets.HTML(), widgets.HTML()
    save_button = widgets.Button(description=ctx.label("points.form.save"), button_style="primary")
    status = Status()
    fields = {"kind": Field(ctx.label("points.form.kind"), kind), "member": Field(ctx.label("points.form.member"),
                                                                                   member),
              "day": Field(ctx.label("points.form.day"), day),
              "points": Field(ctx.label("points.form.points_bonus"), points),
              "detail": Field(ctx.label("points.form.reason"), detail)}

    def redraw() -> None:
        names = data.names()
        roster = data.roster()
        member.options = tuple(member_label(r.display_name, str(r.member_id))
                               for r in roster.loc[~roster["is_staff"]].sort_values("member_id").itertuples())
        ledger_view.value = ledger_html(ctx, data.ledger(), names)
        recent.value = recent_html(ctx, data.frames(), names)

    def on_kind(*_: object) -> None:
        reward = kind.value == "reward"
        fields["points"].caption.value = html.escape(ctx.label(f"points.form.points_{'reward' if reward else 'bonus'}"))
        fields["detail"].caption.value = html.escape(ctx.label(f"points.form.{'reward' if reward else 'reason'}"))
        show_preview()

    def check() -> tuple[dict[str, Any], dict[str, str]]:
        problems: dict[str, str] = {}
        values: dict[str, Any] = {}
        member_id, problem = resolve_member(member.value, data.roster())
        if problem:
            problems["member"] = ctx.label(problem[0], **problem[1])
        values["member_id"] = member_id
        amount, problem = parse_points(points.value, kind.value)
        if problem:
            problems["points"] = ctx.label(problem[0], **problem[1])
        values["points"] = amount
        limits = ctx.profile.import_limits
        if day.value is None:
            problems["day"] = ctx.label("form.error.required")
        elif not limits.first_year <= day.value.year <= limits.last_year:
            problems["day"] = ctx.label("points.form.error.day_range", first=limits.first_year,
                                        last=limits.last_year)
        text = detail.value.strip()
        if not text:
            problems["detail"] = ctx.label("form.error.required")
        elif len(text) > MAX_TEXT:
            problems["detail"] = ctx.label("points.form.error.too_long", limit=MAX_TEXT)
        values["detail"] = text
        return values, problems

    def show_preview(*_: object) -> None:
        member_id, problem = resolve_member(member.value, data.roster())
        if problem or day.value is None:
            preview.value = ""
            return
        at = moment(day.value, tz, now)
        standing, balance = data.standing(member_id, at)
        level = ctx.profile.level_for(standing, ctx.lang)
        lines = [note(ctx.label("points.form.standing", member=member_label(data.names().get(member_id), member_id),
                                day=day.value.isoformat(), balance=_points_text(balance), level=level))]
        amount, bad = parse_points(points.value, kind.value)
        if not bad and amount is not None:
            if kind.value == "bonus":
                lines.append(note(ctx.label("points.form.after_bonus", balance=_points_text(balance + amount),
                                            level=ctx.profile.level_for(standing + amount, ctx.lang))))
            else:
                level_after = "warning" if amount > balance else "info"
                lines.append(note(ctx.label("points.form.after_reward", balance=_points_text(balance - amount)),
                                  level_after))
        if not ctx.period.contains(at):
            lines.append(note(ctx.label("points.form.outside", period=ctx.period_label), "warning"))
        preview.value = '<div class="wb-points-preview">' + "<br>".join(lines) + "</div>"

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        values, problems = check()
        for name, f in fields.items():
            f.set_error(problems.get(name))
        if problems:
            status.show(ctx.label("form.not_saved"), "error")
            return
        at = moment(day.value, tz, now)
        amount, member_id = values["points"], values["member_id"]
        if kind.value == "reward":
            _standing, balance = data.standing(member_id, at)
            signature = (member_id, amount, day.value, values["detail"])
            if amount > balance and state["confirm"] != signature:
                state["confirm"] = signature
                message = ctx.label("points.form.above_balance", points=_points_text(amount),
                                    balance=_points_text(balance), after=_points_text(balance - amount))
                fields["points"].set_error(message)
                status.show(message, "warning")
                return
        stamp = at.tz_convert("UTC").tz_localize(None).to_pydatetime()
        if kind.value == "bonus":
            record = {"id": f"adj-{uuid.uuid4().hex[:10]}", "member_id": member_id, "at": stamp, "points": amount,
                      "reason": values["detail"], "by": ctx.who}
        else:
            record = {"id": f"red-{uuid.uuid4().hex[:10]}", "member_id": member_id, "at": stamp,
                      "reward": values["detail"], "points": amount}

        def saved(_version: int) -> None:
            state["confirm"] = None
            who = member_label(data.names().get(member_id), member_id)
            key = "points.form.recorded_bonus" if kind.value == "bonus" else "points.form.recorded_reward"
            status.show(ctx.label(key, member=who, points=_points_text(amount), reward=values["detail"],
                                  who=ctx.who), "ok")
            points.value, detail.value = "", ""

        save(ctx, TABLES[kind.value], record, None, status, saved=saved)

    def refresh() -> None:
        data.clear()
        redraw()
        show_preview()

    kind.observe(on_kind, "value")
    for w in (member, day, points):
        w.observe(show_preview, "value")
    save_button.on_click(on_save)
    ctx.refreshers.append(refresh)
    redraw()
    box = section(ctx.label("points.form.title"), *(f.box for f in fields.values()), preview, save_button, status,
                  ledger_view, recent)
    box.add_class("wb-form-points")
    return EntryForm(box, kind, member, day, points, detail, preview, save_button, status, fields, ledger_view,
                     recent, state)


@dataclass
class PostForm:
    widget: widgets.VBox
    language: widgets.Dropdown
    text: widgets.Textarea
    regenerate: widgets.Button
    save: widgets.Button
    status: Status
    state: dict[str, Any]


def post_form(ctx: FormContext, data: PointsData | None = None) -> PostForm:
    """The leaderboard post of the page's period in the client's language (or the other), loaded from
    data/<client>/posts/ when saved before; regenerated after a bonus or reward unless edited by hand."""
    from workbook.i18n import LANGUAGES
    from workbook.posts.leaderboard import leaderboard_text, load_post, public_names, save_post

    data = data or PointsData(ctx)
    state: dict[str, Any] = {"generated": None}
    language = widgets.Dropdown(options=[(ctx.label(f"lang.{code}"), code) for code in LANGUAGES],
                                value=ctx.profile.language)
    text = widgets.Textarea(layout=widgets.Layout(width="40em", height="20em"))
    regenerate = widgets.Button(description=ctx.label("points.board.regenerate"), layout=widgets.Layout(width="auto"))
    save_button = widgets.Button(description=ctx.label("points.board.save"), button_style="primary")
    hint = widgets.HTML()
    status = Status()

    def generated() -> str:
        frames = data.frames()
        return leaderboard_text(data.ledger(), public_names(frames, ctx.profile), ctx.profile, ctx.period,
                                language.value)

    def fill(*_: object) -> None:
        state["generated"] = text.value = generated()
        hint.value = note(ctx.label("points.board.fresh"))

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        if not text.value.strip():
            status.show(ctx.label("points.board.empty"), "error")
            return
        if not ctx.who.strip():
            status.show(ctx.label("form.error.no_name"), "error")
            return
        path = save_post(ctx.client, ctx.period_label, text.value, ctx.who, ctx.engine)
        state["generated"] = None  # saved by hand: later figures no longer rewrite it
        status.show(ctx.label("points.board.saved", path=f"posts/{path.name}", who=ctx.who), "ok")

    def refresh() -> None:
        if state["generated"] is not None and text.value == state["generated"]:
            fill()

    saved_text = load_post(ctx.client, ctx.period_label)
    if saved_text is None:
        fill()
    else:
        text.value = saved_text
        hint.value = note(ctx.label("points.board.loaded"))
    language.observe(guarded(status, ctx)(fill), "value")
    regenerate.on_click(guarded(status, ctx)(fill))
    save_button.on_click(on_save)
    ctx.refreshers.append(refresh)
    box = section(ctx.label("points.board.title"), Field(ctx.label("points.board.language"), language).box, hint,
                  text, widgets.HBox([regenerate, save_button]), status)
    box.add_class("wb-form-post")
    return PostForm(box, language, text, regenerate, save_button, status, state)


@dataclass
class SimulatorForm:
    widget: widgets.VBox
    rules: dict[str, widgets.Text]
    levels: widgets.Textarea
    run: widgets.Button
    adopt: widgets.Button
    result: widgets.HTML
    status: Status
    fields: dict[str, Field]
    state: dict[str, Any]


def _levels_text(profile: Any) -> str:
    return "\n".join(f"{lv.min_points:g} | {lv.zh} | {lv.en}" for lv in profile.levels)


def simulation_html(ctx: FormContext, comparison: dict[str, Any]) -> str:
    """Current and candidate side by side in one table, a header row per group of figures."""
    from workbook.points_sim import side_by_side

    head = "".join(f"<th>{html.escape(h)}</th>" for h in (
        "", ctx.label("points.sim.current"), ctx.label("points.sim.candidate")))
    body = []
    for title, rows in side_by_side(comparison, ctx.lang):
        if title:
            body.append(f'<tr class="wb-sim-group"><th colspan="3">{html.escape(title)}</th></tr>')
        body += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows]
    return (f'<div class="wb-sim-result"><div class="wb-scroll"><table class="wb-table"><thead><tr>{head}</tr>'
            f'</thead><tbody>{"".join(body)}</tbody></table></div>{note(ctx.label("points.sim.projected_note"))}'
            "</div>")


def simulator_form(ctx: FormContext, data: PointsData | None = None) -> SimulatorForm:
    """Current rules (client.yaml) beside a candidate typed in; Simulate runs both over the real history up to the
    period's end, Adopt writes the simulated candidate into client.yaml (comments kept, audited)."""
    from workbook.forms.profile_file import ProfileChanged, fingerprint, write
    from workbook.points_sim import candidate_profile, compare, profile_changes
    from workbook.profile import ProfileError

    data = data or PointsData(ctx)
    state: dict[str, Any] = {"read": fingerprint(ctx.client), "simulated": None}
    profile = ctx.profile
    rules = {k: widgets.Text(f"{getattr(profile.points, k):g}", layout=widgets.Layout(width="8em"))
             for k in RULE_KEYS}
    levels = widgets.Textarea(_levels_text(profile), layout=widgets.Layout(width="24em", height="8em"))
    fields = {k: Field(ctx.label(f"points.rule.{k}"), w) for k, w in rules.items()}
    fields["levels"] = Field(ctx.label("points.sim.field_levels"), levels)
    run = widgets.Button(description=ctx.label("points.sim.run"), button_style="primary")
    adopt = widgets.Button(description=ctx.label("points.sim.adopt"), layout=widgets.Layout(width="auto"))
    result = widgets.HTML()
    status = Status()

    def typed() -> tuple[dict[str, Any], dict[str, str]]:
        problems: dict[str, str] = {}
        points: dict[str, Any] = {}
        for k, w in rules.items():
            try:
                value = float(w.value.strip().replace(",", ""))
            except ValueError:
                problems[k] = ctx.label("form.error.number")
                continue
            if not math.isfinite(value) or value < 0:
                problems[k] = ctx.label("form.settings.error.range", low="0", high="∞")
            elif k == "message_daily_cap" and value != int(value):
                problems[k] = ctx.label("form.settings.error.whole")
            else:
                points[k] = int(value) if k == "message_daily_cap" else value
        parsed = []
        for number, line in enumerate((ln for ln in levels.value.splitlines() if ln.strip()), 1):
            parts = [p.strip() for p in line.split("|")]
            try:
                needed = float(parts[0].replace(",", ""))
            except ValueError:
                needed = -1
            if len(parts) != 3 or needed < 0 or not parts[1] or not parts[2]:
                problems.setdefault("levels", ctx.label("points.sim.error.level", line=number))
                continue
            parsed.append({"min_points": needed, "zh": parts[1], "en": parts[2]})
        if "levels" not in problems:
            if not parsed:
                problems["levels"] = ctx.label("form.error.required")
            elif len({lv["min_points"] for lv in parsed}) != len(parsed):
                problems["levels"] = ctx.label("form.settings.error.level_twice")
            elif min(lv["min_points"] for lv in parsed) != 0:
                problems["levels"] = ctx.label("points.sim.error.lowest")
        return {"points": points, "levels": parsed}, problems

    def candidate_from_fields() -> Any:
        values, problems = typed()
        for name, f in fields.items():
            f.set_error(problems.get(name))
        if problems:
            status.show(ctx.label("form.not_saved"), "error")
            return None
        try:
            return candidate_profile(ctx.profile, values)
        except ProfileError as exc:
            status.show(ctx.label("points.sim.invalid", problems="; ".join(exc.problems)), "error")
            return None

    @guarded(status, ctx)
    def on_run(_: object) -> None:
        chosen = candidate_from_fields()
        if chosen is None:
            return
        result.value = simulation_html(ctx, compare(data.frames(), ctx.profile, chosen, ctx.period))
        state["simulated"] = chosen.model_dump(mode="json")
        status.show("", "info")

    @guarded(status, ctx)
    def on_adopt(_: object) -> None:
        chosen = candidate_from_fields()
        if chosen is None:
            return
        if state["simulated"] != chosen.model_dump(mode="json"):
            status.show(ctx.label("points.sim.stale"), "warning")
            return
        if not ctx.who.strip():
            status.show(ctx.label("form.error.no_name"), "error")
            return
        try:
            write(ctx.client, profile_changes(chosen), ctx.who, ctx.engine, state["read"])
        except ProfileChanged as exc:
            status.show(ctx.label("form.settings.changed", who=exc.who, at=exc.at), "warning")
            return
        except ProfileError as exc:
            status.show(ctx.label("points.sim.invalid", problems="; ".join(exc.problems)), "error")
            return
        state["read"] = fingerprint(ctx.client)
        ctx.__dict__.pop("profile", None)  # the next read sees the file just written
        data.clear()
        on_run(None)
        status.show(ctx.label("points.sim.adopted", who=ctx.who), "ok")
        ctx.changed()

    run.on_click(on_run)
    adopt.on_click(on_adopt)
    rule_boxes = [f.box for k, f in fields.items() if k != "levels"]
    box = section(ctx.label("points.sim.title"),
                  widgets.HTML(note(ctx.label("points.sim.hint", period=ctx.period_label))),
                  widgets.HTML(f"<b>{html.escape(ctx.label('points.sim.candidate'))}</b>"), *rule_boxes,
                  fields["levels"].box, widgets.HBox([run, adopt]), status, result)
    box.add_class("wb-form-sim")
    return SimulatorForm(box, rules, levels, run, adopt, result, status, fields, state)


def points_page(client: str, period: str, lang: str, db_url: str | None = None,
                who: str | None = None) -> widgets.VBox:
    """The whole points page in one container, as notebooks/09_points.ipynb displays it in Voila."""
    from workbook.forms.request import who as request_who

    ctx = FormContext(client, period, lang, db_url, who if who is not None else request_who())
    data = PointsData(ctx)
    box = widgets.VBox([entry_form(ctx, data).widget, post_form(ctx, data).widget, simulator_form(ctx, data).widget])
    box.add_class("wb-page")
    box.add_class("wb-page-points")
    return box
