"""Harness calls/s with batched trajectory writes vs. a baseline source tree, measured side by side in one run.

Each round plays the same oracle run (in-memory transport, N envs x T tasks, concurrency C) once with this
tree and once with the baseline tree (a `git worktree` of the commit before the writer, imported through
PYTHONPATH), each in a fresh interpreter, alternating so both see the same machine load.

    git worktree add /tmp/h1base 6d818d2
    python benchmarks/store_writer.py --base /tmp/h1base --rounds 3
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent

CHILD = r"""
import collections, json, sys, time
from agent_runners import harness
from agent_runners.harness import RunConfig, run
from codegym_mcp.registry import default_registry
envs, tasks, concurrency, db, count = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5] == "1"
statements = collections.Counter()
if count:  # a separate pass: tracing slows both trees down
    from codegym_mcp import store
    plain_init = store.Store.__init__
    def traced_init(self, *args, **kwargs):
        plain_init(self, *args, **kwargs)
        self.db.conn.set_trace_callback(lambda sql: statements.update([sql.split()[0].lower()]))
    store.Store.__init__ = traced_init
names = sorted(default_registry().entries)[:envs]
cfg = RunConfig(agent="oracle", split="train", envs=names, tasks_per_env=tasks, concurrency=concurrency,
                transport="memory", oracle_steps=False)
start, cpu = time.perf_counter(), time.process_time()
result = run(cfg, db)
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"calls": result.stats.tool_calls, "episodes": result.stats.done, "wall": wall, "cpu": cpu,
                  "source": harness.__file__, "statements": statements}))
"""


def play(tree: Path, envs: int, tasks: int, concurrency: int, count: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(tree)}
        out = subprocess.run([sys.executable, "-c", CHILD, str(envs), str(tasks), str(concurrency), f"{tmp}/runs.db", "1" if count else "0"],
                             env=env, capture_output=True, text=True, timeout=600, cwd=tmp)
        if out.returncode:
            raise SystemExit(f"{tree}: the run failed\n{out.stderr[-3000:]}")
        row = json.loads(out.stdout.strip().splitlines()[-1])
        if not str(row["source"]).startswith(str(tree)):
            raise SystemExit(f"{tree}: imported the harness from {row['source']}, not from the tree under test")
        return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, required=True, help="source tree of the baseline (a git worktree)")
    parser.add_argument("--tree", type=Path, default=HERE, help="source tree under test (default: this one)")
    parser.add_argument("--envs", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rates: dict[str, list[float]] = {"baseline": [], "this tree": []}
    cpu_rates: dict[str, list[float]] = {"baseline": [], "this tree": []}  # steadier on a shared machine
    for _ in range(args.rounds):
        for label, tree in (("baseline", args.base.resolve()), ("this tree", args.tree.resolve())):
            row = play(tree, args.envs, args.tasks, args.concurrency)
            rates[label].append(row["calls"] / row["wall"])
            cpu_rates[label].append(row["calls"] / row["cpu"])
            print(f"  {label:10} {row['episodes']} episodes, {row['calls']} tool calls in {row['wall']:.2f} s "
                  f"({row['cpu']:.2f} s CPU): {row['calls'] / row['wall']:.0f} calls/s, "
                  f"{row['calls'] / row['cpu']:.0f} calls per CPU-second", flush=True)
    base, ours = statistics.median(rates["baseline"]), statistics.median(rates["this tree"])
    print(f"oracle, memory transport, {args.envs} envs x {args.tasks} tasks, concurrency {args.concurrency}, "
          f"median of {args.rounds} rounds:")
    print(f"  wall:  baseline {base:.0f} calls/s, this tree {ours:.0f} calls/s, ratio {ours / base:.2f}x")
    base, ours = statistics.median(cpu_rates["baseline"]), statistics.median(cpu_rates["this tree"])
    print(f"  CPU:   baseline {base:.0f} calls/CPU-s, this tree {ours:.0f} calls/CPU-s, ratio {ours / base:.2f}x")
    print("SQL per tool call (one traced pass each):")
    for label, tree in (("baseline", args.base.resolve()), ("this tree", args.tree.resolve())):
        row = play(tree, args.envs, args.tasks, args.concurrency, count=True)
        counted, calls = row["statements"], row["calls"]
        print(f"  {label:10} {sum(counted.values()) / calls:5.1f} statements, {counted.get('commit', 0) / calls:.3f} commits, "
              f"{counted.get('update', 0) / calls:.3f} UPDATEs")


if __name__ == "__main__":
    main()
