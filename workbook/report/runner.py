"""Execute report notebooks with papermill: parameter checks, a bounded pool, one retry on port races."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbook import paths

PARAMETERS = ("client", "period", "lang", "db_url", "interactive", "snapshot")
PORT_RACE = "Address already in use"


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
        return (f"{name}.ipynb: cell {exc.cell_index} (`{first_line.strip()[:80]}`) raised "
                f"{exc.ename}: {exc.evalue}")
    return f"{name}.ipynb: {type(exc).__name__}: {exc}"


def execute(name: str, source: Path, output: Path, parameters: dict[str, Any]) -> Outcome:
    """Run one notebook; retry once when the kernel lost a race for its ports."""
    import papermill

    started = time.perf_counter()
    for attempt in (1, 2):
        try:
            papermill.execute_notebook(str(source), str(output), parameters=parameters, cwd=str(output.parent),
                                       kernel_name="python3", progress_bar=False, log_output=False)
            return Outcome(name, source, output, time.perf_counter() - started)
        except Exception as exc:
            if attempt == 1 and PORT_RACE in str(exc):
                continue
            return Outcome(name, source, output, time.perf_counter() - started, _describe_failure(name, exc))
    raise AssertionError("unreachable")


def execute_all(jobs: Sequence[tuple[str, Path]], out_dir: Path, parameters: dict[str, Any], parallel: int,
                on_done: Callable[[Outcome], None]) -> list[Outcome]:
    """Run every (name, source) in a pool of `parallel` kernels; a failure does not stop the others."""
    def run(job: tuple[str, Path]) -> Outcome:
        name, source = job
        outcome = execute(name, source, out_dir / f"{name}.ipynb", parameters)
        on_done(outcome)
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        return list(pool.map(run, jobs))
