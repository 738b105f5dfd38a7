"""Work done on a second core by a forked copy of this process: half of a period's sections (metrics.compute),
the older messages' read (snapshot.window).

The sections are pure functions of frames already in memory; a fork shares those frames with the child at no
copying cost, and the child sends back only its result. Used only where forking is safe: a command-line
process (the CLI allows it) that runs no other thread — never inside a Jupyter or Voila kernel, whose threads
could hold a lock at the moment of the fork. Whatever goes wrong in the child, the caller computes the part itself.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import Any

_allowed = False


def allow() -> None:
    """Let this process fork for its computations (the `workbook` command, before it runs)."""
    global _allowed
    _allowed = True


def usable() -> bool:
    return _allowed and hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


class Pending:
    """A computation running in a child process."""

    def __init__(self, pid: int, reader: int) -> None:
        self.pid, self.reader = pid, reader

    def result(self) -> tuple[bool, Any]:
        """(True, value) when the child finished it, (False, None) otherwise."""
        chunks = []
        with os.fdopen(self.reader, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        _, status = os.waitpid(self.pid, 0)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0 or not chunks:
            return False, None
        try:
            return True, pickle.loads(b"".join(chunks))
        except Exception:
            return False, None


def start(work: Callable[[], Any]) -> Pending | None:
    """`work` started in a forked child; None when forking is not usable here."""
    if not usable():
        return None
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid == 0:  # the child: compute, send, leave without running the parent's exit handlers or flushing its buffers
        code = 1
        try:
            os.close(reader)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    return Pending(pid, reader)
