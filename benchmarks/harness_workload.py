"""One harness workload in this process, printed as one JSON line: what bench.py's harness section runs.

Written against the harness API that the baseline commit (6d818d2) already had, so bench.py can run the very same
workload on the old code (PYTHONPATH=<a worktree of it>) and on the tree, side by side.

    python benchmarks/harness_workload.py oracle memory 20 4 8      # agent transport envs tasks concurrency
    python benchmarks/harness_workload.py llm http 0 512 256 URL    # fake-model episodes, for RSS at 256 wide
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def main() -> None:
    agent, transport, envs, tasks, concurrency, *rest = sys.argv[1:]
    import agent_runners
    from agent_runners.harness import RunConfig, run
    from agent_runners.plan import plan_episodes
    from codegym_mcp.registry import default_registry
    from codegym_mcp.store import Store

    registry = default_registry()
    planned, _ = plan_episodes(registry, split="train", tasks_per_env=4)
    per_env = Counter(s.env for s in planned)
    names = sorted(n for n, k in per_env.items() if k >= 4 and n != "AddEnv")  # the same list in old and new code
    if agent == "oracle":
        cfg = RunConfig(agent="oracle", split="train", envs=names[:int(envs)], tasks_per_env=int(tasks),
                        concurrency=int(concurrency), transport=transport, oracle_steps=False)
    else:  # two-request episodes against scale_fakes.py at URL, `tasks` episodes of one env
        cfg = RunConfig(agent="openai:fake", base_url=rest[0], split="train", envs=names[:1], tasks_per_env=1,
                        samples=int(tasks), concurrency=int(concurrency), transport=transport, oracle_steps=False,
                        max_turns=4, retry_attempts=1)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "runs.db"))
        start, cpu = time.perf_counter(), time.process_time()
        result = run(cfg, store)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        child_rss = children_peak_mib()  # now: a hosted server child is still stopping
        rows = store.episodes(result.run_id)
        calls = sum(int(r["steps"] or 0) for r in rows)
        store.close()
    print(json.dumps({"code": str(Path(agent_runners.__file__).parent.parent), "episodes": len(rows), "tool_calls": calls,
                      "errored": sum(r["status"] == "errored" for r in rows),
                      "success": sum((r["reward"] or 0) >= 1 for r in rows), "wall": wall, "cpu": cpu,
                      "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      # the hosted HTTP server when it runs in its own process (still stopping, or reaped)
                      "child_rss_mib": max(child_rss, children_peak_mib())}))


def children_peak_mib() -> float:
    """The largest peak RSS among this process's children: live ones (VmHWM) and reaped ones (RUSAGE_CHILDREN)."""
    import os

    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for task in Path(f"/proc/{os.getpid()}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in children:
            try:
                status = Path(f"/proc/{child}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
    return peak


if __name__ == "__main__":
    main()
