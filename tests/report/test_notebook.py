"""A notebook's opening (`nb.open_page`, `nb.open_report`): what a page shows above its own sections and the report
it hands them, for a report run, a Voila query string and the app's interactive page, in both languages."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.forms.client import CLIENT, PERIOD, write_client
from workbook.forms.request import PageRefused
from workbook.i18n import t
from workbook.report import notebook as nb

# The pilot client's October 2026 (tests/forms/client.py): a month that has ended, with members and messages, so
# the period line stands alone (no "not ended yet", no "no data" sentence).
OCTOBER = {"start": date(2026, 10, 1), "end": date(2026, 10, 31)}


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path}/w.sqlite"
    write_client(CLIENT, url)
    return url


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What the opening displays, in order: HTML as its markup, a widget as itself."""
    import IPython.display

    displayed: list[Any] = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda obj, **_: displayed.append(obj.data if isinstance(obj, IPython.display.HTML) else obj))
    return displayed


@pytest.fixture
def in_voila(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A Voila kernel whose request carries `query` (the home page's query string)."""

    def request(query: str) -> None:
        monkeypatch.setenv("VOILA_KERNEL_ID", "k1")
        monkeypatch.setenv("QUERY_STRING", query)

    yield request


def _texts(displayed: list[Any]) -> list[str]:
    return [item for item in displayed if isinstance(item, str)]


def _title(key: str, lang: str) -> str:
    return f"<h1>{html.escape(t(key, lang))}</h1>"


def _paragraph(key: str, lang: str, **values: Any) -> str:
    return f"<p>{html.escape(t(key, lang, **values))}</p>"


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_a_report_run_shows_title_and_period_and_no_forms(db_url: str, shown: list[Any], lang: str) -> None:
    report = nb.open_page("02_recruitment", CLIENT, PERIOD, lang, db_url, False, None)
    assert (report.client, report.period_label, report.lang, report.interactive) == (CLIENT, PERIOD, lang, False)
    assert shown == [_title("report.notebook.02_recruitment", lang), _paragraph("report.period_line", lang, **OCTOBER)]
    assert report.document["recruitment"]["applicants"] == 2  # Zhao Lei and Qian Yu


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_the_query_string_picks_the_page_and_the_app_page_shows_its_forms(db_url: str, shown: list[Any], in_voila: Any,
                                                                         lang: str) -> None:
    in_voila(f"client={CLIENT}&period=2026-W43&lang={lang}&who=%E6%9D%8E%E9%9D%99")  # who=李静
    report = nb.open_page("01_goals", "demo", "2026-10", "en" if lang == "zh-CN" else "zh-CN", db_url, False, None)
    assert (report.client, report.period_label, report.lang, report.interactive) == (CLIENT, "2026-W43", lang, True)
    week = {"start": date(2026, 10, 19), "end": date(2026, 10, 25)}  # ISO week 43 of 2026: Monday to Sunday
    assert _texts(shown) == [_title("report.notebook.01_goals", lang), _paragraph("report.period_line", lang, **week)]
    forms = shown[-1]
    assert "wb-page-goals" in forms._dom_classes and len(forms.children) == 2  # positioning, then goals
    assert forms.children[1]._dom_classes  # a built form, bound to the page's client and facilitator


def test_a_client_the_query_string_may_not_open_is_refused_before_anything_shows(db_url: str, shown: list[Any],
                                                                                in_voila: Any) -> None:
    in_voila("client=..%2Fetc&lang=zh-CN")
    with pytest.raises(PageRefused) as refused:
        nb.open_page("01_goals", CLIENT, PERIOD, "en", db_url, False, None)
    assert refused.value.key == "page.bad_client" and shown == []


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_a_form_page_says_what_it_is_for_instead_of_the_period(db_url: str, shown: list[Any], lang: str) -> None:
    nb.open_page("07_settings", CLIENT, PERIOD, lang, db_url)
    assert shown == [_title("app.page.07_settings", lang), _paragraph("form.settings.intro", lang)]
    shown.clear()
    report = nb.open_page("09_points", CLIENT, PERIOD, lang, db_url, interactive=True)
    assert _texts(shown) == [_title("report.notebook.09_points", lang), _paragraph("points.intro", lang)]
    assert "wb-page-points" in shown[-1]._dom_classes and report.interactive


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_the_member_page_explains_itself_only_without_its_form(db_url: str, shown: list[Any], lang: str) -> None:
    """The timeline form carries its own introduction; a static page says it in the form's place."""
    opening = [_title("report.notebook.13_member", lang), _paragraph("report.period_line", lang, **OCTOBER)]
    nb.open_page("13_member", CLIENT, PERIOD, lang, db_url)
    assert shown == [*opening, _paragraph("culture_programme.timeline.intro", lang)]
    shown.clear()
    nb.open_page("13_member", CLIENT, PERIOD, lang, db_url, interactive=True)
    assert _texts(shown) == opening and "wb-page-member" in shown[-1]._dom_classes


def test_the_yearbook_opens_without_reading_a_query_string(db_url: str, shown: list[Any], in_voila: Any) -> None:
    in_voila("client=demo&lang=zh-CN")
    report = nb.open_report("yearbook", CLIENT, PERIOD, "en", db_url)
    assert (report.client, report.lang, report.interactive) == (CLIENT, "en", False)
    assert shown == [_title("report.notebook.yearbook", "en"), _paragraph("report.period_line", "en", **OCTOBER)]


def test_a_save_reloads_the_report_without_building_the_forms_again(db_url: str, shell: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The opening cell is what a save re-runs (workbook.forms.live): the report is read anew and rebound, the forms
    already on the page are kept."""
    from workbook.forms import live
    from workbook.forms import page as forms_page

    built: list[str] = []
    original = forms_page.page
    monkeypatch.setattr(forms_page, "page", lambda domain, **request: built.append(domain) or original(domain,
                                                                                                    **request))
    shell.user_ns.update(client=CLIENT, period=PERIOD, lang="en", db_url=db_url, interactive=True)
    for cell in ("from workbook.report import notebook as nb\n"
                 "report = nb.open_page('02_recruitment', client, period, lang, db_url, interactive)\n"
                 "doc = report.document",
                 "nb.md(str(doc['recruitment']['applicants']))"):
        assert shell.run_cell(cell, store_history=True).success
    first = shell.user_ns["report"]
    current = live._current
    assert current is not None and built == ["recruitment"] and len(current.sections) == 1
    current.refresh()
    assert built == ["recruitment"] and not nb._reopening
    assert shell.user_ns["report"] is not first and shell.user_ns["report"].interactive
    assert "<p>2</p>" in current.sections[0].output.outputs[0]["data"]["text/html"]


def test_every_page_opens_as_itself_with_labels_in_both_languages() -> None:
    """Each standard notebook's opening names the notebook it is in (a copied cell left naming its neighbour would
    show the wrong title and forms), and every opening's labels are in the catalogue in zh-CN and en."""
    from workbook.i18n import catalogue
    from workbook.notebooks_admin.pairs import cells_of
    from workbook.paths import NOTEBOOKS_DIR

    for notebook in sorted(NOTEBOOKS_DIR.glob("*.ipynb")):
        if notebook.stem == "index":
            continue
        opening = cells_of(notebook)[1]["source"]
        call = "open_report" if notebook.stem == "yearbook" else "open_page"
        assert f'report = nb.{call}("{notebook.stem}", client, period, lang, db_url' in opening, notebook.name
    assert set(nb.OPENINGS) <= {p.stem for p in NOTEBOOKS_DIR.glob("*.ipynb")}
    labels = catalogue()
    for name, opening in nb.OPENINGS.items():
        for key in filter(None, (opening.title or f"report.notebook.{name}", opening.intro, opening.static_intro)):
            assert set(labels[key]) >= {"zh-CN", "en"}, key
