"""One connection per report kernel, kept for every notebook the kernel runs, that notices a dead or stuck kernel.

- papermill (through nbclient) opens a new client for each notebook and waits for it to be ready; that wait
  ends with a 0.2 s quiet spell on IOPub, and the runner's own reset between notebooks paid another: 0.4 s of
  idle time per notebook, a quarter of a pack's notebook phase. Here the kernel manager hands out the
  connection the worker already made, and that connection, once it has answered, is ready at once.
- nbclient waits for a cell's reply and output in one blocking call (with no limit, or the cell's). With a
  blocking client that call holds the event loop, so nbclient's own dead-kernel check never runs: a notebook
  whose kernel was killed (out of memory, a crash in a client's copy) hung the whole pack, and so did a stuck
  cell (a loop in a client's copy). The channels here check, every second they wait, that the kernel still
  lives, failing the notebook when it does not, and interrupt a cell running longer than the runner's limit.
"""

from __future__ import annotations

from collections.abc import Callable
from queue import Empty
from time import monotonic
from typing import Any

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.channels import ZMQSocketChannel
from jupyter_client.manager import KernelManager
from nbclient.exceptions import DeadKernelError
from traitlets import DottedObjectName, Type

LIFE_CHECK_SECONDS = 1.0


class WatchedChannel(ZMQSocketChannel):
    """A channel whose waits are a series of waits of a second at most, each followed by a check that the kernel
    lives; the caller's time limit, if any, still holds. A wait with no limit of its own (nbclient's wait for a
    cell's output) that lasts `longest_wait` calls `on_overdue` (which interrupts the kernel) and, when nothing
    comes for as long again, gives up."""

    kernel_alive: Callable[[], bool] = staticmethod(lambda: True)
    longest_wait: float | None = None
    on_overdue: Callable[[], None] | None = None

    def get_msg(self, timeout: float | None = None) -> dict[str, Any]:
        deadline = None if timeout is None else monotonic() + timeout
        began, interrupted = monotonic(), False
        while True:
            left = LIFE_CHECK_SECONDS if deadline is None else max(0.0, deadline - monotonic())
            try:
                return super().get_msg(timeout=min(left, LIFE_CHECK_SECONDS))
            except Empty:
                if deadline is not None and monotonic() >= deadline:
                    raise
                if not self.kernel_alive():
                    raise DeadKernelError("the kernel died while the notebook ran") from None
                if deadline is None and self.longest_wait is not None and monotonic() - began >= self.longest_wait:
                    if interrupted or self.on_overdue is None:
                        raise
                    self.on_overdue()
                    began, interrupted = monotonic(), True


class SharedClient(BlockingKernelClient):
    """A client whose channels start once and stay up between notebooks."""

    iopub_channel_class = Type(WatchedChannel)  # type: ignore[assignment]
    shell_channel_class = Type(WatchedChannel)  # type: ignore[assignment]
    answered = False

    def start_channels(self, *args: Any, **kwargs: Any) -> None:
        if not self.channels_running:
            super().start_channels(*args, **kwargs)

    def wait_for_ready(self, timeout: float | None = None) -> None:
        # Between notebooks the runner resets the namespace through this client and waits for the reply, which
        # shows the kernel answering; a dead kernel is replaced by the runner before it is handed out again.
        if not self.answered:
            super().wait_for_ready(timeout=timeout)
            self.answered = True

    def stop_channels(self) -> None:
        if self.channels_running:
            super().stop_channels()


class SharedKernelManager(KernelManager):
    """A kernel manager whose client() is always the same SharedClient."""

    client_class = DottedObjectName("workbook.report.kernel_link.SharedClient")
    _shared: SharedClient | None = None

    def client(self, **kwargs: Any) -> SharedClient:
        if self._shared is None:
            self._shared = super().client(**kwargs)
            self._shared.iopub_channel.kernel_alive = self._shared.shell_channel.kernel_alive = self.is_alive
        return self._shared

    def limit_cells(self, seconds: float) -> None:
        """A cell running longer than `seconds` is interrupted (KeyboardInterrupt in the kernel, the notebook fails
        at that cell, the kernel lives on for the next notebook)."""
        iopub = self.client().iopub_channel
        iopub.longest_wait, iopub.on_overdue = seconds, self.interrupt_kernel

    def drop_client(self) -> None:
        if self._shared is not None:
            self._shared.stop_channels()
            self._shared = None
