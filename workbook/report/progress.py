"""run-due's voice: a line per pack as it starts and ends, flushed at once so a killed run still leaves them in the
log; a progress bar on an interactive terminal; one summary line, always."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any, TextIO

from workbook.i18n import t
from workbook.report.schedule import Due, Listener, Plan, Waiting

if TYPE_CHECKING:
    from workbook.report.pack import PackResult


def duration(seconds: float, lang: str) -> str:
    whole = round(seconds)
    if whole < 60:
        return t("schedule.duration.s", lang, s=whole)
    if whole < 3600:
        return t("schedule.duration.m", lang, m=whole // 60, s=whole % 60)
    return t("schedule.duration.h", lang, h=whole // 3600, m=whole % 3600 // 60)


def _waiting(waiting: Waiting, lang: str) -> str:
    return t("schedule.waiting", lang, client=waiting.client, period=waiting.label, attempts=waiting.attempts,
             retry_at=waiting.retry_at.astimezone().strftime("%Y-%m-%d %H:%M"))


def _clock() -> str:
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")


class Lines(Listener):
    """Prints what run-due does to `out`; with `bar` also a tqdm bar on stderr."""

    def __init__(self, lang: str, out: TextIO | None = None, bar: bool = False) -> None:
        self.lang, self.out, self.bar = lang, out or sys.stdout, bar
        self.plan = Plan()
        self.results: list[PackResult] = []
        self.removed = 0
        self._started = time.perf_counter()
        self._bar: Any = None

    def say(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=self.out)
        else:
            print(line, file=self.out, flush=True)

    def cleaned(self, folders: int) -> None:
        self.removed = folders

    def planned(self, plan: Plan) -> None:
        self.plan = plan
        for waiting in plan.waiting:
            self.say(_waiting(waiting, self.lang))
        for name in plan.busy:
            self.say(t("schedule.busy", self.lang, name=name))
        if self.bar and len(plan.due) > 1:
            from tqdm import tqdm

            self._bar = tqdm(total=len(plan.due), unit=t("schedule.bar", self.lang), file=sys.stderr)

    def started(self, due: Due, index: int, total: int) -> None:
        self.say(t("schedule.start", self.lang, time=_clock(), client=due.client, period=due.period.label,
                   index=index, total=total, estimate=duration(due.estimate, self.lang)))

    def finished(self, due: Due, result: PackResult) -> None:
        self.results.append(result)
        key = "schedule.ok" if result.ok else "schedule.failed"
        self.say(t(key, self.lang, time=_clock(), client=due.client, period=due.period.label,
                   seconds=duration(result.seconds, self.lang), path=result.out_dir))
        for failure in result.failures:
            self.say(t("schedule.failure", self.lang, reason=failure))
        if self._bar is not None:
            self._bar.update(1)

    def summary(self) -> str:
        if self._bar is not None:
            self._bar.close()
            self._bar = None
        plan = self.plan
        if not self.results and not plan.busy and not plan.left_over and not self.removed:
            return t("schedule.nothing_due", self.lang, clients=plan.clients, waiting=len(plan.waiting))
        failed = sum(not r.ok for r in self.results)
        return t("schedule.summary", self.lang, ok=len(self.results) - failed, failed=failed,
                 waiting=len(plan.waiting), left_over=len(plan.left_over), busy=len(plan.busy), cleaned=self.removed,
                 clients=plan.clients, seconds=duration(time.perf_counter() - self._started, self.lang))


def dry_run(plan: Plan, lang: str, out: TextIO | None = None) -> None:
    """What run-due would make, in order, with its estimated time; writes nothing."""
    out = out or sys.stdout
    for waiting in plan.waiting:
        print(_waiting(waiting, lang), file=out)
    for due in plan.due:
        print(t("schedule.would_run", lang, client=due.client, period=due.period.label,
                estimate=duration(due.estimate, lang)), file=out)
    print(t("schedule.summary_dry", lang, due=len(plan.due), estimate=duration(plan.estimate, lang),
            waiting=len(plan.waiting), left_over=len(plan.left_over), clients=plan.clients), file=out, flush=True)
