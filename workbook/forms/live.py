"""Report sections that follow the forms on an interactive page.

Every cell the kernel runs after the page's forms are shown (the report sections) is captured into an Output
widget, and its source kept. After a save the cell that loaded the report and then each section's cell are
run again and their Output widgets' contents replaced: the figures are new, the forms keep their state.

The outputs are set on the widget's `outputs` trait rather than sent as (update_)display_data messages: a
widget callback's messages have a comm message as parent, which Voila's page does not route to cell outputs.
"""

from __future__ import annotations

import contextlib
import html
import logging
from dataclasses import dataclass, field
from typing import Any

import ipywidgets as widgets

log = logging.getLogger(__name__)
STALE = "wb-stale"  # on a section from the save until its redraw arrives (dimmed by the shell's CSS)


@dataclass
class Section:
    code: str
    output: widgets.Output


@dataclass
class LiveReport:
    """The report sections of one page in one kernel; `prelude` (the cell that loaded the report) is re-run
    first, its output dropped, so the sections read the store's new revision."""

    shell: Any
    prelude: str | None
    sections: list[Section] = field(default_factory=list)
    _capture: Any = None
    _captured: Any = None

    def start(self) -> LiveReport:
        self.shell.events.register("pre_run_cell", self._before)
        self.shell.events.register("post_run_cell", self._after)
        return self

    def stop(self) -> None:
        for event, hook in (("pre_run_cell", self._before), ("post_run_cell", self._after)):
            with contextlib.suppress(ValueError):
                self.shell.events.unregister(event, hook)

    def _before(self, _info: Any = None) -> None:
        from IPython.utils.capture import capture_output

        self._capture = capture_output(stdout=False, stderr=False, display=True)
        self._captured = self._capture.__enter__()

    def _after(self, result: Any = None) -> None:
        # The cell that displayed the forms registered these hooks mid-run: it has no capture to close.
        if self._capture is None:
            return
        self._capture.__exit__(None, None, None)
        captured, self._capture = self._captured, None
        output = widgets.Output()
        output.add_class("wb-live-section")
        output.outputs = _bundles(captured.outputs)
        self.sections.append(Section(result.info.raw_cell if result is not None else "", output))
        from IPython.display import display

        display(output)

    def refresh(self) -> None:
        """Re-run the prelude, then every section in order, each replacing its own Output's contents; a
        section that fails shows its error in its place and the others still redraw."""
        for section in self.sections:
            section.output.add_class(STALE)
        if self.prelude:
            self._run(self.prelude)
        for section in self.sections:
            section.output.outputs = self._run(section.code)
            section.output.remove_class(STALE)

    def _run(self, code: str) -> tuple[dict[str, Any], ...]:
        from IPython.utils.capture import capture_output

        with capture_output(stdout=False, stderr=False, display=True) as captured:
            try:
                exec(compile(self.shell.transform_cell(code), "<report section>", "exec"), self.shell.user_ns)
            except Exception as exc:
                log.exception("report section failed to redraw")
                return (*_bundles(captured.outputs), _error(exc))
        return _bundles(captured.outputs)


def _bundles(outputs: list[Any]) -> tuple[dict[str, Any], ...]:
    return tuple({"output_type": "display_data", "data": dict(o.data), "metadata": dict(o.metadata or {})}
                 for o in outputs)


def _error(exc: Exception) -> dict[str, Any]:
    text = f"{type(exc).__name__}: {exc}"
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/html": f'<p class="wb-error" role="alert">{html.escape(text)}</p>', "text/plain": text}}


_current: LiveReport | None = None


def follow(ctx: Any) -> LiveReport | None:
    """On a page running in IPython whose report was loaded by `workbook.report.notebook.load`: capture the
    cells run from now on as live sections and redraw them after every save (`ctx.changed()`)."""
    global _current
    from workbook.report.notebook import loading_cell

    prelude = loading_cell()
    if prelude is None:
        return None
    shell, code = prelude
    if _current is not None:
        _current.stop()
    _current = LiveReport(shell, code).start()
    ctx.refreshers.append(_current.refresh)
    return _current
