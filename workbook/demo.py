"""The demo client 星火学习社群: deterministic files of a believable training community, imported like a user's."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from workbook import paths
from workbook.demo_data import chat, corpus, events, library, people, plans
from workbook.demo_data.writer import write_csv
from workbook.i18n import t
from workbook.profile import Positioning, Profile, save_profile
from workbook.schemas import TABLES

DEMO_CLIENT = "demo"
DEMO_PERIOD = "2026-10"  # the latest full month of the fixed window 2026-05-01 .. 2026-10-31
DEFAULT_SEED = 20261125
# Parents before the tables that reference them.
IMPORT_ORDER = ("members", "events", "attendance", "feedback", "messages", "content", "interactions",
                "applicants", "goals", "content_plan", "event_scores")


def demo_profile() -> Profile:
    return Profile(
        name="星火学习社群", language="zh-CN", timezone="Asia/Shanghai",
        positioning=Positioning(type="skills", audience="公司各部门希望提升通用职业能力的员工",
                                value_proposition="每周一起学、练、分享，把培训内容用到工作中",
                                values=["学习", "分享", "成长"], slogan="星星之火，学以致用"),
        allowed_domains=list(corpus.ALLOWED_DOMAINS),
    )


def _columns(kind: str, rows: list[dict[str, str]]) -> list[str]:
    """Schema columns, with a gathered JSON column spread back into its `score_<criterion>` columns."""
    table = TABLES[kind]
    if not table.gather_prefix:
        return table.column_names
    prefix, target = table.gather_prefix
    scores = [k for k in rows[0] if k.startswith(prefix)]
    out: list[str] = []
    for name in table.column_names:
        out += scores if name == target else [name]
    return out


def tables(seed: int = DEFAULT_SEED) -> dict[str, list[dict[str, str]]]:
    """Every demo table as rows of strings; each domain draws from its own stream so they don't shift each other."""
    streams = [np.random.default_rng([seed, k]) for k in range(8)]
    community = people.make_members(streams[0])
    schedule = events.make_schedule(streams[1], community)
    content = library.make_content(streams[3], community)
    profile = demo_profile()
    rubric = [(c.key, c.weight) for c in profile.screening_rubric]
    thresholds = (profile.screening_thresholds.accept, profile.screening_thresholds.waitlist)
    return {
        "members": people.member_rows(community),
        "events": schedule.events,
        "attendance": schedule.attendance,
        "feedback": schedule.feedback,
        "messages": chat.make_messages(streams[2], community, schedule.attended_member_day),
        "content": content,
        "interactions": library.make_interactions(streams[4], community, content),
        "applicants": people.applicant_rows(streams[5], community, rubric, thresholds),
        "goals": plans.goal_rows(community),
        "content_plan": library.make_plan(streams[6], community, content),
        "event_scores": plans.event_score_rows(streams[7], community, schedule.events),
    }


def generate(out_dir: Path, seed: int = DEFAULT_SEED) -> dict[str, Path]:
    """Write one CSV per table into `out_dir`; returned in import order. Same seed, same bytes."""
    out_dir = Path(out_dir)
    files = {}
    for kind, rows in tables(seed).items():
        files[kind] = write_csv(out_dir / f"{kind}.csv", kind, rows, _columns(kind, rows),
                                chinese=kind == "members")
    return {kind: files[kind] for kind in IMPORT_ORDER}


class DemoImportError(RuntimeError):
    """A generated demo file did not import cleanly (a bug in the generator or the importer)."""


def build(client: str = DEMO_CLIENT, seed: int = DEFAULT_SEED) -> Path:
    """(Re)create data/<client>/: profile, generated files in incoming/, all imported (upserts, so idempotent)."""
    from workbook.importer import import_file

    save_profile(client, demo_profile())
    files = generate(paths.client_dir(client) / "incoming", seed)
    for kind, path in files.items():
        result = import_file(client, kind, path)
        if not result.ok:
            lines = result.problem_lines()
            raise DemoImportError("\n".join([result.summary(), *lines[:20]]))
    return paths.client_dir(client)


def main(with_report: bool = True, parallel: int | None = None) -> int:
    """Build the demo client, print its figures for DEMO_PERIOD and run its report pack."""
    lang = demo_profile().language
    print(t("demo.building", lang, client=DEMO_CLIENT))
    try:
        where = build(DEMO_CLIENT)
    except DemoImportError as exc:
        print(t("demo.import_failed", lang, problems=str(exc)), file=sys.stderr)
        return 1
    print(t("demo.built", lang, path=where))
    from workbook import snapshot
    from workbook.metrics import render_table
    from workbook.report.pack import run_pack

    print(render_table(snapshot.document(DEMO_CLIENT, DEMO_PERIOD), lang=lang))
    if not with_report:
        return 0
    result = run_pack(DEMO_CLIENT, DEMO_PERIOD, parallel=parallel)
    print(result.summary())
    if not result.ok:
        return 1
    print(t("demo.report_done", lang, path=paths.client_reports_dir(DEMO_CLIENT) / DEMO_PERIOD))
    return 0
