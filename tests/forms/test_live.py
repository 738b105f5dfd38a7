"""Live report sections (workbook.forms.live): a domain notebook run cell by cell in an IPython shell as Voila
runs it; the cells after the forms become Output widgets that a save redraws from the store's new revision."""

from __future__ import annotations

import json
from typing import Any

from tests.forms.client import CLIENT, PERIOD
from workbook import paths, store
from workbook.forms import live
from workbook.forms.context import FormContext


def _run_page(shell: Any, name: str, ctx: FormContext) -> list[str]:
    cells = ["".join(c["source"]) for c in json.loads((paths.PROJECT_ROOT / "notebooks" / f"{name}.ipynb")
                                                      .read_text(encoding="utf-8"))["cells"]]
    shell.user_ns["_overrides"] = {"client": CLIENT, "period": PERIOD, "lang": "en", "db_url": ctx.db_url,
                                   "interactive": True}
    cells[0] += "\nglobals().update(_overrides)"
    for cell in cells:
        result = shell.run_cell(cell, store_history=True)
        assert result.success, result.error_in_exec
    return cells


def _html(section: live.Section) -> str:
    return "".join(o["data"].get("text/html", "") for o in section.output.outputs)


def test_sections_after_the_forms_redraw_from_the_new_revision(shell: Any, ctx: FormContext) -> None:
    cells = _run_page(shell, "02_recruitment", ctx)
    current = live._current
    assert current is not None
    # Every cell after the forms' cell is a section; the forms' cell itself and those before are not.
    assert [s.code for s in current.sections] == cells[2:]
    assert all(s.output.outputs for s in current.sections)
    intro, decisions = current.sections[0], current.sections[-1]
    assert "0 were accepted" in _html(intro)
    applicants = store.read_table(ctx.engine, CLIENT, "applicants").set_index("applicant_id")
    store.save_record(ctx.engine, CLIENT, "applicants",
                      {"applicant_id": "a1", "decision": "accept", "scores": json.dumps({"motivation": 5}),
                       "decided_by": "alice"}, expected_version=int(applicants.at["a1", "version"]), who="alice")
    decisions_before = _html(decisions)
    current.refresh()
    assert "1 were accepted" in _html(intro)
    assert _html(decisions) != decisions_before
    assert not any(live.STALE in s.output._dom_classes for s in current.sections)


def test_the_page_registers_its_refresher(shell: Any, ctx: FormContext) -> None:
    from workbook.forms.page import page

    _run_page(shell, "01_goals", ctx)
    page_ctx_refreshers: list[Any] = []
    original = live.follow

    def spy(form_ctx: FormContext) -> live.LiveReport | None:
        followed = original(form_ctx)
        page_ctx_refreshers.extend(form_ctx.refreshers)
        return followed

    live.follow = spy  # type: ignore[assignment]
    try:
        page("goals", client=CLIENT, period=PERIOD, lang="en", db_url=ctx.db_url, who="alice")
    finally:
        live.follow = original  # type: ignore[assignment]
    assert live._current is not None and page_ctx_refreshers == [live._current.refresh]


def test_a_failing_section_shows_its_error_and_the_others_still_redraw(shell: Any, ctx: FormContext) -> None:
    _run_page(shell, "01_goals", ctx)
    current = live._current
    assert current is not None
    import ipywidgets as widgets

    current.sections.insert(0, live.Section("raise RuntimeError('broken section')", widgets.Output()))
    current.refresh()
    assert "broken section" in _html(current.sections[0])
    assert "<table" in _html(current.sections[1])


def test_without_ipython_nothing_is_followed(ctx: FormContext) -> None:
    from workbook.forms.page import page

    box = page("goals", client=CLIENT, period=PERIOD, lang="en", db_url=ctx.db_url, who="alice")
    assert box.children and live.follow(ctx) is None
