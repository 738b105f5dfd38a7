"""Fast checks: offline-HTML guard, figure formatting, notebooks stored stripped with their parameters."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from workbook import paths
from workbook.report import pack as report
from workbook.report.html import external_references
from workbook.report.kpis import headlines, write
from workbook.report.runner import PARAMETERS, declared_parameters


def test_external_references_flag_scripts_and_links_but_not_anchors() -> None:
    html = ('<script src="https://cdn.example/require.js"></script><link href="//cdn.example/x.css">'
            '<a href="https://example.org">ok</a><img src="data:image/png;base64,AA"><script src="local.js">')
    assert len(external_references(html)) == 2


def test_write_figures() -> None:
    assert write(0.4251, "ratio") == "42.5%"
    assert write(1234, "count") == "1,234"
    assert write(71.25, "score") == "71.2"
    assert write(None, "count") == "—"


def test_headline_change_against_previous_period() -> None:
    now = {"engagement": {"active_rate": 0.5, "members_in_period": 12}}
    before = {"engagement": {"active_rate": 0.4, "members_in_period": 10}}
    rows = {h.key: h for h in headlines(now, before, "en")}
    # 0.5 − 0.4 = 0.1 → +10.0 pp; 12 − 10 = +2
    assert rows["engagement.active_rate"].change == "+10.0 pp vs previous"
    assert rows["engagement.members_in_period"].change == "+2 vs previous"
    assert rows["events_summary.count"].value == "—"


def test_template_notebooks_are_stripped_and_parametrised() -> None:
    for name in (*report.NOTEBOOKS, report.YEARBOOK):
        path = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        assert notebook.cells[0].metadata.get("tags") == ["parameters"]
        assert declared_parameters(path) == set(PARAMETERS)
        for cell in notebook.cells:
            assert cell.get("outputs", []) == [] and cell.get("execution_count") is None, name


def test_report_labels_have_exactly_both_languages() -> None:
    import yaml

    # an unquoted comma in a YAML flow mapping silently cuts an English label and adds a stray key
    for name in ("report.yaml", "charts.yaml"):
        labels = yaml.safe_load((paths.PACKAGE_DIR / "i18n" / name).read_text(encoding="utf-8"))
        assert {key: sorted(v) for key, v in labels.items() if set(v) != {"zh-CN", "en"}} == {}, name


def test_client_copy_whose_parameters_drift_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A consultant's edited copy in data/<client>/notebooks/ that renames a parameter gets a warning."""
    from workbook.report.runner import parameter_problems

    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data"))
    copy = paths.client_dir("acme") / "notebooks" / "02_recruitment.ipynb"
    copy.parent.mkdir(parents=True)
    notebook = nbformat.read(paths.NOTEBOOKS_DIR / "02_recruitment.ipynb", as_version=4)
    cell = next(c for c in notebook.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = cell.source.replace("lang = ", "language = ")
    nbformat.write(notebook, copy)
    assert paths.notebook_path("acme", "02_recruitment") == copy
    problems = parameter_problems("02_recruitment", copy)
    assert problems[0] == "02_recruitment.ipynb: the `parameters` cell lacks 'lang'"
    assert problems[1].endswith("parameters differ from the template's: lang, language")
    assert parameter_problems("02_recruitment", paths.NOTEBOOKS_DIR / "02_recruitment.ipynb") == []


def test_count_axes_step_by_whole_numbers() -> None:
    """A few items or posters a day must not be read off ticks at 0.5, 1.5 …"""
    import pandas as pd

    from workbook import charts

    calendar = charts.calendar_vs_plan(pd.DataFrame({"date": ["2026-10-01"], "status": ["on_plan"], "items": [2]}),
                                       "en").to_dict()
    assert calendar["encoding"]["y"]["axis"]["tickMinStep"] == 1
    daily = charts.daily_posters(pd.DataFrame({"date": pd.to_datetime(["2026-10-01"]), "posters": [3],
                                               "messages": [5]}), "zh-CN").to_dict()
    assert daily["vconcat"][0]["encoding"]["y"]["axis"]["tickMinStep"] == 1
