"""Settings: positioning, moderation rules and allowed link domains (with a preview on last period's messages),
screening and event rubrics, points and levels, privacy and schedule — checked field by field, written back to
client.yaml with its comments (forms/profile_file.py) and audited."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets
import pandas as pd

from workbook.forms.context import FormContext
from workbook.forms.profile_file import ProfileChanged, fingerprint, lines, listed, write
from workbook.forms.ui import Field, Status, guarded, note, options, section
from workbook.profile import COMMUNITY_TYPES, Profile, ProfileError, domain_problem

POINT_KEYS = ("message", "message_daily_cap", "reply_bonus", "event_attended", "feedback_given", "member_content",
              "reaction_given")
PREVIEW_EXAMPLES = 5
Path_ = tuple[str | int, ...]


@dataclass
class SettingsForm:
    widget: widgets.VBox
    fields: dict[str, Field]
    widgets: dict[str, widgets.Widget]
    preview: widgets.HTML
    suggestion: widgets.HTML
    save: widgets.Button
    status: Status
    state: dict[str, Any]


def _number(text: str) -> float:
    return float(text.strip().replace(",", ""))


def _shown(value: float) -> str:
    return f"{value:g}"


class _Checker:
    """Collects one message per field and the changes to write (key path → value)."""

    def __init__(self, ctx: FormContext) -> None:
        self.ctx = ctx
        self.problems: dict[str, str] = {}
        self.changes: dict[Path_, Any] = {}

    def fail(self, name: str, key: str, **values: Any) -> None:
        self.problems.setdefault(name, self.ctx.label(key, **values))

    def number(self, name: str, text: str, path: Path_, *, minimum: float = 0, strict: bool = False,
               maximum: float | None = None, whole: bool = False) -> float | None:
        try:
            value = _number(text)
        except ValueError:
            self.fail(name, "form.error.number")
            return None
        if (value <= minimum if strict else value < minimum) or (maximum is not None and value > maximum):
            self.fail(name, "form.settings.error.range", low=_shown(minimum), high=_shown(maximum or float("inf")))
            return None
        if whole and value != int(value):
            self.fail(name, "form.settings.error.whole")
            return None
        self.changes[path] = int(value) if whole else value
        return value


def rule_patterns_problem(ctx: FormContext, patterns: list[str]) -> str | None:
    for number, pattern in enumerate(patterns, 1):
        try:
            re.compile(pattern)
        except re.error as exc:
            return ctx.label("form.settings.error.pattern", line=number, pattern=pattern, reason=exc.msg)
    return None


def domains_problem(ctx: FormContext, domains: list[str]) -> str | None:
    for number, domain in enumerate(domains, 1):
        if domain_problem(domain):
            return ctx.label("form.settings.error.domain", line=number, domain=domain)
    return None


def company_domains(ctx: FormContext, allowed: list[str]) -> list[str]:
    """Members' e-mail domains not yet allowed (the company's own links are ordinary work links)."""
    emails = ctx.frames().members["email"].dropna().astype(str)
    found = emails.str.extract(r"@([A-Za-z0-9.-]+)$")[0].dropna().str.lower().value_counts()
    covered = tuple(d.lower() for d in allowed)
    return [d for d in found.index if not any(d == c or d.endswith("." + c) for c in covered)][:5]


def flagged_preview(ctx: FormContext, texts: pd.Series, profile: Profile) -> str:
    """How many of `texts` the rules would flag, per rule, with a few examples."""
    from workbook.metrics.moderation import rule_matches

    matches = rule_matches(texts, profile)
    flagged = pd.Series(False, index=texts.index)
    for mask in matches.values():
        flagged |= mask
    per_rule = "、".join(f"{name} {int(mask.sum())}" for name, mask in matches.items())
    examples = "".join(f"<li>{html.escape(str(text)[:120])}</li>" for text in texts[flagged].head(PREVIEW_EXAMPLES))
    summary = ctx.label("form.settings.preview", flagged=int(flagged.sum()), total=len(texts), rules=per_rule or "—",
                        period=ctx.period.prev().label)
    return f'<div class="wb-preview" data-flagged="{int(flagged.sum())}">{note(summary, "info")}' \
           f'<ul class="wb-examples">{examples}</ul></div>'


def settings_form(ctx: FormContext) -> SettingsForm:
    """Every setting of the client as fields; one save writes them all (or none, with a message per field)."""
    profile = ctx.profile
    state: dict[str, Any] = {"read": fingerprint(ctx.client)}
    w: dict[str, widgets.Widget] = {}
    fields: dict[str, Field] = {}
    wide = widgets.Layout(width="30em")
    area = widgets.Layout(width="30em", height="7em")

    def add(name: str, label: str, widget: widgets.Widget) -> Field:
        w[name], fields[name] = widget, Field(label, widget)
        return fields[name]

    pos = profile.positioning
    positioning = [
        add("type", ctx.label("form.positioning.type"),
            widgets.Dropdown(options=options(ctx, "community_type", COMMUNITY_TYPES), value=pos.type)),
        add("audience", ctx.label("form.positioning.audience"), widgets.Text(pos.audience, layout=wide)),
        add("value_proposition", ctx.label("form.positioning.value_proposition"),
            widgets.Textarea(pos.value_proposition, layout=widgets.Layout(width="30em", height="4em"))),
        add("slogan", ctx.label("form.positioning.slogan"), widgets.Text(pos.slogan, layout=wide))]
    rules = [add(f"rule.{i}", ctx.label("form.settings.rule", name=rule.name),
                 widgets.Textarea(listed(rule.patterns), layout=area)) for i, rule in enumerate(profile.rules)]
    domains = add("allowed_domains", ctx.label("form.settings.allowed_domains"),
                  widgets.Textarea(listed(profile.allowed_domains), layout=area))
    suggestion, preview = widgets.HTML(), widgets.HTML()
    rubric_rows = [add(f"{kind}.{i}", f"{c.label_zh if ctx.lang == 'zh-CN' else c.label_en}",
                       widgets.Text(_shown(c.weight), layout=widgets.Layout(width="8em")))
                   for kind in ("screening_rubric", "event_rubric") for i, c in enumerate(getattr(profile, kind))]
    thresholds = [add(f"threshold.{k}", ctx.label(f"form.settings.threshold.{k}"),
                      widgets.Text(_shown(getattr(profile.screening_thresholds, k)),
                                   layout=widgets.Layout(width="8em"))) for k in ("accept", "waitlist")]
    points = [add(f"points.{k}", ctx.label(f"form.settings.points.{k}"),
                  widgets.Text(_shown(getattr(profile.points, k)), layout=widgets.Layout(width="8em")))
              for k in POINT_KEYS]
    levels = add("levels", ctx.label("form.settings.levels"), widgets.Textarea(
        listed(f"{_shown(lv.min_points)} | {lv.zh} | {lv.en}" for lv in profile.levels), layout=area))
    privacy = [add("min_group_size", ctx.label("form.settings.min_group_size"),
                   widgets.Text(str(profile.privacy.min_group_size), layout=widgets.Layout(width="8em"))),
               add("pseudonymise", ctx.label("form.settings.pseudonymise"),
                   widgets.Checkbox(profile.privacy.pseudonymise, indent=False))]
    schedule = [add(f"schedule.{k}", ctx.label(f"form.settings.schedule.{k}"),
                    widgets.Checkbox(getattr(profile.schedule, k), indent=False)) for k in ("weekly", "monthly")]
    save_button = widgets.Button(description=ctx.label("form.settings.save"), button_style="primary")
    status = Status()
    texts = ctx.frames(ctx.period.prev()).messages["text"].dropna().astype(str)

    def check() -> _Checker:
        c = _Checker(ctx)
        c.changes[("positioning", "type")] = w["type"].value
        for name in ("audience", "value_proposition", "slogan"):
            c.changes[("positioning", name)] = w[name].value.strip()
        for i in range(len(profile.rules)):
            patterns = lines(w[f"rule.{i}"].value)
            if problem := rule_patterns_problem(ctx, patterns):
                c.problems[f"rule.{i}"] = problem
            c.changes[("rules", i, "patterns")] = patterns
        allowed = [d.lower() for d in lines(w["allowed_domains"].value)]
        if problem := domains_problem(ctx, allowed):
            c.problems["allowed_domains"] = problem
        c.changes[("allowed_domains",)] = allowed
        for kind in ("screening_rubric", "event_rubric"):
            for i in range(len(getattr(profile, kind))):
                c.number(f"{kind}.{i}", w[f"{kind}.{i}"].value, (kind, i, "weight"), strict=True)
        accept = c.number("threshold.accept", w["threshold.accept"].value, ("screening_thresholds", "accept"),
                          maximum=100)
        waitlist = c.number("threshold.waitlist", w["threshold.waitlist"].value,
                            ("screening_thresholds", "waitlist"), maximum=100)
        if accept is not None and waitlist is not None and waitlist > accept:
            c.fail("threshold.waitlist", "form.settings.error.waitlist")
        for k in POINT_KEYS:
            c.number(f"points.{k}", w[f"points.{k}"].value, ("points", k), whole=k == "message_daily_cap")
        c.changes[("levels",)] = levels_value(c)
        c.number("min_group_size", w["min_group_size"].value, ("privacy", "min_group_size"), minimum=1, whole=True)
        c.changes[("privacy", "pseudonymise")] = bool(w["pseudonymise"].value)
        for k in ("weekly", "monthly"):
            c.changes[("schedule", k)] = bool(w[f"schedule.{k}"].value)
        return c

    def levels_value(c: _Checker) -> list[dict[str, Any]]:
        parsed: list[dict[str, Any]] = []
        for number, line in enumerate(lines(w["levels"].value), 1):
            parts = [p.strip() for p in line.split("|")]
            try:
                points_needed = _number(parts[0])
            except ValueError:
                points_needed = -1
            if len(parts) != 3 or points_needed < 0 or not parts[1] or not parts[2]:
                c.fail("levels", "form.settings.error.level", line=number)
                continue
            parsed.append({"min_points": points_needed, "zh": parts[1], "en": parts[2]})
        if not parsed:
            c.fail("levels", "form.error.required")
        elif len({lv["min_points"] for lv in parsed}) != len(parsed):
            c.fail("levels", "form.settings.error.level_twice")
        return parsed

    def show_preview(*_: object) -> None:
        c = check()
        allowed = c.changes[("allowed_domains",)]
        if "allowed_domains" in c.problems or any(k.startswith("rule.") for k in c.problems):
            preview.value = note(ctx.label("form.settings.preview_waits"), "warning")
            return
        candidate = profile.model_copy(update={
            "rules": [r.model_copy(update={"patterns": c.changes[("rules", i, "patterns")]})
                      for i, r in enumerate(profile.rules)],
            "allowed_domains": allowed})
        preview.value = flagged_preview(ctx, texts, candidate)
        missing = company_domains(ctx, allowed)
        suggestion.value = note(ctx.label("form.settings.company_domains", domains=", ".join(missing)), "warning") \
            if missing else ""

    @guarded(status, ctx)
    def on_save(_: object) -> None:
        c = check()
        for name, f in fields.items():
            f.set_error(c.problems.get(name))
        if c.problems:
            status.show(ctx.label("form.not_saved"), "error")
            return
        if not ctx.who.strip():
            status.show(ctx.label("form.error.no_name"), "error")
            return
        try:
            write(ctx.client, c.changes, ctx.who, ctx.engine, state["read"])
        except ProfileChanged as exc:
            status.show(ctx.label("form.settings.changed", who=exc.who, at=exc.at), "warning")
            return
        except ProfileError as exc:
            status.show(ctx.label("form.settings.invalid", problems="; ".join(exc.problems)), "error")
            return
        state["read"] = fingerprint(ctx.client)
        ctx.__dict__.pop("profile", None)  # the next read sees the file just written
        status.show(ctx.label("form.saved", who=ctx.who), "ok")
        ctx.changed()

    for name in [f"rule.{i}" for i in range(len(profile.rules))] + ["allowed_domains"]:
        w[name].observe(show_preview, "value")
    save_button.on_click(on_save)
    show_preview()
    def boxes(group: list[Field]) -> list[widgets.Widget]:
        return [f.box for f in group]

    box = widgets.VBox([
        section(ctx.label("form.settings.positioning"), *boxes(positioning)),
        section(ctx.label("form.settings.rules"), widgets.HTML(note(ctx.label("form.settings.rules_hint"))),
                *boxes(rules), domains.box, suggestion, preview),
        section(ctx.label("form.settings.rubrics"), widgets.HTML(note(ctx.label("form.settings.weights_hint"))),
                *boxes(rubric_rows), *boxes(thresholds)),
        section(ctx.label("form.settings.points"), *boxes(points), levels.box,
                widgets.HTML(note(ctx.label("form.settings.levels_hint")))),
        section(ctx.label("form.settings.privacy"), *boxes(privacy)),
        section(ctx.label("form.settings.schedule"), *boxes(schedule)),
        save_button, status])
    box.add_class("wb-form-settings")
    return SettingsForm(box, fields, w, preview, suggestion, save_button, status, state)
