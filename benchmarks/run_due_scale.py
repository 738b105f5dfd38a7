"""Many clients through the runner: N generated clients (40 members, ~400 messages, 2 events, 3 content items in
2026-10 each) and one `workbook run-due --since 2026-10 --until 2026-10 --parallel P` run making one monthly pack
per client, as cron would. Prints the wall time, packs per minute and the failures.
Run: .venv/bin/python benchmarks/run_due_scale.py [--clients 50] [--parallel 2]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKBOOK = str(ROOT / ".venv" / "bin" / "workbook")


def records(seed: int) -> dict[str, list[dict[str, object]]]:
    """One small community's October 2026, deterministic in `seed`."""
    rng = random.Random(seed)
    members = [{"member_id": f"m{i}", "display_name": f"成员{i}", "is_staff": i == 0,
                "joined_at": f"2026-{rng.randint(8, 10):02d}-01T02:00:00Z",
                "source_channel": rng.choice(["referral", "social_media"])} for i in range(40)]
    messages = [{"message_id": f"x{i}", "member_id": f"m{rng.randrange(40)}", "kind": "text", "text": "ok",
                 "sent_at": f"2026-10-{rng.randint(1, 31):02d}T{rng.randint(1, 12):02d}:00:00Z"}
                for i in range(rng.randint(300, 500))]
    events = [{"event_id": f"e{i}", "title": f"直播 {i}", "kind": "live_lecture", "mode": "online",
               "starts_at": f"2026-10-{10 + 7 * i:02d}T11:00:00Z"} for i in range(2)]
    attendance = [{"event_id": e["event_id"], "member_id": f"m{j}", "registered": True, "attended": rng.random() < 0.7}
                  for e in events for j in range(1, 25)]
    content = [{"content_id": f"c{i}", "title": f"案例 {i}", "kind": "case_study", "format": "text",
                "published_at": f"2026-10-{3 + 9 * i:02d}T01:00:00Z", "member_generated": i == 1,
                "author_id": "m1"} for i in range(3)]
    return {"members": members, "messages": messages, "events": events, "attendance": attendance, "content": content}


def build(clients: int) -> None:
    """Profiles through init_client, records through the store, as the importer lands them."""
    from workbook import store
    from workbook.clients import init_client

    for n in range(clients):
        client = f"c{n:02d}"
        init_client(client, lang="zh-CN" if n % 2 else "en")
        tables = records(n)
        frames = store.frames_from_records(**tables)
        eng = store.engine(client)
        with store.transaction(eng) as conn:
            for name in tables:
                frame = getattr(frames, name).drop(columns=["version"])
                rows = [{k: (None if v is None or v != v else (v.tz_convert("UTC").tz_localize(None).to_pydatetime()
                                                               if hasattr(v, "tz_convert") else v))
                         for k, v in row.items()} | {"client": client} for row in frame.to_dict("records")]
                store.upsert_rows(conn, name, rows)
            store.bump_revision(conn, client)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--parallel", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="run-due-scale-") as tmp:
        os.environ.update(WORKBOOK_DATA_DIR=f"{tmp}/data", WORKBOOK_REPORTS_DIR=f"{tmp}/reports")
        os.environ.pop("WORKBOOK_DB_URL", None)
        sys.path.insert(0, str(ROOT))
        started = time.perf_counter()
        build(args.clients)
        print(f"built {args.clients} clients in {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        done = subprocess.run([WORKBOOK, "run-due", "--lang", "en", "--since", "2026-10", "--until", "2026-10",
                               "--kind", "month", "--parallel", str(args.parallel)], capture_output=True, text=True)
        seconds = time.perf_counter() - started
        lines = done.stdout.splitlines()
        failures = [line for line in lines if "✗" in line or line.startswith("    failed")]
        made, failed = sum("✓" in line for line in lines), sum("✗" in line for line in lines)
        print(lines[-1] if lines else done.stderr[-2000:])
        print(f"{made} packs ok, {failed} failed, exit {done.returncode}: "
              f"{seconds:.0f} s wall, {seconds / max(made, 1):.1f} s per pack, {60 * made / seconds:.1f} packs/min "
              f"(--parallel {args.parallel}, {os.cpu_count()} cores)")
        for line in failures[:20]:
            print(line)


if __name__ == "__main__":
    main()
