"""The harness's MCP client over HTTP: the SDK's `Client` vs the lean `CodegymHttpClient`, side by side in one run.

    python benchmarks/mcp_client.py            # ~1 minute on 2 cores
    python benchmarks/mcp_client.py --quick

The server runs in its own process (`codegym-mcp serve --transport http`), so this process's CPU time is the
client side only. Two measurements per client, interleaved (sdk, lean, sdk, lean, ...) so drift hits both:
(1) bare client: one episode, `call_tool` in a loop; (2) the harness: the oracle agent over `--server`, with every
message and tool call recorded in SQLite (`run --agent oracle --server URL`, switched by CODEGYM_MCP_CLIENT);
(3) the same with the server hosted in the harness's process (`run --agent oracle --transport http`): the CPU
column then holds the server's share too.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import anyio

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("CODEGYM_ENV_DIRS", str(HERE / "envs"))

from bench import ServerProcess, table  # noqa: E402

from agent_runners.harness import RunConfig, run_async  # noqa: E402
from agent_runners.targets import RemoteTarget  # noqa: E402
from codegym_mcp.registry import default_registry  # noqa: E402
from codegym_mcp.store import Store  # noqa: E402

CLIENTS = ("sdk", "lean")


async def bare_calls(base: str, client: str, n: int) -> tuple[float, float]:
    """(calls/s, CPU seconds per call) of `n` GetElement calls on one BinarySearchEnv episode."""
    registry = default_registry()
    entry = registry.get("BinarySearchEnv")
    spec = _spec(entry)
    async with RemoteTarget(base, mcp_client=client) as target, target.connect(spec) as mcp:
        await mcp.call_tool("GetElement", {"index": 1})  # warm the connection
        wall, cpu = time.perf_counter(), time.process_time()
        for i in range(n):
            result = await mcp.call_tool("GetElement", {"index": i % 7})
            assert not result.is_error, result
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return n / wall, cpu / n


def _spec(entry: Any) -> Any:
    from agent_runners.plan import EpisodeSpec

    task = entry.resolve_task(seed=1, difficulty="hard")
    return EpisodeSpec(env=entry.name, task_id=task.id, split="train", difficulty="hard", sample=0, entry=entry, task=task)


async def harness_run(base: str | None, client: str, envs: list[str], tasks: int, concurrency: int) -> tuple[float, float, int, list[Any]]:
    """(tool calls/s, CPU per tool call, tool calls, per-episode outcomes) of an oracle run against `base`, or
    against a server hosted in this process (`--transport http`) when `base` is None."""
    os.environ["CODEGYM_MCP_CLIENT"] = client
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "runs.db")
        cfg = RunConfig(agent="oracle", envs=envs, tasks_per_env=tasks, concurrency=concurrency, server_url=base,
                        transport="http", oracle_steps=False, max_steps=10_000)
        wall, cpu = time.perf_counter(), time.process_time()
        result = await run_async(cfg, store, registry=default_registry())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        calls = result.stats.tool_calls
        outcomes = sorted((e["env"], e["task_id"], e["status"], e["reward"], e["steps"]) for e in store.episodes(result.run_id))
        store.close()
    return calls / wall, cpu / max(calls, 1), calls, outcomes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n, rounds, tasks = (200, 1, 2) if args.quick else (1000, 2, 4)
    envs = sorted(e.name for e in default_registry().entries.values() if e.split == "train")[:20]
    server = ServerProcess("--max-steps", "1000000")
    base = f"http://127.0.0.1:{server.port}"
    bare: dict[str, list[tuple[float, float]]] = {c: [] for c in CLIENTS}
    runs: dict[str, list[tuple[float, float, int, list[Any]]]] = {c: [] for c in CLIENTS}
    hosted: dict[str, list[tuple[float, float, int, list[Any]]]] = {c: [] for c in CLIENTS}
    try:
        for _ in range(rounds):
            for client in CLIENTS:
                bare[client].append(anyio.run(bare_calls, base, client, n))
                runs[client].append(anyio.run(harness_run, base, client, envs, tasks, 8))
                hosted[client].append(anyio.run(harness_run, None, client, envs, tasks, 8))
    finally:
        server.stop()
    best_bare = {c: max(bare[c]) for c in CLIENTS}
    best_run = {c: max(runs[c], key=lambda r: r[0]) for c in CLIENTS}
    best_hosted = {c: max(hosted[c], key=lambda r: r[0]) for c in CLIENTS}
    same = runs["sdk"][0][3] == runs["lean"][0][3] == hosted["sdk"][0][3] == hosted["lean"][0][3]
    table(f"bare client: {n} sequential tools/call on one episode (best of {rounds})",
          ["client", "calls/s", "client CPU per call"],
          [[c, f"{best_bare[c][0]:,.0f}", f"{best_bare[c][1] * 1e3:.3f} ms"] for c in CLIENTS]
          + [["lean / sdk", f"{best_bare['lean'][0] / best_bare['sdk'][0]:.1f}x", f"{best_bare['sdk'][1] / best_bare['lean'][1]:.1f}x less"]])
    table(f"harness: oracle over --server, {len(envs)} train envs x {tasks} tasks, concurrency 8 (best of {rounds})",
          ["client", "tool calls", "calls/s", "harness CPU per call"],
          [[c, best_run[c][2], f"{best_run[c][0]:,.0f}", f"{best_run[c][1] * 1e3:.3f} ms"] for c in CLIENTS]
          + [["lean / sdk", "", f"{best_run['lean'][0] / best_run['sdk'][0]:.1f}x", f"{best_run['sdk'][1] / best_run['lean'][1]:.1f}x less"]])
    table(f"harness: oracle over a server hosted in the harness's process, same episodes (best of {rounds})",
          ["client", "tool calls", "calls/s", "CPU per call (harness + server)"],
          [[c, best_hosted[c][2], f"{best_hosted[c][0]:,.0f}", f"{best_hosted[c][1] * 1e3:.3f} ms"] for c in CLIENTS]
          + [["lean / sdk", "", f"{best_hosted['lean'][0] / best_hosted['sdk'][0]:.1f}x",
              f"{best_hosted['sdk'][1] / best_hosted['lean'][1]:.1f}x less"]])
    print(f"\nsame episode outcomes (env, task, status, reward, steps) with both clients: {same}")


if __name__ == "__main__":
    main()
