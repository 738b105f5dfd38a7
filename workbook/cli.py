"""The `workbook` command (DESIGN.md: CLI contract). Exit 0 ok, 2 bad input, 1 failed run."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from workbook.schemas import KINDS

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """Raised by commands for input the user must fix; printed without a traceback, exit 2."""


def _cmd_init(args: argparse.Namespace) -> int:
    from workbook import clients
    from workbook.i18n import t

    says = _operator_lang(args.lang)
    if args.list_templates:
        print(t("consultants.templates.heading", says))
        for name, description in clients.describe_templates(says):
            print(f"  {name:<12} {description}")
        return EXIT_OK
    if not args.client:
        raise BadInput(t("consultants.init.error.client", says))
    if args.template is None:
        path = clients.init_client(args.client, lang=args.lang or "zh-CN", timezone=args.timezone, name=args.name,
                                   says=says)
        print(t("consultants.init.created", says, path=path))
        return EXIT_OK
    try:
        start = date.fromisoformat(args.start) if args.start else None
    except ValueError:
        raise BadInput(t("consultants.init.error.start", says, value=args.start)) from None
    made = clients.init_from_template(args.client, args.template, lang=args.lang or "zh-CN",
                                      timezone=args.timezone, name=args.name, start=start, says=says)
    print(t("consultants.init.from_template", says, path=made.path, template=made.template, goals=made.goals,
            slots=made.slots, events=made.events, start=made.start.isoformat(), client=args.client))
    return EXIT_OK


def _cmd_import(args: argparse.Namespace) -> int:
    from workbook.importer import import_file

    result = import_file(args.client, args.kind, args.file, fmt=args.format, dry_run=args.dry_run,
                         skip_bad_rows=args.skip_bad_rows, event_id=args.event)
    for line in result.problem_lines():
        print(line, file=sys.stderr)
    print(result.summary())
    return EXIT_OK if result.ok else EXIT_BAD_INPUT


def _cmd_metrics(args: argparse.Namespace) -> int:
    from workbook import metrics, snapshot

    document = snapshot.document(args.client, args.period, db_url=args.db_url)
    if args.json:
        sys.stdout.write(snapshot.dumps(document))
    else:
        sys.stdout.write(metrics.render_table(document, lang=args.lang) + "\n")
    return EXIT_OK


def _cmd_points(args: argparse.Namespace) -> int:
    import json

    from workbook import periods, store
    from workbook.metrics.ledger import ledger, render_ledger
    from workbook.profile import load_profile
    from workbook.snapshot import window

    profile = load_profile(args.client)
    period = periods.parse(args.period, profile.timezone)
    eng = store.engine(args.client, args.db_url)
    # The window of P and prev(P) keeps who/when/reply of every older message: all the points history needs.
    frames = window.load(eng, args.client, window.window_for([period, period.prev()], profile))
    rows = ledger(frames, profile, period)
    if args.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(render_ledger(rows, profile, period, lang=args.lang or profile.language) + "\n")
    return EXIT_OK


def _cmd_points_sim(args: argparse.Namespace) -> int:
    import json

    import yaml

    from workbook import periods, points_sim, store
    from workbook.metrics.ledger import read_frames
    from workbook.profile import load_profile

    profile = load_profile(args.client)
    period = periods.parse(args.period, profile.timezone)
    try:
        data = yaml.safe_load(Path(args.config).read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BadInput(f"{args.config}: not valid YAML: {exc}") from None
    candidate = points_sim.candidate_profile(profile, data, args.config)
    frames = read_frames(store.engine(args.client, args.db_url), args.client, profile, period)
    comparison = points_sim.compare(frames, profile, candidate, period, args.spam_per_day)
    if args.json:
        sys.stdout.write(json.dumps(comparison, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(points_sim.render(comparison, args.lang or profile.language) + "\n")
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from workbook.report import pack

    result = pack.run_pack(args.client, args.period, parallel=args.parallel, db_url=args.db_url,
                             lang=args.lang, pdf=args.pdf)
    print(result.summary())
    return EXIT_OK if result.ok else EXIT_FAILED


def _cmd_yearbook(args: argparse.Namespace) -> int:
    from workbook.report import pack

    result = pack.run_yearbook(args.client, args.year, db_url=args.db_url, lang=args.lang, pdf=args.pdf)
    print(result.summary())
    return EXIT_OK if result.ok else EXIT_FAILED


def _operator_lang(lang: str | None) -> str:
    """--lang, else the shell's LANG (zh_CN.UTF-8 → zh-CN), else English."""
    import os

    return lang or ("zh-CN" if os.environ.get("LANG", "").lower().startswith("zh") else "en")


def _first_day(label: str | None) -> date | None:
    from workbook.periods import parse

    return parse(label).start if label else None


def _last_day(label: str | None) -> date | None:
    from workbook.periods import parse

    return parse(label).end if label else None


def _cmd_run_due(args: argparse.Namespace) -> int:
    from workbook import paths
    from workbook.i18n import t
    from workbook.report import progress, schedule

    lang = _operator_lang(args.lang)
    try:
        now = datetime.fromisoformat(args.now) if args.now else None
    except ValueError:
        raise BadInput(t("schedule.error.now", lang, value=args.now)) from None
    for client in args.client or ():
        if client not in paths.list_clients():
            raise BadInput(t("schedule.error.client", lang, client=client, path=paths.profile_path(client)))
    if args.max is not None and args.max < 1:
        raise BadInput(t("schedule.error.max", lang))
    since, until = _first_day(args.since), _last_day(args.until)
    if since and until and since > until:
        raise BadInput(t("schedule.error.range", lang, since=args.since, until=args.until))
    selection = schedule.Selection(clients=tuple(args.client) if args.client else None,
                                   kinds=tuple(args.kind) if args.kind else None, since=since, until=until,
                                   max_packs=args.max, backoff=not args.no_backoff)
    if args.dry_run:
        progress.dry_run(schedule.plan(now, selection), lang)
        return EXIT_OK
    lines = progress.Lines(lang, bar=sys.stderr.isatty())
    results = schedule.run_due(now=now, parallel=args.parallel, selection=selection, listener=lines)
    print(lines.summary(), flush=True)
    return EXIT_OK if all(r.ok for r in results) else EXIT_FAILED


def _cmd_airflow_dag(args: argparse.Namespace) -> int:
    from workbook.i18n import t
    from workbook.report import airflow_dag

    lang = _operator_lang(args.lang)
    if args.out.exists() and not args.out.is_dir():
        raise BadInput(t("schedule.error.out", lang, path=args.out))
    written = airflow_dag.write(args.out, schedule=args.schedule, max_active_tasks=args.max_active_tasks,
                                parallel=args.parallel, retries=args.retries, timeout_hours=args.timeout_hours)
    print(t("schedule.dag_written", lang, path=written.path, clients=written.clients, tasks=written.tasks))
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from workbook.i18n import t
    from workbook.validate import render, validate

    lang = _operator_lang(args.lang)
    try:
        now = datetime.fromisoformat(args.now) if args.now else None
    except ValueError:
        raise BadInput(t("schedule.error.now", lang, value=args.now)) from None
    result = validate(args.client, lang=lang, now=now)
    for line in render(result, lang):
        print(line, file=sys.stdout if result.ok else sys.stderr)
    return EXIT_OK if result.ok else EXIT_BAD_INPUT


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from workbook.i18n import t
    from workbook.notebooks_admin import overrides, text, upgrade

    lang = _operator_lang(args.lang)
    try:
        if args.action == "copy":
            path = overrides.copy_override(args.client, args.name)
            print(t("overrides.copied", lang, name=args.name, client=args.client, path=text.shown(path),
                    base=text.shown(overrides.base_path(args.client, args.name))))
        elif args.action == "diff":
            print(text.diff_report(args.client, args.name, lang))
        else:
            results = upgrade.upgrade_client(args.client, args.name)
            print(text.upgrade_text(args.client, results, lang))
            # Like a merge that stops on conflicts: a scheduled upgrade must not pass as clean.
            return EXIT_FAILED if any(result.conflicts for result in results) else EXIT_OK
    except overrides.OverrideError as exc:
        raise BadInput(exc.message(lang)) from None
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from workbook import serve

    access = serve.Access(args.token, args.users, tuple(args.allow_host))
    return serve.serve(port=args.port, host=args.host, token=args.token, pool_size=args.pool_size,
                       open_browser=False, access=access, cull_idle=args.cull_idle)


def _cmd_demo(args: argparse.Namespace) -> int:
    from workbook import demo

    return demo.main(with_report=not args.no_report, parallel=args.parallel)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbook", description="Community Workbook (社群运营工作簿)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create data/CLIENT/client.yaml")
    p.add_argument("client", nargs="?")
    p.add_argument("--lang", choices=["zh-CN", "en"], default=None, help="the client's language (default zh-CN)")
    p.add_argument("--timezone", default="Asia/Shanghai")
    p.add_argument("--name", default=None, help="display name of the community")
    p.add_argument("--from", dest="template", default=None, metavar="TEMPLATE",
                   help="start from a template: onboarding, skills, leadership (see --list-templates)")
    p.add_argument("--start", default=None, metavar="YYYY-MM-DD",
                   help="first day of the template's goals and content slots (default: this month's first)")
    p.add_argument("--list-templates", action="store_true", help="list the templates, one line each")
    p.set_defaults(func=_cmd_init)

    p = sub.add_parser("import", help="import one file into the store")
    p.add_argument("client")
    p.add_argument("kind", choices=KINDS)
    p.add_argument("file")
    p.add_argument("--format", default="auto")
    p.add_argument("--dry-run", action="store_true", help="validate only, write nothing")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="land the good rows, write the bad ones to raw/<file>.rejected.csv")
    p.add_argument("--event", default=None, help="the event a meeting report or survey file belongs to")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("metrics", help="the figures of METRICS.md for one period")
    p.add_argument("client")
    p.add_argument("--period", required=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", default=None)
    p.add_argument("--db-url", default=None)
    p.set_defaults(func=_cmd_metrics)

    p = sub.add_parser("points", help="the points ledger of one period (METRICS.md)")
    p.add_argument("client")
    p.add_argument("--period", required=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["zh-CN", "en"], default=None)
    p.add_argument("--db-url", default=None)
    p.set_defaults(func=_cmd_points)

    p = sub.add_parser("points-sim", help="a candidate points/levels configuration on the real history, beside the "
                                          "client's own")
    p.add_argument("client")
    p.add_argument("--period", required=True, help="history up to this period's end; members of this period")
    p.add_argument("--config", required=True, help="YAML with points: {rule: value} and/or levels: [...]")
    p.add_argument("--spam-per-day", type=int, default=100, help="replies a day the simulated spammer posts")
    p.add_argument("--json", action="store_true")
    p.add_argument("--lang", choices=["zh-CN", "en"], default=None)
    p.add_argument("--db-url", default=None)
    p.set_defaults(func=_cmd_points_sim)

    p = sub.add_parser("report", help="run the report pack → reports/CLIENT/PERIOD/")
    p.add_argument("client")
    p.add_argument("--period", required=True)
    p.add_argument("--parallel", type=int, default=None,
                   help="notebooks run at once (default: one per notebook, at most one per CPU core)")
    p.add_argument("--lang", default=None,
                   help="write only this language's pages (default: every language, side by side in PERIOD/LANG/)")
    p.add_argument("--pdf", action="store_true", help="also print each language's pack into one PDF")
    p.add_argument("--db-url", default=None)
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("yearbook", help="the year's story (社群纪念册) → reports/CLIENT/YEAR-yearbook/")
    p.add_argument("client")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--lang", default=None, help="write only this language (default: every language)")
    p.add_argument("--pdf", action="store_true", help="also print the yearbook (cover, stories, members) as a PDF")
    p.add_argument("--db-url", default=None)
    p.set_defaults(func=_cmd_yearbook)

    p = sub.add_parser("run-due", help="report every closed period not yet reported (for cron)")
    p.add_argument("--now", default=None, help="ISO time to treat as now")
    p.add_argument("--parallel", type=int, default=2, help="notebooks of one pack run at once")
    p.add_argument("--client", action="append", default=None, metavar="CLIENT", help="only this client (repeatable)")
    p.add_argument("--kind", action="append", choices=["month", "week"], default=None,
                   help="only this period kind (repeatable)")
    p.add_argument("--since", default=None, metavar="PERIOD",
                   help="periods starting on or after this one (a period or YYYY-MM-DD..YYYY-MM-DD); "
                        "goes further back than the profile's schedule.catch_up")
    p.add_argument("--until", default=None, metavar="PERIOD", help="periods ending on or before this one")
    p.add_argument("--dry-run", action="store_true", help="list what would run and its estimated time, run nothing")
    p.add_argument("--max", type=int, default=None, metavar="N", help="make at most N packs this run")
    p.add_argument("--no-backoff", action="store_true",
                   help="retry failed periods now (for Airflow, which does its own back-off)")
    p.add_argument("--lang", choices=["zh-CN", "en"], default=None, help="language of the lines printed")
    p.set_defaults(func=_cmd_run_due)

    p = sub.add_parser("airflow-dag", help="write an Apache Airflow DAG generated from the client profiles")
    p.add_argument("--out", type=Path, required=True, help="Airflow's dags folder")
    p.add_argument("--schedule", default="15 6 * * *", help="cron expression of the DAG")
    p.add_argument("--max-active-tasks", type=int, default=2, help="packs made at once across clients")
    p.add_argument("--parallel", type=int, default=1, help="notebooks of one pack run at once")
    p.add_argument("--retries", type=int, default=2)
    p.add_argument("--timeout-hours", type=float, default=4.0, help="a task running longer is stopped")
    p.add_argument("--lang", choices=["zh-CN", "en"], default=None)
    p.set_defaults(func=_cmd_airflow_dag)

    p = sub.add_parser("validate", help="check data/CLIENT/client.yaml, goals, overridden notebooks and schedule")
    p.add_argument("client")
    p.add_argument("--now", default=None, help="ISO time to check the schedule as of (as run-due --now)")
    p.add_argument("--lang", choices=["zh-CN", "en"], default=None, help="language of the lines printed")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("serve", help="the facilitator app (Voila)")
    p.add_argument("--port", type=int, default=8866)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--token", default=None)
    p.add_argument("--pool-size", type=int, default=1)
    p.add_argument("--users", type=Path, default=None, help="users.yaml: name → {token, clients: [..] or \"*\"}")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a host name the app answers besides loopback and --host (repeatable)")
    p.add_argument("--cull-idle", type=int, default=900, metavar="SECONDS",
                   help="stop a page kernel idle this long with no page attached")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("notebooks", help="a client's overrides of the standard notebooks: copy, diff, upgrade")
    actions = p.add_subparsers(dest="action", required=True)
    a = actions.add_parser("copy", help="start CLIENT's override of the standard notebook NAME")
    a.add_argument("client")
    a.add_argument("name")
    a = actions.add_parser("diff", help="what each override changed against the current standard, cell by cell")
    a.add_argument("client")
    a.add_argument("name", nargs="?", default=None)
    a = actions.add_parser("upgrade", help="carry each override onto the current standard notebook (3-way merge)")
    a.add_argument("client")
    a.add_argument("name", nargs="*", help="only these notebooks (default: every override of CLIENT)")
    for a in actions.choices.values():
        a.add_argument("--lang", choices=["zh-CN", "en"], default=None, help="language of the lines printed")
        a.set_defaults(func=_cmd_notebooks)

    p = sub.add_parser("demo", help="build the demo client and its latest report")
    p.add_argument("--no-report", action="store_true")
    p.add_argument("--parallel", type=int, default=None)
    p.set_defaults(func=_cmd_demo)
    return parser


_ran: dict[str, str] = {}


def main(argv: Sequence[str] | None = None) -> int:
    from workbook.periods import PeriodError
    from workbook.profile import ProfileError

    args = build_parser().parse_args(argv)
    _ran["command"] = args.command
    try:
        return int(args.func(args))
    except (BadInput, ProfileError, PeriodError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


# Commands that end holding a million-row frame: freeing it object by object at exit took 0.2–0.4 s, longer
# than some of them took to run. Everything they write is closed and renamed into place before they return.
QUICK_EXIT = frozenset({"metrics", "report"})
# Batch commands whose process may fork (workbook.forked); never the servers, whose threads serve requests.
FORKING = frozenset({"metrics", "report", "run-due", "demo", "points", "points-sim", "yearbook"})


def console() -> None:
    """The `workbook` command: main(), then for QUICK_EXIT commands an exit without tearing the heap down. Only
    this command's own process may fork for its computations (workbook.forked): never a kernel that imports us."""
    from workbook import forked

    if sys.argv[1:2] and sys.argv[1] in FORKING:
        forked.allow()
    code = main()
    if _ran.get("command") in QUICK_EXIT:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    console()
