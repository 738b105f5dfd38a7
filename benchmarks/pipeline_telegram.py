"""End to end on a Telegram Desktop export, as a user runs it: `workbook import` then `workbook report` over
2026-05-01..2026-10-31, each a fresh process — against the peer a facilitator could pick instead,
`npx chat-analytics -p telegram` (npm chat-analytics 1.1.2), on the same file in the same run.

It also measures the floor of any import + papermill report on this machine, doing none of the work: a fresh Python
that json-parses the file and inserts its messages into a new SQLite file, and a papermill run of one cell that
imports the chart stack and draws one SVG (the least a report kernel does). The floor's ratio to the peer says how
close to the target a papermill pack can come at all.

Run: .venv/bin/python benchmarks/pipeline_telegram.py [--messages 200000] [--authors 9400] [--no-peer]
     [--long-texts]
The peer is installed once into benchmarks/.cache/peer with npm (the registry is reachable here).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.measure import run as timed

LONG_TEXT = ("今天的直播讲座很有收获，老师讲的客户拜访前先做功课这一点对我启发很大，"
             "下周我会在团队里试一试，再来分享结果。") * 4


def write_export(path: Path, messages: int, authors: int, seed: int = 7, long_texts: bool = False) -> None:
    """A private supergroup export over six months with replies, questions and a long-tailed author mix; with
    `long_texts`, messages of 5–160 characters with their text_entities, as Telegram Desktop writes them (a
    million such messages make a 700 MB file)."""
    rng = np.random.default_rng(seed)
    start = 1_777_593_600  # 2026-05-01 00:00 UTC
    stamps = np.sort(rng.integers(start, start + 183 * 86_400, messages))
    weights = 1 / np.arange(1, authors + 1) ** 1.1
    senders = rng.choice(authors, size=messages, p=weights / weights.sum())
    lengths = rng.integers(5, 160, messages)
    texts = ["今天的直播讲座很有收获", "请问作业什么时候交？", "分享一个案例：客户拜访前先做功课", "👍", "同意"]
    with path.open("w", encoding="utf-8") as out:
        out.write('{"name": "星火学习社群", "type": "private_supergroup", "id": 4242, "messages": [\n')
        for i in range(messages):
            msg: dict[str, object] = {"id": i + 1, "type": "message", "date_unixtime": str(int(stamps[i])),
                                      "from": f"学员{senders[i]}", "from_id": f"user{senders[i]}",
                                      "text": texts[i % len(texts)]}
            if long_texts:
                msg["text"] = LONG_TEXT[i % 50:i % 50 + lengths[i]]
                msg["text_entities"] = [{"type": "plain", "text": msg["text"]}]
            if i > 10 and i % 4 == 0:
                msg["reply_to_message_id"] = int(i - rng.integers(1, 10))
            out.write(("," if i else "") + json.dumps(msg, ensure_ascii=False) + "\n")
        out.write("]}\n")


PEER_DIR = Path(__file__).resolve().parent / ".cache" / "peer"
# The bare minimum of an import: parse, and insert each message's id, author, time and text in one transaction.
BARE_IMPORT = """
import json, sqlite3, sys
import pandas, sqlalchemy
messages = json.load(open(sys.argv[1], encoding="utf-8"))["messages"]
db = sqlite3.connect(sys.argv[2])
db.execute("drop table if exists messages")
db.execute("create table messages (id text primary key, member text, sent_at integer, text text)")
with db:
    db.executemany("insert into messages values (?, ?, ?, ?)",
                   ((str(m["id"]), m["from_id"], int(m["date_unixtime"]), m["text"]) for m in messages))
"""
# The least a report kernel does: start, import what a chart needs, draw one SVG.
ONE_CHART = ("import pandas, altair, vl_convert\n"
             "vl_convert.vegalite_to_svg({'data': {'values': [{'x': 1}]}, 'mark': 'point',"
             " 'encoding': {'x': {'field': 'x', 'type': 'quantitative'}}})")


def floor_commands(tmp: Path, export: Path) -> list[tuple[str, list[str]]]:
    """The bare import and the one-cell papermill run, as commands."""
    import nbformat

    notebook = tmp / "one_chart.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(ONE_CHART)]), notebook)
    papermill = str(Path(sys.executable).with_name("papermill"))
    return [("floor: json.load + sqlite3 executemany", [sys.executable, "-c", BARE_IMPORT, str(export),
                                                         str(tmp / "bare.sqlite")]),
            ("floor: papermill, one chart cell", [papermill, "--no-progress-bar", "-k", "python3", str(notebook),
                                                  str(tmp / "one_chart.out.ipynb")])]
PERIOD = "2026-05-01..2026-10-31"


def peer_command(export: Path, out: Path) -> list[str] | None:
    """The peer's command line, installing it first when missing; None when npm cannot."""
    binary = PEER_DIR / "node_modules" / ".bin" / "chat-analytics"
    if not binary.exists():
        PEER_DIR.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "chat-analytics@1.1.2"], cwd=PEER_DIR,
                              capture_output=True, text=True, check=False)
        if done.returncode or not binary.exists():
            print(f"peer not installed: {done.stderr[-500:]}", file=sys.stderr)
            return None
    return [str(binary), "-p", "telegram", "-i", str(export), "-o", str(out)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--authors", type=int, default=9_400)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument("--long-texts", action="store_true", help="messages of 5–160 characters, with text_entities")
    args = parser.parse_args()
    workbook = str(Path(sys.executable).with_name("workbook"))
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "WORKBOOK_DATA_DIR": str(Path(tmp) / "data"),
               "WORKBOOK_REPORTS_DIR": str(Path(tmp) / "reports")}
        env.pop("WORKBOOK_DB_URL", None)
        export = Path(tmp) / "result.json"
        began = time.perf_counter()
        write_export(export, args.messages, args.authors, long_texts=args.long_texts)
        print(f"export: {args.messages:,} messages, {args.authors:,} authors, {export.stat().st_size / 1e6:.0f} MB "
              f"(written in {time.perf_counter() - began:.1f} s)")
        subprocess.run([workbook, "init", "bench", "--lang", "en"], env=env, check=True, capture_output=True)
        rows = []
        seconds, peak, _ = timed([workbook, "import", "bench", "messages", str(export)], env)
        rows.append(("workbook import", seconds, peak))
        seconds, peak, _ = timed([workbook, "report", "bench", "--period", PERIOD], env)
        rows.append((f"workbook report --period {PERIOD}", seconds, peak))
        ours = sum(r[1] for r in rows)
        rows.append(("workbook import + report", ours, max(r[2] for r in rows)))
        floor = 0.0
        for name, argv in [] if args.no_peer else floor_commands(Path(tmp), export):
            # The best of three: a floor is what the machine can do at the least, not what it did once.
            seconds, peak = min(timed(argv, env)[:2] for _ in range(3))
            rows.append((name, seconds, peak))
            floor += seconds
        if floor:
            rows.append(("floor: both", floor, max(r[2] for r in rows[-2:])))
        command = None if args.no_peer else peer_command(export, Path(tmp) / "peer.html")
        if command:
            seconds, peak, _ = timed(command, env)
            rows.append(("peer: chat-analytics -p telegram", seconds, peak))
    print(f"{'command':<48} {'seconds':>8} {'peak RSS MiB':>13}")
    for name, seconds, peak in rows:
        print(f"{name:<48} {seconds:>8.1f} {peak:>13.0f}")
    if command:
        print(f"ours / peer = {ours / rows[-1][1]:.2f} (target ≤ 0.5); floor / peer = {floor / rows[-1][1]:.2f}")
    print(f"load average: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
