"""`workbook validate CLIENT`: every problem of a client's set-up, each with its key and line, in the operator's
language — client.yaml against the profile model (with a "did you mean" for misspelt keys), goal metrics in the
store, survey mappings, overridden notebooks' parameters and report schedules the data cannot cover."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from workbook import paths
from workbook.i18n import t
from workbook.profile import Profile
from workbook.profile_keys import allowed_keys, line_of, suggestion

_TYPE_KEYS = {
    "literal_error": "literal_error", "int_parsing": "int", "int_type": "int", "int_from_float": "int",
    "float_parsing": "float", "float_type": "float", "bool_parsing": "bool", "bool_type": "bool",
    "string_type": "string", "list_type": "list", "tuple_type": "list", "dict_type": "mapping",
    "model_type": "mapping", "model_attributes_type": "mapping", "greater_than_equal": "greater_than_equal",
    "greater_than": "greater_than", "less_than_equal": "less_than_equal", "less_than": "less_than",
    "too_short": "too_short",
}


@dataclass(frozen=True)
class Finding:
    """One problem: where (file, line when it has one), which key, and what is wrong in the operator's words."""

    where: str
    key: str
    message: str
    line: int | None = None

    def render(self) -> str:
        place = f"{self.where}:{self.line}" if self.line else self.where
        return f"{place}: `{self.key}`: {self.message}" if self.key else f"{place}: {self.message}"


@dataclass
class Validation:
    client: str
    path: Path
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- client.yaml ---------------------------------------------------------------------------------------------------

def _load(path: Path, lang: str) -> tuple[Any, Finding | None]:
    """The round-trip document (lines kept), or the YAML problem with its line."""
    try:
        return YAML().load(path.read_text(encoding="utf-8")), None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        return None, Finding(_shown(path), "", t("consultants.validate.yaml", lang, error=reason), line)
    except YAMLError as exc:
        return None, Finding(_shown(path), "", t("consultants.validate.yaml", lang, error=exc))


def _plain(doc: Any) -> Any:
    """The round-trip document as plain dicts and lists (what the profile model validates)."""
    return json.loads(json.dumps(doc, default=str))


def _message(err: dict[str, Any], lang: str) -> str:
    kind = err["type"]
    loc = tuple(err["loc"])
    if kind == "extra_forbidden":
        message = t("consultants.validate.unknown_key", lang)
        allowed = allowed_keys(loc[:-1])
        guess = suggestion(str(loc[-1]), allowed) if allowed else None
        if guess:
            return message + t("consultants.validate.did_you_mean", lang, suggestion=guess)
        return message + (t("consultants.validate.known_keys", lang, keys=", ".join(allowed)) if allowed else "")
    if kind == "missing":
        return t("consultants.validate.missing", lang)
    if kind in _TYPE_KEYS:
        values = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, str | int | float)}
        if lang == "zh-CN" and isinstance(values.get("expected"), str):
            values["expected"] = str(values["expected"]).replace("' or '", "', '")
        return t(f"consultants.validate.type.{_TYPE_KEYS[kind]}", lang, **values)
    reason = str(err["msg"]).removeprefix("Value error, ")
    if kind == "value_error":
        known = _value_error(loc, err.get("input"), reason, lang)
        if known:
            return known
    return t("consultants.validate.invalid", lang, reason=reason)


def _value_error(loc: tuple[Any, ...], value: object, reason: str, lang: str) -> str | None:
    """The profile's own checks (profile.py validators) in the operator's language, by where they apply."""
    if loc == ("timezone",):
        return t("consultants.validate.value.timezone", lang, value=repr(value))
    if loc == ("levels",):
        return t("consultants.validate.value.levels", lang)
    if loc == ("event_score_weights",):
        return t("consultants.validate.value.weights", lang)
    if loc == ("screening_thresholds",):
        return t("consultants.validate.value.thresholds", lang)
    if len(loc) == 3 and loc[0] == "rules" and loc[2] == "patterns":
        return t("consultants.validate.value.pattern", lang, reason=reason)
    return None


def profile_findings(path: Path, doc: Any, lang: str) -> tuple[Profile | None, list[Finding]]:
    """The profile when client.yaml is a valid one, and every problem of it with key path and line."""
    where = _shown(path)
    if not isinstance(doc, dict):
        return None, [Finding(where, "", t("consultants.validate.not_mapping", lang), 1)]
    try:
        return Profile.model_validate(_plain(doc)), []
    except ValidationError as exc:
        findings = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            key = ".".join(str(p) for p in loc)
            findings.append(Finding(where, key, _message(err, lang), line_of(doc, loc)))
        return None, findings


def survey_findings(path: Path, doc: Any, lang: str) -> list[Finding]:
    """survey_mapping entries whose feedback field is not one a survey import can fill."""
    from workbook.ingest.survey import FIELDS

    mapping = doc.get("survey_mapping") if isinstance(doc, dict) else None
    if not isinstance(mapping, dict):
        return []
    findings = []
    for question, target in mapping.items():
        if target in FIELDS:
            continue
        message = t("consultants.validate.survey_field", lang, question=question, field=target,
                    fields=", ".join(FIELDS))
        if guess := suggestion(str(target), FIELDS):
            message += t("consultants.validate.did_you_mean", lang, suggestion=guess)
        findings.append(Finding(_shown(path), f"survey_mapping.{question}", message,
                                line_of(doc, ("survey_mapping", question))))
    return findings


def label_findings(path: Path, doc: Any, lang: str) -> list[Finding]:
    """`labels` overrides of keys no visible text has (a misspelt key silently changes nothing), or of a language
    other than zh-CN and en."""
    from workbook.i18n import LANGUAGES, catalogue

    labels = doc.get("labels") if isinstance(doc, dict) else None
    if not isinstance(labels, dict):
        return []
    known = catalogue()
    findings = []
    for key, texts in labels.items():
        if key not in known:
            message = t("consultants.validate.label_key", lang)
            if guess := suggestion(str(key), list(known)):
                message += t("consultants.validate.did_you_mean", lang, suggestion=guess)
            findings.append(Finding(_shown(path), f"labels.{key}", message, line_of(doc, ("labels", key))))
        elif isinstance(texts, dict):
            findings += [Finding(_shown(path), f"labels.{key}.{other}", t("consultants.validate.label_lang", lang),
                                 line_of(doc, ("labels", key, other))) for other in texts if other not in LANGUAGES]
    return findings


# --- overridden notebooks -----------------------------------------------------------------------------------------

def notebook_parameters(path: Path) -> set[str]:
    """Names assigned at the top level of the notebook's cell tagged `parameters` (as papermill reads it)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            names: set[str] = set()
            for node in ast.parse(source).body:
                targets = node.targets if isinstance(node, ast.Assign) else \
                    [node.target] if isinstance(node, ast.AnnAssign) else []
                names |= {target.id for target in targets if isinstance(target, ast.Name)}
            return names
    return set()


def notebook_findings(client: str, lang: str) -> tuple[list[Finding], list[str]]:
    """Each copy in data/<client>/notebooks/ must declare every parameter of its standard notebook; a notebook
    of no standard name is only noted (nothing runs it)."""
    findings: list[Finding] = []
    notes: list[str] = []
    for copy in sorted((paths.client_dir(client) / "notebooks").glob("*.ipynb")):
        standard = paths.NOTEBOOKS_DIR / copy.name
        where = _shown(copy)
        if not standard.exists():
            notes.append(f"{where}: {t('consultants.validate.notebook_unknown', lang)}")
            continue
        try:
            missing = notebook_parameters(standard) - notebook_parameters(copy)
        except (ValueError, SyntaxError, OSError) as exc:
            findings.append(Finding(where, "", t("consultants.validate.notebook_unreadable", lang, error=exc)))
            continue
        if missing:
            findings.append(Finding(where, "parameters", t("consultants.validate.notebook_missing", lang,
                                                           name=standard.stem,
                                                           params=", ".join(sorted(missing)))))
    return findings, notes


# --- the store: goals and schedules -------------------------------------------------------------------------------

def _has_store(client: str) -> bool:
    import os

    return bool(os.environ.get("WORKBOOK_DB_URL")) or paths.sqlite_path(client).exists()


def goal_findings(client: str, lang: str) -> list[Finding]:
    """Goals in the store whose metric names no figure of the metrics document."""
    import sqlalchemy as sa

    from workbook import store
    from workbook.metrics.keys import is_metric_key, metric_keys

    goals = store.SA_TABLES["goals"]
    stmt = (sa.select(goals.c.goal_id, goals.c.metric, goals.c.source_file)
            .where(goals.c.client == client).order_by(goals.c.goal_id))
    with store.engine(client).connect() as conn:
        rows = conn.execute(stmt).all()
    findings = []
    for goal_id, metric, source in rows:
        if is_metric_key(str(metric)):
            continue
        message = t("consultants.validate.goal_metric", lang, goal=goal_id, metric=metric, source=source or "-")
        if guess := suggestion(str(metric), metric_keys()):
            message += t("consultants.validate.goal_metric_hint", lang, suggestion=guess)
        findings.append(Finding(f"goals[{goal_id}]", "metric", message))
    return findings


def _data_span(client: str) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """First and last moment (UTC) in the client's time-stamped tables, None without data."""
    import sqlalchemy as sa

    from workbook import store
    from workbook.report.schedule import DATA_COLUMNS

    moments = []
    with store.engine(client).connect() as conn:
        for table_name, column in DATA_COLUMNS:
            col = store.SA_TABLES[table_name].c[column]
            table = store.SA_TABLES[table_name]
            row = conn.execute(sa.select(sa.func.min(col), sa.func.max(col)).where(table.c.client == client)).one()
            moments += [pd.Timestamp(v) for v in row if v is not None]
    if not moments:
        return None
    utc = [m.tz_localize("UTC") if m.tzinfo is None else m.tz_convert("UTC") for m in moments]
    return min(utc), max(utc)


def _has_data_in(client: str, start: pd.Timestamp, end: pd.Timestamp) -> bool:
    import sqlalchemy as sa

    from workbook import store
    from workbook.report.schedule import DATA_COLUMNS

    lo, hi = start.tz_convert("UTC").tz_localize(None), end.tz_convert("UTC").tz_localize(None)
    with store.engine(client).connect() as conn:
        for table_name, column in DATA_COLUMNS:
            table = store.SA_TABLES[table_name]
            col = table.c[column]
            found = conn.execute(sa.select(col).where(table.c.client == client, col >= lo, col < hi).limit(1))
            if found.first() is not None:
                return True
    return False


def schedule_findings(client: str, path: Path, doc: Any, profile: Profile, lang: str,
                      now: datetime | None = None) -> tuple[list[Finding], list[str]]:
    """Enabled period kinds whose due periods hold no data (problems), and a catch_up reaching back before the first
    data (a note: run-due makes only the periods since then)."""
    from workbook.report.schedule import closed_periods, window

    span = _data_span(client)
    if span is None:
        return [], [t("consultants.validate.no_data", lang)]
    first, last = span
    moment = now or datetime.now(UTC)
    tz = profile.timezone
    findings = []
    notes: list[str] = []
    enabled = {"month": profile.schedule.monthly, "week": profile.schedule.weekly}
    keys = {"month": "monthly", "week": "weekly"}
    for kind, on in enabled.items():
        if not on:
            continue
        kind_word = t(f"consultants.validate.kind.{kind}", lang)
        key = ("schedule", keys[kind])
        due = window(kind, first, moment, tz, profile.schedule.catch_up)
        empty = [p.label for p in due if not _has_data_in(client, p.start_at, p.end_at)]
        if empty:
            findings.append(Finding(_shown(path), ".".join(key), t(
                "consultants.validate.schedule_empty", lang, kind=kind_word, periods=", ".join(empty),
                first=first.tz_convert(tz).date().isoformat(), last=last.tz_convert(tz).date().isoformat()),
                line_of(doc, key)))
        covered = len(closed_periods(kind, first, moment, tz))
        if 0 < covered < profile.schedule.catch_up:
            # Not a problem (run-due never goes before the first data), but the consultant expecting
            # `catch_up` packs on the first night should know how many there will be.
            line = line_of(doc, ("schedule", "catch_up"))
            notes.append(f"{_shown(path)}:{line}: `schedule.catch_up`: " + t(
                "consultants.validate.schedule_catch_up", lang, catch_up=profile.schedule.catch_up,
                first=first.tz_convert(tz).date().isoformat(), covered=covered, kind=kind_word))
    return findings, notes


# --- all of it ----------------------------------------------------------------------------------------------------

def branding_findings(client: str, path: Path, doc: Any, lang: str) -> list[Finding]:
    """The logo file's problems (missing, too large, not an image, outside the client's folder), at `branding.logo`."""
    from workbook import branding

    line = line_of(doc, ("branding", "logo"))
    # Each message already names the key; the file is named once, by the finding's place.
    return [Finding(_shown(path), "", message.removeprefix(f"{path}: ").removeprefix(f"{path}："), line)
            for message in branding.problems(client, lang)]


def validate(client: str, lang: str = "en", now: datetime | None = None) -> Validation:
    """Every problem of the client's set-up; client.yaml's own problems first, each in `lang`."""
    from workbook.forms.request import CLIENT_NAME

    if not CLIENT_NAME.fullmatch(client or ""):  # never a path: `../x` must not read outside data/
        result = Validation(client, Path(client or "-"))
        result.findings.append(Finding(client or "-", "", t("consultants.init.error.name", lang)))
        return result
    path = paths.profile_path(client)
    result = Validation(client, path)
    if not path.exists():
        result.findings.append(Finding(_shown(path), "", t("consultants.validate.no_profile", lang, client=client)))
        return result
    doc, broken = _load(path, lang)
    if broken is not None:
        result.findings.append(broken)
        return result
    profile, problems = profile_findings(path, doc, lang)
    own = [*problems, *survey_findings(path, doc, lang), *label_findings(path, doc, lang)]
    if profile is not None:
        own += branding_findings(client, path, doc, lang)
    result.findings += sorted(own, key=lambda f: f.line or 0)
    found, notes = notebook_findings(client, lang)
    result.findings += found
    result.notes += notes
    if _has_store(client):
        result.findings += goal_findings(client, lang)
        if profile is not None:
            found, notes = schedule_findings(client, path, doc, profile, lang, now)
            result.findings += found
            result.notes += notes
    elif profile is not None:
        result.notes.append(t("consultants.validate.no_data", lang))
    return result


def render(result: Validation, lang: str) -> list[str]:
    """The lines `workbook validate` prints: one per problem then a count, or one "ok" line."""
    notes = [t("consultants.validate.note", lang, note=note) for note in result.notes]
    if result.ok:
        checks = t("consultants.validate.checks", lang)
        return [t("consultants.validate.ok", lang, client=result.client, checks=checks), *notes]
    return [*(f.render() for f in result.findings), *notes,
            t("consultants.validate.summary", lang, client=result.client, n=len(result.findings))]
