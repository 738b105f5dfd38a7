"""`workbook metrics C --period 2026-10 --json` end to end, from fresh processes, on a 20,000-member /
1,000,000-message store — against the baseline of a bare `pd.read_sql` of messages + members of the same store.

The store is built once (synthetic frames of benchmarks/metrics_scale.py written through the store's bulk path)
and kept in benchmarks/.cache/. Each figure is the wall time and peak RSS of a child process.
Run: .venv/bin/python benchmarks/metrics_cli.py [--members N] [--messages N] [--rebuild] [--repeat N]
     [--distinct-texts]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.measure import run as timed  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache"
CLIENT = "bench"
WORKBOOK = str(ROOT / ".venv" / "bin" / "workbook")
BASELINE = """
import sqlite3, sys
import pandas as pd
conn = sqlite3.connect(sys.argv[1])
messages = pd.read_sql("select * from messages", conn)
members = pd.read_sql("select * from members", conn)
print(len(messages), len(members))
"""


def build_store(data_dir: Path, members: int, messages: int, distinct: bool = False) -> None:
    from benchmarks.metrics_scale import TZ, build
    from workbook import store
    from workbook.profile import Profile, save_profile
    from workbook.schemas import TABLES

    os.environ["WORKBOOK_DATA_DIR"] = str(data_dir)
    save_profile(CLIENT, Profile(name="bench", timezone=TZ, allowed_domains=["example.org"]))
    frames = build(members, messages, distinct=distinct)
    eng = store.engine(CLIENT)
    with store.transaction(eng) as conn:
        for name in ("members", "events", "content", "applicants", "goals", "content_plan", "messages",
                     "attendance", "feedback", "interactions"):
            frame = getattr(frames, name).drop(columns=["version"])
            for column in TABLES[name].columns:
                if column.type == "json":
                    frame[column.name] = [json.dumps(v or {}) for v in frame[column.name]]
            store.upsert_frame(conn, name, frame, CLIENT, "bench")
        store.bump_revision(conn, CLIENT) if hasattr(store, "bump_revision") else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--period", default="2026-10")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--distinct-texts", action="store_true",
                        help="nearly every message text different, as in a real chat (voice segments each one)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; each figure is the best of them")
    args = parser.parse_args()

    data_dir = CACHE / f"data-{args.members}-{args.messages}{'-distinct' if args.distinct_texts else ''}"
    if args.rebuild or not (data_dir / CLIENT / "workbook.sqlite").exists():
        shutil.rmtree(data_dir, ignore_errors=True)
        started = time.perf_counter()
        build_store(data_dir, args.members, args.messages, args.distinct_texts)
        print(f"store built in {time.perf_counter() - started:.1f} s → {data_dir}")
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(data_dir)}
    env.pop("WORKBOOK_DB_URL", None)
    snapshots = data_dir / CLIENT / "cache"

    command = [WORKBOOK, "metrics", CLIENT, "--period", args.period, "--json"]
    names = ("baseline: pd.read_sql messages + members", "workbook metrics --json (cold: no snapshot)",
             "workbook metrics --json (warm: snapshot kept)")
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    # Rounds interleave the three, so a burst of load on this shared machine hits all of them alike.
    for _ in range(args.repeat):
        runs[names[0]].append(timed([sys.executable, "-c", BASELINE, str(data_dir / CLIENT / "workbook.sqlite")],
                                    env)[:2])
        shutil.rmtree(snapshots, ignore_errors=True)
        runs[names[1]].append(timed(command, env)[:2])
        runs[names[2]].append(timed(command, env)[:2])

    print(f"{args.members:,} members, {args.messages:,} messages, period {args.period}, best of {args.repeat} "
          f"(ratio: median over rounds), load average {os.getloadavg()[0]:.1f}")
    print(f"{'command':<48} {'seconds':>8} {'× baseline':>11} {'peak RSS MiB':>13}")
    baseline = runs[names[0]]
    for name in names:
        best = min(seconds for seconds, _ in runs[name])
        ratio = statistics.median(s / b for (s, _), (b, _) in zip(runs[name], baseline, strict=True))
        peak = max(rss for _, rss in runs[name])
        print(f"{name:<48} {best:>8.2f} {ratio:>11.2f} {peak:>13.0f}")
    print("targets: < 3 s end to end, no slower than the baseline, < 1 GB")


if __name__ == "__main__":
    main()
