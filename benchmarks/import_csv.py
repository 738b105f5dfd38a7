"""Import throughput: a canonical messages CSV of N rows → `workbook import` in a fresh process.

Baseline in the same run: a bare `pd.read_csv` of the file and a bare `executemany` insert of its rows, so the
figure says what the import costs beyond reading and writing.
Run: `.venv/bin/python benchmarks/import_csv.py [--rows 1000000] [--members 9400]`.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

WORKBOOK = Path(sys.executable).with_name("workbook")


def write_members(path: Path, members: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["成员ID", "昵称", "部门", "入群时间", "是否工作人员", "来源渠道"])
        for i in range(members):
            writer.writerow([f"m{i}", f"学员{i}", "销售部", "2026-05-01 09:00", "否", "内部通知"])


def write_messages(path: Path, rows: int, members: int, seed: int = 7) -> None:
    """Six months of messages with a long-tailed author mix, Chinese headers, replies on a quarter of them."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-05-01").value // 10**9
    stamps = pd.to_datetime(np.sort(rng.integers(start, start + 183 * 86_400, rows)), unit="s")
    weights = 1 / np.arange(1, members + 1) ** 1.1
    senders = rng.choice(members, size=rows, p=weights / weights.sum())
    texts = np.array(["今天的直播讲座很有收获", "请问作业什么时候交？", "分享一个案例：先做功课", "👍", "同意"])
    ids = np.arange(rows)
    frame = pd.DataFrame({
        "消息ID": [f"x{i}" for i in ids],
        "成员ID": [f"m{s}" for s in senders],
        "发言时间": stamps.strftime("%Y-%m-%d %H:%M:%S"),
        "群聊": "星火学习社群",
        "消息类型": np.where(ids % 7 == 0, "图片", "文字"),
        "字数": rng.integers(1, 200, rows),
        "回复消息ID": [f"x{i - 3}" if i % 4 == 0 and i > 3 else "" for i in ids],
        "内容": texts[ids % len(texts)],
    })
    frame.to_csv(path, index=False)


def baseline(path: Path, db: Path) -> tuple[float, float]:
    """Seconds for a bare pd.read_csv and for a bare executemany of the same rows into SQLite."""
    began = time.perf_counter()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    read = time.perf_counter() - began
    rows = list(frame.itertuples(index=False, name=None))
    began = time.perf_counter()
    with sqlite3.connect(db) as conn:
        conn.execute(f"CREATE TABLE t ({', '.join(f'c{i}' for i in range(frame.shape[1]))})")
        conn.executemany(f"INSERT INTO t VALUES ({', '.join('?' * frame.shape[1])})", rows)
    return read, time.perf_counter() - began


def run_import(client: str, kind: str, path: Path, env: dict[str, str]) -> float:
    began = time.perf_counter()
    done = subprocess.run([str(WORKBOOK), "import", client, kind, str(path)], env=env, capture_output=True,
                          text=True, check=False)
    if done.returncode:
        print(done.stdout, done.stderr[-3000:], sep="\n", file=sys.stderr)
        raise SystemExit(f"import of {path.name} failed with exit {done.returncode}")
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--members", type=int, default=9_400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {**os.environ, "WORKBOOK_DATA_DIR": str(folder / "data")}
        env.pop("WORKBOOK_DB_URL", None)
        members, messages = folder / "members.csv", folder / "messages.csv"
        write_members(members, args.members)
        write_messages(messages, args.rows, args.members)
        print(f"messages.csv: {args.rows:,} rows, {messages.stat().st_size / 1e6:.0f} MB")
        subprocess.run([str(WORKBOOK), "init", "bench", "--lang", "en"], env=env, check=True, capture_output=True)
        run_import("bench", "members", members, env)
        seconds = run_import("bench", "messages", messages, env)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        read, insert = baseline(messages, folder / "baseline.sqlite")
    print(f"workbook import: {seconds:.1f} s, {args.rows / seconds:,.0f} rows/s, child peak RSS {peak:.0f} MiB")
    print(f"baseline: pd.read_csv {read:.1f} s + executemany {insert:.1f} s = {read + insert:.1f} s")
    print(f"ratio import / baseline: {seconds / (read + insert):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
