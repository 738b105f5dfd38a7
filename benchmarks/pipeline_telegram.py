"""End-to-end benchmark: a Telegram Desktop export of N messages → `workbook import` → `workbook metrics`.

The same shape as the peer measured in STACK-NOTES.md (chat-analytics: 1M messages, 9.4k authors, 45 s).
Run: `.venv/bin/python benchmarks/pipeline_telegram.py [--messages 1000000] [--authors 9400]`.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np


def write_export(path: Path, messages: int, authors: int, seed: int = 7) -> None:
    """A private supergroup export over six months with replies, questions and a long-tailed author mix."""
    rng = np.random.default_rng(seed)
    start = 1_777_593_600  # 2026-05-01 00:00 UTC
    stamps = np.sort(rng.integers(start, start + 183 * 86_400, messages))
    weights = 1 / np.arange(1, authors + 1) ** 1.1
    senders = rng.choice(authors, size=messages, p=weights / weights.sum())
    texts = ["今天的直播讲座很有收获", "请问作业什么时候交？", "分享一个案例：客户拜访前先做功课", "👍", "同意"]
    with path.open("w", encoding="utf-8") as out:
        out.write('{"name": "星火学习社群", "type": "private_supergroup", "id": 4242, "messages": [\n')
        for i in range(messages):
            msg = {"id": i + 1, "type": "message", "date_unixtime": str(int(stamps[i])),
                   "from": f"学员{senders[i]}", "from_id": f"user{senders[i]}",
                   "text": texts[i % len(texts)]}
            if i > 10 and i % 4 == 0:
                msg["reply_to_message_id"] = int(i - rng.integers(1, 10))
            out.write(("," if i else "") + json.dumps(msg, ensure_ascii=False) + "\n")
        out.write("]}\n")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--authors", type=int, default=9_400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["WORKBOOK_DATA_DIR"] = str(Path(tmp) / "data")
        os.environ.pop("WORKBOOK_DB_URL", None)
        from workbook import metrics
        from workbook.clients import init_client

        export = Path(tmp) / "result.json"
        began = time.perf_counter()
        write_export(export, args.messages, args.authors)
        print(f"export written: {export.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - began:.1f} s")
        init_client("bench")
        began = time.perf_counter()
        # A fresh process, as a user runs it, so its peak RSS is the import's own.
        done = subprocess.run([str(Path(sys.executable).with_name("workbook")), "import", "bench", "messages",
                               str(export)], capture_output=True, text=True, check=False)
        imported = time.perf_counter() - began
        if done.returncode:
            print(done.stdout, done.stderr[-3000:], sep="\n", file=sys.stderr)
            return 1
        import_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"import: {done.stdout.splitlines()[0]} in {imported:.1f} s; child peak RSS {import_peak:.0f} MiB")
        began = time.perf_counter()
        document = metrics.for_period("bench", "2026-10")
        computed = time.perf_counter() - began
        eng = document["engagement"]
        print(f"metrics 2026-10 (load store + compute): {computed:.1f} s; posters {eng['posters']}, "
              f"messages {eng['messages_total']}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pipeline (import + metrics): {imported + computed:.1f} s; metrics process peak RSS {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
