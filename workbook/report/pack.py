"""Report packs: run the notebooks with papermill into reports/CLIENT/P/ (per language a folder of HTML pages
without code, index.html and optionally a PDF; metrics.json, run.log and the shared scripts once), published by an
atomic rename only when every notebook succeeded."""

from __future__ import annotations

import fcntl
import json
import os
import queue
import shutil
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook import forked, paths
from workbook.i18n import LANGUAGES, normalise_lang
from workbook.report.index import (
    FAILED_SUFFIX,
    PACK_FILE,
    write_client_index,
    write_pack_chooser,
    write_period_index,
)
from workbook.report.runner import Kernel, Outcome, execute, parameter_problems, start_kernels

if TYPE_CHECKING:
    from workbook.periods import Period
    from workbook.profile import Profile
    from workbook.snapshot import Snapshot

NOTEBOOKS = ("00_summary", "01_goals", "02_recruitment", "03_content", "04_events", "05_engagement",
             "06_culture")
YEARBOOK = "yearbook"


@dataclass
class PackResult:
    client: str
    label: str
    out_dir: Path
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        head = f"{self.client} {self.label}: {'ok' if self.ok else 'FAILED'} in {self.seconds:.1f} s → {self.out_dir}"
        return "\n".join([head, *(f"  warning: {w}" for w in self.warnings),
                          *(f"  failed: {f}" for f in self.failures)])


class RunLog:
    """run.log of a pack: timestamped lines, safe to write from the pool's threads."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def write(self, line: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self._lock, self.path.open("a", encoding="utf-8") as log:
            log.write(f"{stamp} {line}\n")


STAGING_MARK, OLD_MARK, LOCK_SUFFIX = ".tmp-", ".old-", ".lock"


@contextmanager
def _staging_folder(client_dir: Path, folder: str) -> Iterator[Path]:
    """A new hidden staging folder, claimed by an flock on its sibling `.lock` file for as long as the run lives.

    The kernel drops the flock when the process dies, even by SIGKILL, which is how clean_stale() tells a
    killed run's folder from a live one.
    """
    staging = client_dir / f".{folder}{STAGING_MARK}{uuid.uuid4().hex[:8]}"
    lock = staging.with_name(staging.name + LOCK_SUFFIX)
    # Locked before the folder exists, so no cleaner ever sees the folder unclaimed.
    with lock.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        staging.mkdir()
        try:
            yield staging
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            lock.unlink(missing_ok=True)


def clean_stale(client_dir: Path) -> list[Path]:
    """Remove staging folders of killed runs and half-swapped old packs; the folders removed."""
    removed: list[Path] = []
    if not client_dir.is_dir():
        return removed
    for folder in sorted(client_dir.glob(".*")):
        if not folder.is_dir():
            continue
        if OLD_MARK in folder.name:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        elif STAGING_MARK in folder.name:
            lock = folder.with_name(folder.name + LOCK_SUFFIX)
            with lock.open("a") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live run owns it
                shutil.rmtree(folder, ignore_errors=True)
                lock.unlink(missing_ok=True)
            removed.append(folder)
    return removed


def failed_attempts(failed: Path) -> tuple[int, datetime | None]:
    """How many runs in a row failed this period and when the last one finished (from `<label>.failed/`)."""
    marker = failed / PACK_FILE
    if not marker.is_file():
        return 0, None
    pack = json.loads(marker.read_text(encoding="utf-8"))
    finished = datetime.fromisoformat(pack["finished"]) if pack.get("finished") else None
    return int(pack.get("attempts", 1)), finished


def _publish(staging: Path, destination: Path) -> None:
    """Swap the finished staging folder into place; an older pack is removed only after the swap."""
    old = destination.with_name(f".{destination.name}.old-{uuid.uuid4().hex[:8]}")
    if destination.exists():
        destination.rename(old)
    staging.rename(destination)
    shutil.rmtree(old, ignore_errors=True)


@dataclass(frozen=True)
class Job:
    lang: str
    name: str
    source: Path


def _execute(jobs: list[Job], staging: Path, parameters: dict[str, Any], on_done: Callable[[Job, Outcome], None],
             kernels: list[Kernel]) -> list[Outcome]:
    """Every (language, notebook) on the kernels, each taking the next job when it is free, into
    staging/LANG/NAME.ipynb; a failure does not stop the others. The kernels are shut down at the end.

    Each language is its own run of the notebooks: their narrative is written in the kernel, in the page's
    language. The snapshot, the kernels' start and imports are paid once for all languages."""
    pending: queue.SimpleQueue[tuple[int, Job]] = queue.SimpleQueue()
    for number, job in enumerate(jobs):
        pending.put((number, job))
    outcomes: dict[int, Outcome] = {}

    def worker(kernel: Kernel) -> None:
        try:
            while True:
                try:
                    number, job = pending.get_nowait()
                except queue.Empty:
                    return
                output = staging / job.lang / f"{job.name}.ipynb"
                outcome = execute(job.name, job.source, output, {**parameters, "lang": job.lang}, kernel)
                outcomes[number] = outcome
                on_done(job, outcome)
        finally:
            kernel.stop()

    with ThreadPoolExecutor(max_workers=len(kernels)) as pool:
        for future in [pool.submit(worker, kernel) for kernel in kernels]:
            future.result()
    return [outcomes[number] for number in range(len(jobs))]


def _fill(staging: Path, client: str, period: Period, names: tuple[str, ...], profile: Profile, *,
          parallel: int, db_url: str | None, langs: tuple[str, ...], languages: tuple[str, ...],
          pdf: bool) -> tuple[PackResult, dict[str, Any]]:
    """Everything of a pack into `staging`: metrics.json, and per language in `langs` its executed notebooks, their
    HTML and index.html (and PDF); `languages` are all the pack will hold (`langs` and any carried over)."""
    from workbook import snapshot
    from workbook.report.html import ChapterPage, failure_details, write_failure_html, write_notebook_html
    from workbook.report.kpis import headlines

    log = RunLog(staging / "run.log")
    result = PackResult(client, period.label, staging)
    log.write(f"pack {client} {period.label} lang={','.join(langs)} notebooks={','.join(names)} parallel={parallel}")

    # The kernels start while the snapshot is computed, once; every notebook reads it and never the store.
    elsewhere = _snapshot_elsewhere(client, period.label, db_url)
    kernels = start_kernels(min(parallel, len(names) * len(langs)), staging, staging / "kernels.log")
    try:
        if elsewhere is not None:
            elsewhere.result()  # whatever it did not finish is computed (or its error raised) just below
        figures = _snapshot(client, period.label, db_url)
    except BaseException:
        for kernel in kernels:
            kernel.stop()
        raise
    document, previous = figures.document, figures.previous
    (staging / "metrics.json").write_text(snapshot.dumps(document), encoding="utf-8")
    log.write(f"snapshot {figures.folder}")

    jobs = []
    for name in names:
        source = paths.notebook_path(client, name)
        problems = parameter_problems(name, source)
        for problem in problems:
            warnings.warn(problem, stacklevel=2)
            log.write(f"warning: {problem}")
        result.warnings += problems
        log.write(f"notebook {name} from {source}")
        jobs += [Job(lang, name, source) for lang in langs]
    for lang in langs:
        (staging / lang).mkdir()

    def done(job: Job, outcome: Outcome) -> None:
        log.write(f"{job.lang}/{outcome.name}: {'ok' if outcome.ok else 'FAILED'} in {outcome.seconds:.1f} s"
                  + (f" — {outcome.error}" if outcome.error else ""))
        # Converted by the worker as soon as its notebook is done, while the other kernel still runs.
        page = ChapterPage(profile.name, period.label, job.lang, names, outcome.name, languages)
        target = staging / job.lang / f"{outcome.name}.html"
        if outcome.ok:
            write_notebook_html(outcome.output, target, page)
        else:
            log.write(f"{job.lang}/{outcome.name} traceback:\n{failure_details(outcome.output)}")
            write_failure_html(target, page)

    parameters = {"client": client, "period": period.label, "db_url": db_url, "interactive": False,
                  "snapshot": str(figures.folder)}
    outcomes = _execute(jobs, staging, parameters, done, kernels)
    result.failures = [f"{job.lang}: {o.error}" for job, o in zip(jobs, outcomes, strict=True) if o.error]

    status = "ok" if result.ok else "failed"
    notebooks = [{"name": name, "ok": all(o.ok for j, o in zip(jobs, outcomes, strict=True) if j.name == name),
                  "seconds": round(sum(o.seconds for j, o in zip(jobs, outcomes, strict=True) if j.name == name), 2)}
                 for name in names]
    pack = {"client": client, "label": period.label, "start": period.start.isoformat(),
            "end": period.end.isoformat(), "lang": languages[0], "languages": list(languages), "status": status,
            "failures": result.failures, "finished": datetime.now(UTC).isoformat(timespec="seconds"),
            "notebooks": notebooks}
    for lang in langs:
        pdf_name = pdf_file_name(client, period.label if names != (YEARBOOK,) else folder_label(period), lang) \
            if pdf else None
        write_period_index(staging / lang, client_name=profile.name, pack=pack,
                           headlines=headlines(document, previous, lang), lang=lang, languages=languages, pdf=pdf_name)
        if pdf_name:
            _print(staging / lang, pdf_name, names, notebooks, profile, period, figures)
            log.write(f"{lang}: pdf {pdf_name}")
    write_pack_chooser(staging, client_name=profile.name, label=period.label, languages=languages)
    return result, pack


def _snapshot_elsewhere(client: str, label: str, db_url: str | None) -> forked.Pending | None:
    """The period's snapshot and breakdowns computed by a forked copy of this process, started before the kernels'
    threads exist so that it may fork again for its own sections and texts (a million-message period: 33 s → 23 s);
    None where forking is not usable (then _fill computes them itself, on one core)."""

    def work() -> bool:
        from workbook import store

        store.release_inherited()
        _snapshot(client, label, db_url)
        return True

    return forked.start(work)


def _snapshot(client: str, label: str, db_url: str | None) -> Snapshot:
    """The period's snapshot with its breakdowns, each computed unless already kept."""
    from workbook import snapshot
    from workbook.report.breakdowns import prepare

    figures = snapshot.load(client, label, db_url)
    prepare(figures.folder, client, label, db_url)
    return figures


def pdf_file_name(client: str, label: str, lang: str) -> str:
    return f"{client}-{label}-{lang}.pdf"


def folder_label(period: Period) -> str:
    """The yearbook's name in files: 2026-yearbook."""
    return f"{period.start.year:04d}-{YEARBOOK}"


def _print(lang_dir: Path, pdf_name: str, names: tuple[str, ...], notebooks: list[dict[str, Any]],
           profile: Profile, period: Period, figures: Any) -> Path:
    """The language's PDF: the yearbook's print layout, or the pack's index and chapters."""
    from workbook.report import pdf

    if names == (YEARBOOK,):
        return pdf.print_yearbook(lang_dir, profile=profile, year=period.start.year, people=figures.table("people"),
                                  file_name=pdf_name)
    return pdf.print_pack(lang_dir, [n["name"] for n in notebooks if n["ok"]], pdf_name)


def pack_languages(profile: Profile, lang: str | None) -> tuple[str, ...]:
    """The languages a run writes: `lang` alone when given, else every language, the profile's first."""
    if lang:
        return (normalise_lang(lang),)
    first = normalise_lang(profile.language)
    return (first, *(other for other in LANGUAGES if other != first))


def _carry_over(destination: Path, staging: Path, langs: tuple[str, ...]) -> tuple[str, ...]:
    """Copy into `staging` the languages of the published pack this run does not write (so `--lang en` keeps the
    Chinese pages); the languages copied."""
    marker = destination / PACK_FILE
    if not marker.is_file():
        return ()
    pack = json.loads(marker.read_text(encoding="utf-8"))
    kept = tuple(lang for lang in pack.get("languages", ()) if lang not in langs and (destination / lang).is_dir())
    for lang in kept:
        shutil.copytree(destination / lang, staging / lang)
    return kept


def _run(client: str, label: str, names: tuple[str, ...], folder: str, *, parallel: int, db_url: str | None,
         lang: str | None, pdf: bool = False) -> PackResult:
    from workbook.periods import parse
    from workbook.profile import load_profile

    started = time.perf_counter()
    profile = load_profile(client)
    period = parse(label, profile.timezone)
    langs = pack_languages(profile, lang)
    client_dir = paths.client_reports_dir(client)
    client_dir.mkdir(parents=True, exist_ok=True)
    destination = client_dir / folder
    failed = client_dir / f"{folder}{FAILED_SUFFIX}"
    # Staging sits next to the destination so the final rename stays on one file system.
    with _staging_folder(client_dir, folder) as staging:
        kept = _carry_over(destination, staging, langs)
        order = pack_languages(profile, None)
        languages = tuple(sorted((*langs, *kept), key=lambda x: order.index(x) if x in order else len(order)))
        result, pack = _fill(staging, client, period, names, profile, parallel=parallel, db_url=db_url, langs=langs,
                             languages=languages, pdf=pdf)
        result.seconds = time.perf_counter() - started
        pack["seconds"] = round(result.seconds, 1)
        if not result.ok:
            pack["attempts"] = failed_attempts(failed)[0] + 1
        RunLog(staging / "run.log").write(f"status: {pack['status']} ({result.seconds:.1f} s)")
        (staging / PACK_FILE).write_text(json.dumps(pack, ensure_ascii=False, indent=2), encoding="utf-8")
        if result.ok:
            _publish(staging, destination)
            shutil.rmtree(failed, ignore_errors=True)
            result.out_dir = destination
        else:
            # A failed pack is kept for diagnosis beside, never in place of, the complete one.
            _publish(staging, failed)
            result.out_dir = failed
    write_client_index(client_dir, client_name=profile.name, lang=normalise_lang(profile.language),
                       languages=languages)
    return result


def default_parallel(notebooks: int = len(NOTEBOOKS)) -> int:
    """One kernel per notebook, at most one per CPU core."""
    return max(1, min(notebooks, os.cpu_count() or 1))


def run_pack(client: str, period_label: str, parallel: int | None = None, db_url: str | None = None,
             lang: str | None = None, pdf: bool = False) -> PackResult:
    """The period's report pack → reports/CLIENT/P/LANG/ for every language, or `lang` only (the pack's other
    languages kept); P.failed/ when a notebook failed. `pdf`: also one PDF per language."""
    return _run(client, period_label, NOTEBOOKS, period_label, parallel=parallel or default_parallel(),
                db_url=db_url, lang=lang, pdf=pdf)


def run_yearbook(client: str, year: int, db_url: str | None = None, lang: str | None = None,
                 pdf: bool = False) -> PackResult:
    """The year's 社群纪念册 → reports/CLIENT/<year>-yearbook/LANG/ (and its printed PDF with `pdf`)."""
    label = f"{year:04d}-01-01..{year:04d}-12-31"
    return _run(client, label, (YEARBOOK,), f"{year:04d}-{YEARBOOK}", parallel=default_parallel(2), db_url=db_url,
                lang=lang, pdf=pdf)


def is_reported(client: str, period_label: str) -> bool:
    """A complete pack exists for the period."""
    marker = paths.client_reports_dir(client) / period_label / PACK_FILE
    return marker.is_file() and json.loads(marker.read_text(encoding="utf-8")).get("status") == "ok"
