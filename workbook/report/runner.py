"""Execute report notebooks with papermill: parameter checks, a bounded pool, one retry on port races."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook import paths

PARAMETERS = ("client", "period", "lang", "db_url", "interactive", "snapshot")
PORT_RACE = "Address already in use"
# A report cell takes seconds even on a million messages; one running this long is stuck (a loop in a client's
# copy, a lock): it is interrupted and fails its notebook rather than hanging the run.
CELL_TIMEOUT_SECONDS = 600
# The imports of every report notebook's opening cells (the notebooks' own lines; nothing more is loaded), and a
# first chart drawn through charts.to_svg: vl-convert starts its JavaScript engine and sees the CJK font (1 s).
WARM_UP = ("from workbook.forms.request import page_params\nfrom workbook import charts\n"
           "from workbook.report import kpis, notebook, tables\n"
           "charts.to_svg({'data': {'values': [{'x': 1}]}, 'mark': 'point',"
           " 'encoding': {'x': {'field': 'x', 'type': 'quantitative'}}})")


@dataclass
class Outcome:
    """How one notebook run ended; `error` names the notebook and the cell when it failed."""

    name: str
    source: Path
    output: Path
    seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def declared_parameters(notebook: Path) -> set[str]:
    import papermill

    return set(papermill.inspect_notebook(str(notebook)))


def parameter_problems(name: str, source: Path) -> list[str]:
    """Missing report parameters in `source`, and drift of a client copy from the template's parameters."""
    declared = declared_parameters(source)
    problems = [f"{name}.ipynb: the `parameters` cell lacks {p!r}" for p in PARAMETERS if p not in declared]
    template = paths.NOTEBOOKS_DIR / f"{name}.ipynb"
    if source != template and template.exists():
        drift = declared ^ declared_parameters(template)
        if drift:
            problems.append(f"{source}: parameters differ from the template's: {', '.join(sorted(drift))}")
    return problems


def _describe_failure(name: str, exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        first_line = next((line for line in exc.source.splitlines() if line.strip()), "")
        cell = f"{name}.ipynb: cell {exc.cell_index} (`{first_line.strip()[:80]}`)"
        if exc.ename == "KeyboardInterrupt":
            return f"{cell} ran longer than {CELL_TIMEOUT_SECONDS} s and was stopped"
        return f"{cell} raised {exc.ename}: {exc.evalue}"
    if isinstance(exc, TimeoutError):
        return f"{name}.ipynb: {(str(exc).splitlines() or ['a cell timed out'])[0]}"  # the rest previews the cell
    return f"{name}.ipynb: {type(exc).__name__}: {exc}"


class Kernel:
    """One Python kernel that runs several notebooks one after another, its namespace cleared in between: the
    start-up and the imports (pandas, altair, vl-convert's engine) are paid once per worker, not per notebook.
    Its stderr (start-up warnings, crashes) goes to `log`, not the operator's terminal."""

    def __init__(self, cwd: Path, log: Path) -> None:
        self.cwd, self.log = cwd, log
        self.manager: Any = None
        self.client: Any = None
        self._starting: threading.Thread | None = None

    def start_soon(self) -> Kernel:
        """Start the kernel in the background (while the caller prepares the pack's snapshot)."""
        # Imported here, not in the thread: jupyter_client's modules import one another, and a second thread
        # importing them at the same time (papermill, another kernel) can be handed a half-initialised module.
        import workbook.report.kernel_link  # noqa: F401

        self._starting = threading.Thread(target=self._start, daemon=True)
        self._starting.start()
        return self

    def _start(self) -> None:
        from workbook.report.kernel_link import SharedKernelManager

        for attempt in (1, 2):
            manager = SharedKernelManager(kernel_name="python3")
            try:
                with self.log.open("ab") as stderr:
                    manager.start_kernel(cwd=str(self.cwd), stderr=stderr)
                self.manager = manager
                self._warm_up()
                return
            except Exception as exc:
                if attempt == 2 or PORT_RACE not in str(exc):
                    raise

    def _warm_up(self) -> None:
        """Have the new kernel import what every report notebook imports first and draw a first chart (1.5 s) while
        the caller is still computing the snapshot; the first notebook's cells queue behind it in the kernel."""
        self.client = self.manager.client()
        self.client.start_channels()
        try:
            self.client.wait_for_ready(timeout=60)
        except RuntimeError:
            return  # not answering yet: the first notebook waits for it as it would have without a warm-up
        self.client.execute(WARM_UP, silent=True, store_history=False)

    def ready(self) -> Any:
        """The kernel manager, with a live kernel whose namespace holds nothing from an earlier notebook."""
        if self._starting is not None:
            self._starting.join()
            self._starting = None
            if self.manager is not None and self.manager.is_alive():
                return self.manager
        if self.manager is None or not self.manager.is_alive():
            self.stop()
            self._start()
            return self.manager
        if self.client is None:
            self.client = self.manager.client()
            self.client.start_channels()
        self.client.wait_for_ready(timeout=60)
        self.client.execute_interactive("get_ipython().reset(new_session=False)", timeout=60, store_history=False)
        return self.manager

    def stop(self) -> None:
        if self._starting is not None:
            self._starting.join()
            self._starting = None
        if self.client is not None:
            self.manager.drop_client()
            self.client = None
        if self.manager is not None and self.manager.has_kernel:
            self.manager.shutdown_kernel(now=True)


def execute(name: str, source: Path, output: Path, parameters: dict[str, Any], kernel: Kernel) -> Outcome:
    """Run one notebook with papermill in `kernel`."""
    import papermill

    started = time.perf_counter()
    try:
        # No cwd= here: papermill would chdir the whole process, racing the other worker thread; the kernel
        # already runs in the pack's folder.
        # Written once at the end (or with the error banner when a cell fails), not at every cell's start and end.
        manager = kernel.ready()
        manager.limit_cells(CELL_TIMEOUT_SECONDS)
        papermill.execute_notebook(str(source), str(output), parameters=parameters, kernel_name="python3",
                                   progress_bar=False, log_output=False, km=manager,
                                   request_save_on_cell_execute=False, execution_timeout=CELL_TIMEOUT_SECONDS)
    except Exception as exc:
        if isinstance(exc, TimeoutError):
            kernel.stop()  # the cell ignored the interrupt and still runs: the next notebook gets a new kernel
        return Outcome(name, source, output, time.perf_counter() - started, _describe_failure(name, exc))
    return Outcome(name, source, output, time.perf_counter() - started)


def start_kernels(count: int, out_dir: Path, kernel_log: Path) -> list[Kernel]:
    """`count` kernels starting in the background, for the pack's workers (report.pack)."""
    return [Kernel(out_dir, kernel_log).start_soon() for _ in range(max(1, count))]
