"""Half of the document's sections computed in a forked child (workbook.forked): the same document, and the
caller computes the part itself when the child cannot."""

from __future__ import annotations

import os

import pytest

from workbook import forked, metrics
from workbook.periods import Period
from workbook.profile import Profile
from workbook.store import Frames


def test_only_the_command_line_forks() -> None:
    assert not forked.usable()
    assert forked.start(lambda: 1) is None


@pytest.mark.usefixtures("forking")
def test_the_child_computes_and_sends_back() -> None:
    pending = forked.start(lambda: {"pid": os.getpid(), "value": [1.5, None]})
    assert pending is not None
    done, result = pending.result()
    assert done and result["value"] == [1.5, None] and result["pid"] != os.getpid()


@pytest.mark.usefixtures("forking")
def test_a_failing_child_says_so() -> None:
    def fails() -> None:
        raise ValueError("no")

    pending = forked.start(fails)
    assert pending is not None
    assert pending.result() == (False, None)


@pytest.mark.usefixtures("forking")
def test_a_forked_document_is_the_document(frames: Frames, profile: Profile, october: Period,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    children = []
    start = forked.start

    def counted(work: object) -> object:
        pending = start(work)  # type: ignore[arg-type]
        children.append(pending)
        return pending

    monkeypatch.setattr(forked, "start", counted)
    together = metrics.compute(frames, profile, october)
    assert children and children[0] is not None
    monkeypatch.setattr(forked, "_allowed", False)
    assert together == metrics.compute(frames, profile, october)
    assert list(together) == list(metrics.compute(frames, profile, october))


@pytest.mark.usefixtures("forking")
def test_when_the_child_fails_the_caller_computes_its_part(frames: Frames, profile: Profile, october: Period,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    expected = metrics.compute(frames, profile, october)
    monkeypatch.setattr(forked.pickle, "dumps", lambda *a, **k: (_ for _ in ()).throw(OSError("pipe")))
    assert metrics.compute(frames, profile, october) == expected
