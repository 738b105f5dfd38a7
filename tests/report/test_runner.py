"""The report runner's kernels: one connection per kernel for all its notebooks, a clean namespace for each, and a
kernel that dies or sticks in one notebook replaced for the next."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from workbook.report import runner
from workbook.report.runner import Kernel, execute


def notebook(folder: Path, name: str, *cells: str) -> Path:
    book = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                             "display_name": "Python 3"},
                                              "language_info": {"name": "python"}})
    parameters = nbformat.v4.new_code_cell("lang = 'en'")
    parameters.metadata["tags"] = ["parameters"]
    book.cells = [parameters, *(nbformat.v4.new_code_cell(source) for source in cells)]
    path = folder / f"{name}.ipynb"
    nbformat.write(book, path)
    return path


def printed(path: Path) -> str:
    book = nbformat.read(path, as_version=4)
    return "".join(output.get("text", "") for cell in book.cells for output in cell.get("outputs", []))


@pytest.fixture()
def kernel(tmp_path: Path):  # type: ignore[no-untyped-def]
    running = Kernel(tmp_path, tmp_path / "kernels.log").start_soon()
    yield running
    running.stop()


def test_one_connection_serves_every_notebook_and_each_starts_clean(tmp_path: Path, kernel: Kernel) -> None:
    first = notebook(tmp_path, "first", "left_over = 1\nprint(lang)")
    second = notebook(tmp_path, "second", "print('left_over' in dir(), lang)")
    outcomes = [execute("first", first, tmp_path / "out1.ipynb", {"lang": "zh-CN"}, kernel),
                execute("second", second, tmp_path / "out2.ipynb", {"lang": "en"}, kernel)]
    assert [o.error for o in outcomes] == [None, None]
    assert printed(tmp_path / "out1.ipynb") == "zh-CN\n"
    assert printed(tmp_path / "out2.ipynb") == "False en\n"  # the first notebook's names are gone
    connection = kernel.client
    assert connection is not None and kernel.manager.client() is connection
    assert connection.channels_running


def test_a_notebook_that_kills_its_kernel_fails_alone(tmp_path: Path, kernel: Kernel) -> None:
    dying = notebook(tmp_path, "dying", "import os\nos._exit(3)")
    after = notebook(tmp_path, "after", "print('still here', lang)")
    died = execute("dying", dying, tmp_path / "out1.ipynb", {"lang": "en"}, kernel)
    assert died.error is not None and died.error.startswith("dying.ipynb:")
    lived = execute("after", after, tmp_path / "out2.ipynb", {"lang": "en"}, kernel)
    assert lived.error is None
    assert printed(tmp_path / "out2.ipynb") == "still here en\n"


def test_a_stuck_cell_is_stopped_and_fails_its_notebook_alone(tmp_path: Path, kernel: Kernel,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "CELL_TIMEOUT_SECONDS", 2)
    stuck = notebook(tmp_path, "stuck", "while True:\n    pass")
    after = notebook(tmp_path, "after", "print('fresh', lang)")
    timed_out = execute("stuck", stuck, tmp_path / "out1.ipynb", {"lang": "en"}, kernel)
    assert timed_out.error == "stuck.ipynb: cell 2 (`while True:`) ran longer than 2 s and was stopped"
    lived = execute("after", after, tmp_path / "out2.ipynb", {"lang": "en"}, kernel)
    assert lived.error is None and lived.seconds < 30
    assert printed(tmp_path / "out2.ipynb") == "fresh en\n"


def test_a_cell_that_ignores_the_interrupt_loses_its_kernel(tmp_path: Path, kernel: Kernel,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "CELL_TIMEOUT_SECONDS", 2)
    deaf = notebook(tmp_path, "deaf", "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n"
                                      "    pass")
    after = notebook(tmp_path, "after", "print('fresh', lang)")
    stopped = execute("deaf", deaf, tmp_path / "out1.ipynb", {"lang": "en"}, kernel)
    assert stopped.error is not None and stopped.error.startswith("deaf.ipynb: ")
    assert "timed out" in stopped.error and stopped.seconds < 30
    lived = execute("after", after, tmp_path / "out2.ipynb", {"lang": "en"}, kernel)
    assert lived.error is None
    assert printed(tmp_path / "out2.ipynb") == "fresh en\n"
