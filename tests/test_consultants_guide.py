"""The consultants' guide (docs/consultants.md, docs/consultants.en.md) cannot drift from the profile: its settings
table is generated from the model (every key of client.yaml, its default) and docs/settings.yaml (what it changes).
A key added to the profile without a row fails here. `python -m tests.test_consultants_guide` rewrites the tables."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from workbook import paths
from workbook.profile_keys import default_of, setting_keys

DOCS = paths.PROJECT_ROOT / "docs"
GUIDES = {"zh-CN": DOCS / "consultants.md", "en": DOCS / "consultants.en.md"}
START, END = "<!-- settings-table:start -->", "<!-- settings-table:end -->"
HEADERS = {"zh-CN": ("键", "默认值", "改变什么"), "en": ("Key", "Default", "What it changes")}
BUILT_IN = {"zh-CN": "内置（见模板）", "en": "built in (see a template)"}
REQUIRED = {"zh-CN": "必填", "en": "required"}


def descriptions() -> dict[str, dict[str, str]]:
    return yaml.safe_load((DOCS / "settings.yaml").read_text(encoding="utf-8"))


def _default(key: str, keys: list[str], lang: str) -> str:
    from workbook.profile import Profile

    if key in Profile.model_fields and Profile.model_fields[key].is_required():
        return REQUIRED[lang]
    if "[]" in key or any(k.startswith((key + ".", key + "[].")) for k in keys):
        return "—"  # an item of a list, or a section whose keys have rows of their own
    value: Any = default_of(key)
    if value is None:
        return "—"
    text = value if isinstance(value, str) and value else json.dumps(value, ensure_ascii=False)
    return f"`{text}`" if len(text) <= 40 else BUILT_IN[lang]


def settings_table(lang: str) -> str:
    keys, text = setting_keys(), descriptions()
    head = HEADERS[lang]
    lines = [f"| {head[0]} | {head[1]} | {head[2]} |", "|---|---|---|"]
    for key in keys:
        what = text[key][lang].replace("|", "\\|")
        lines.append(f"| `{key}` | {_default(key, keys, lang)} | {what} |")
    return "\n".join(lines)


def _between(text: str) -> str:
    return text.split(START, 1)[1].split(END, 1)[0].strip()


def test_every_key_of_the_profile_is_described_in_both_languages() -> None:
    keys, text = setting_keys(), descriptions()
    assert [k for k in keys if k not in text] == [], "describe the new keys in docs/settings.yaml"
    assert [k for k in text if k not in keys] == [], "docs/settings.yaml describes keys the profile no longer has"
    assert all(set(labels) == {"zh-CN", "en"} and all(labels.values()) for labels in text.values())


@pytest.mark.parametrize("lang", list(GUIDES))
def test_the_guide_holds_the_generated_settings_table(lang: str) -> None:
    guide = GUIDES[lang].read_text(encoding="utf-8")
    assert _between(guide) == settings_table(lang), "run: .venv/bin/python -m tests.test_consultants_guide"
    for key in setting_keys():
        assert f"| `{key}` |" in guide


def test_the_table_shows_the_models_defaults() -> None:
    table = settings_table("en")
    assert "| `timezone` | `Asia/Shanghai` |" in table
    assert "| `schedule.catch_up` | `3` |" in table and "| `schedule` | — |" in table
    assert "| `screening_thresholds.accept` | `70.0` |" in table or "| `screening_thresholds.accept` | `70` |" in table
    assert f"| `allowed_domains` | {BUILT_IN['en']} |" in table
    assert "| `name` | required |" in table and "| `levels[].min_points` | — |" in table


@pytest.mark.parametrize("lang", list(GUIDES))
def test_the_guide_covers_a_consultants_tasks(lang: str) -> None:
    """Start a client, settings, add a chart, override and upgrade a page, schedule runs — with the commands."""
    guide = GUIDES[lang].read_text(encoding="utf-8")
    for command in ("workbook init --list-templates", "workbook init acme --from onboarding",
                    "workbook validate acme", "workbook notebooks copy acme 05_engagement",
                    "workbook notebooks diff acme", "workbook notebooks upgrade acme", "make lab CLIENT=acme",
                    "workbook run-due --dry-run", "workbook airflow-dag --out", "15 6 * * *",
                    "workbook report acme --period 2026-10", "workbook/charts.py"):
        assert command in guide, command
    other = GUIDES["en" if lang == "zh-CN" else "zh-CN"].name
    assert other in guide  # each guide links the other language
    headings = re.findall(r"^## .+$", guide, flags=re.M)
    assert len(headings) >= 6


def write_tables() -> None:
    for lang, path in GUIDES.items():
        text = path.read_text(encoding="utf-8")
        before, rest = text.split(START, 1)
        after = rest.split(END, 1)[1]
        path.write_text(f"{before}{START}\n{settings_table(lang)}\n{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    write_tables()
    print("\n".join(str(p) for p in GUIDES.values()))


def test_the_guides_chart_example_draws_on_a_template_client(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The "add a chart" cell of both guides, run as a page runs it, on a leadership client with the demo data."""
    from workbook import charts, demo
    from workbook.clients import init_from_template
    from workbook.importer import import_file
    from workbook.report import notebook as nb
    from workbook.report import tables

    blocks = {lang: [b for b in re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
                     if "nb.chart" in b] for lang, path in GUIDES.items()}
    assert blocks["zh-CN"] == blocks["en"] and len(blocks["en"]) == 1
    init_from_template("acme", "leadership", lang="en")
    files = demo.generate(tmp_path / "demo")
    for kind in ("members", "events", "attendance", "feedback"):
        assert import_file("acme", kind, files[kind]).ok
    report = nb.load("acme", "2026-10", "en", None, None)
    shown: list[str] = []
    page = {"nb": nb, "tables": tables, "charts": charts, "report": report, "doc": report.document, "lang": "en"}
    monkeypatch.setattr(nb, "_display", lambda html_text: shown.append(str(html_text)))
    exec(blocks["en"][0], page)
    drawn = "\n".join(shown)
    assert "Mean score by event kind" in drawn and "<svg" in drawn
    scored = report.document["events_summary"]["score_by_kind"]
    assert scored and all(tables.value_label("event_kind", kind, "en") in drawn for kind in scored)
