"""Creating a client: its folder and client.yaml, plain or from a named starting template.

A template (workbook/templates/clients/) is a commented client.yaml per language (`<name>.<lang>.yaml`) plus
`<name>.plan.yaml`: starter SMART goals, a month of content slots and its event mix as planned events, imported
into the store like any file.
"""

from __future__ import annotations

import calendar
import csv
import io
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from ruamel.yaml import YAML

from workbook import paths
from workbook.i18n import normalise_lang, t
from workbook.profile import Profile, ProfileError, parse_profile, save_profile

TEMPLATE_DIR = paths.PACKAGE_DIR / "templates" / "clients"
# The order --list-templates shows them in.
TEMPLATES = ("onboarding", "skills", "leadership")


def _check_name(client: str, lang: str) -> None:
    from workbook.forms.request import CLIENT_NAME  # the name pages accept in their query string

    if not CLIENT_NAME.fullmatch(client or ""):
        raise ProfileError(client, [t("consultants.init.error.name", lang)])


def _refuse_existing(client: str, lang: str, overwrite: bool) -> Path:
    path = paths.profile_path(client)
    if path.exists() and not overwrite:
        raise ProfileError(path, [t("consultants.init.error.exists", lang)])
    return path


def init_client(client: str, *, lang: str = "zh-CN", timezone: str = "Asia/Shanghai",
                name: str | None = None, overwrite: bool = False, says: str = "en") -> Path:
    """A client with the default profile; problems are told in `says` (the operator's language)."""
    _check_name(client, says)
    _refuse_existing(client, says, overwrite)
    profile = Profile(name=name or client, language=lang, timezone=timezone)  # type: ignore[arg-type]
    paths.raw_dir(client).mkdir(parents=True, exist_ok=True)
    return save_profile(client, profile)


# --- templates ---------------------------------------------------------------------------------------------------

def template_names() -> list[str]:
    return [n for n in TEMPLATES if (TEMPLATE_DIR / f"{n}.plan.yaml").exists()]


def describe_templates(lang: str) -> list[tuple[str, str]]:
    """(name, one-line description in `lang`) of every template, in the order to show them."""
    return [(n, t(f"consultants.template.{n}", lang)) for n in template_names()]


def template_path(template: str, lang: str) -> Path:
    return TEMPLATE_DIR / f"{template}.{normalise_lang(lang)}.yaml"


@cache
def template_plan(template: str) -> dict[str, Any]:
    """The template's starter goals and content slots, both languages (`<name>.plan.yaml`)."""
    text = (TEMPLATE_DIR / f"{template}.plan.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=yaml.CSafeLoader)


def template_profile(template: str, lang: str) -> Profile:
    path = template_path(template, lang)
    return parse_profile(yaml.safe_load(path.read_text(encoding="utf-8")), path)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the month's length (Jan 31 + 1 → Feb 28)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def starter_goals(template: str, lang: str, start: date) -> list[dict[str, str]]:
    """The template's goals as goals-table rows: `months` long from `start`, texts in `lang`."""
    lang = normalise_lang(lang)
    rows = []
    for goal in template_plan(template)["goals"]:
        deadline = add_months(start, int(goal["months"])) - timedelta(days=1)
        rows.append({"goal_id": goal["goal_id"], "statement": goal["statement"][lang], "metric": goal["metric"],
                     "baseline": str(goal["baseline"]), "target": str(goal["target"]),
                     "direction": goal["direction"], "start": start.isoformat(), "deadline": deadline.isoformat(),
                     "owner": goal["owner"][lang]})
    return rows


def starter_slots(template: str, lang: str, start: date) -> list[dict[str, str]]:
    """The template's content mix as content_plan rows, each due `day` days after `start`, status planned."""
    lang = normalise_lang(lang)
    return [{"slot_id": slot["slot_id"], "due": (start + timedelta(days=int(slot["day"]))).isoformat(),
             "kind": slot["kind"], "format": slot["format"], "topic": slot["topic"][lang],
             "owner": "", "status": "planned", "content_id": ""}
            for slot in template_plan(template)["content"]]


def starter_events(template: str, lang: str, start: date) -> list[dict[str, str]]:
    """The template's event mix as planned events (as the event planning page makes them): `day` days after
    `start` at the local `time`, `minutes` long, titles in `lang`; no one registered yet."""
    lang = normalise_lang(lang)
    rows = []
    for event in template_plan(template)["events"]:
        begins = datetime.combine(start + timedelta(days=int(event["day"])),
                                  datetime.strptime(str(event["time"]), "%H:%M").time())
        ends = begins + timedelta(minutes=int(event["minutes"]))
        rows.append({"event_id": event["event_id"], "title": event["title"][lang], "kind": event["kind"],
                     "mode": event["mode"], "starts_at": begins.strftime("%Y-%m-%d %H:%M"),
                     "ends_at": ends.strftime("%Y-%m-%d %H:%M"), "host": "",
                     "capacity": str(event.get("capacity") or ""), "cost": ""})
    return rows


def _client_yaml(template: str, lang: str, name: str, timezone: str) -> str:
    """The template's commented client.yaml with the client's own name and time zone (comments kept)."""
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096
    rt.indent(mapping=2, sequence=4, offset=2)  # the templates' own layout: "  - name: …" under its key
    doc = rt.load(template_path(template, lang).read_text(encoding="utf-8"))
    doc["name"] = name
    doc["timezone"] = timezone
    out = io.StringIO()
    rt.dump(doc, out)
    return out.getvalue()


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@dataclass(frozen=True)
class Created:
    path: Path
    template: str
    start: date
    goals: int
    slots: int
    events: int


def first_of_month(timezone: str) -> date:
    today = datetime.now(ZoneInfo(timezone)).date()
    return today.replace(day=1)


def init_from_template(client: str, template: str, *, lang: str = "zh-CN", timezone: str = "Asia/Shanghai",
                       name: str | None = None, start: date | None = None, overwrite: bool = False,
                       says: str | None = None) -> Created:
    """data/<client>/client.yaml from `template` in `lang`, and its starter goals, content slots and events imported
    (audited, kept in raw/) from data/<client>/incoming/. Nothing is left behind when any of it is refused.
    Problems are told in `says` (the operator's language, default `lang`)."""
    lang = normalise_lang(lang)
    says = normalise_lang(says or lang)
    _check_name(client, says)
    if template not in template_names():
        raise ProfileError(template, [t("consultants.init.error.template", says, template=template,
                                        names=", ".join(template_names()))])
    path = _refuse_existing(client, says, overwrite)
    text = _client_yaml(template, lang, name or client, timezone)
    profile = parse_profile(yaml.safe_load(text), path)
    start = start or first_of_month(profile.timezone)
    goals, slots = starter_goals(template, lang, start), starter_slots(template, lang, start)
    events = starter_events(template, lang, start)
    existed = paths.client_dir(client).exists()
    before = path.read_bytes() if path.exists() else None  # only with `overwrite`
    paths.raw_dir(client).mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".yaml.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    try:
        _seed(client, template, says, {"events": events, "goals": goals, "content_plan": slots})
    except ProfileError:
        if before is not None:
            path.write_bytes(before)
        elif existed:
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(paths.client_dir(client), ignore_errors=True)
        raise
    return Created(path, template, start, len(goals), len(slots), len(events))


def _seed(client: str, template: str, lang: str, tables: dict[str, list[dict[str, str]]]) -> None:
    """Import the starter files: all checked first (dry run), then landed, so a refusal writes nothing."""
    from workbook.importer import import_file

    incoming = paths.client_dir(client) / "incoming"
    files = {kind: _write_csv(incoming / f"{template}-{kind}.csv", rows) for kind, rows in tables.items()}
    for dry_run in (True, False):
        for kind, file in files.items():
            result = import_file(client, kind, file, dry_run=dry_run)
            if not result.ok:
                raise ProfileError(file, [t("consultants.init.error.seed", lang, template=template),
                                          *result.problem_lines()])
