"""stdio episode start, side by side in one run: a fresh interpreter per episode vs a fork of the warm zygote.

    python benchmarks/stdio_start.py            # about two minutes on 2 quiet cores
    python benchmarks/stdio_start.py --quick    # fewer samples

1. `codegym-mcp serve BinarySearchEnv` from a cold interpreter to its first initialize response: the whole
   library imported first (what `serve` did before the lazy registry) vs only BinarySearchEnv's file.
2. Episode start (spawn -> initialize response) and the CPU it costs: fresh interpreter vs zygote fork.
3. Oracle episodes/s over stdio through the harness (`run --transport stdio`), old (fresh interpreters,
   CODEGYM_STDIO_ZYGOTE=0) vs new (forked), same episodes, concurrency 8; CPU counts every process involved.
Linux only (reads /proc for per-process CPU).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

import anyio

INIT = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}}}) + "\n"
SERVE = ["serve", "BinarySearchEnv", "--task", "train-000"]
EAGER = ("import sys; from codegym_mcp.registry import default_registry; default_registry().entries; "
         "from codegym_mcp.cli import main; main(sys.argv[1:], prog_name='codegym-mcp')")
NO_PLUGINS = ("import sys, codegym_mcp.plugins as p; p.plugin = lambda name: None; "
              "from codegym_mcp.cli import main; main(sys.argv[1:], prog_name='codegym-mcp')")
TICK = os.sysconf("SC_CLK_TCK")


def cpu_of(pid: int) -> float:
    """CPU seconds (user + system) the process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def first_response(stdin_fd: int, stdout_fd: int) -> None:
    os.write(stdin_fd, INIT.encode())
    data = b""
    while b"\n" not in data:
        chunk = os.read(stdout_fd, 65536)
        if not chunk:
            raise RuntimeError("the server closed stdout before answering initialize")
        data += chunk
    assert json.loads(data.split(b"\n")[0])["result"]["serverInfo"], data


def cold_start(argv: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds from spawning `argv` to its initialize response."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdin is not None and proc.stdout is not None
    first_response(proc.stdin.fileno(), proc.stdout.fileno())
    wall, cpu = time.perf_counter() - start, cpu_of(proc.pid)
    proc.stdin.close()
    proc.wait(30)
    proc.stdout.close()
    return wall, cpu


def warm_start(zygote: object) -> tuple[float, float]:
    """(wall, CPU) seconds from asking the zygote for a fork to its initialize response; CPU includes the fork."""
    from codegym_mcp.stdio_zygote import StdioZygote

    assert isinstance(zygote, StdioZygote)
    before = cpu_of(zygote.pid)
    start = time.perf_counter()
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        child = zygote.spawn(SERVE, devnull)
    finally:
        os.close(devnull)
    first_response(child.stdin_fd, child.stdout_fd)
    wall, cpu = time.perf_counter() - start, cpu_of(child.pid) + cpu_of(zygote.pid) - before
    os.close(child.stdin_fd)
    zygote.exit_code(child.pid, 30)
    os.close(child.stdout_fd)
    return wall, cpu


def stats(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)


def total_cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def oracle_run(warm: bool, envs: list[str], tasks: int) -> dict[str, float]:
    """One harness run over stdio: episodes, wall s, CPU s of every process involved, and the zygote's start."""
    from agent_runners.harness import RunConfig, run_async
    from codegym_mcp import stdio_zygote
    from codegym_mcp.registry import default_registry
    from codegym_mcp.store import Store

    started: dict[str, float] = {"zygote_wall": 0.0, "zygote_cpu": 0.0}
    real_start = stdio_zygote.start_stdio_zygote

    def timed_start(env: dict[str, str] | None = None) -> stdio_zygote.StdioZygote | None:
        t0 = time.perf_counter()
        zygote = real_start(env)
        started["zygote_wall"] = time.perf_counter() - t0
        started["zygote_cpu"] = cpu_of(zygote.pid) if zygote is not None else 0.0
        return zygote

    stdio_zygote.start_stdio_zygote = timed_start  # StdioTarget looks it up when it starts
    os.environ["CODEGYM_STDIO_ZYGOTE"] = "1" if warm else "0"
    store = Store()
    cfg = RunConfig(agent="oracle", envs=envs, tasks_per_env=tasks, transport="stdio", concurrency=8)
    cpu0, start = total_cpu(), time.perf_counter()
    try:
        result = anyio.run(lambda: run_async(cfg, store, registry=default_registry()))
    finally:
        stdio_zygote.start_stdio_zygote = real_start
    wall, cpu = time.perf_counter() - start, total_cpu() - cpu0
    episodes = store.episodes(result.run_id)
    assert episodes and all(e["reward"] == 1.0 for e in episodes), [e["status"] for e in episodes]
    return {"n": len(episodes), "wall": wall, "cpu": cpu, **started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    n_cold, n_warm = (2, 10) if args.quick else (4, 30)
    from codegym_mcp.registry import default_registry
    from codegym_mcp.stdio_zygote import StdioZygote

    print(f"# stdio episode start ({os.cpu_count()} CPUs)\n")
    print("## 1. `codegym-mcp serve BinarySearchEnv`, cold, to the first initialize response (median)")
    eager = stats([cold_start([sys.executable, "-c", EAGER, *SERVE]) for _ in range(n_cold)])
    lazy = stats([cold_start([sys.executable, "-m", "codegym_mcp.cli", *SERVE]) for _ in range(n_cold)])
    print(f"  whole library imported (before): {eager[0]:6.2f} s wall {eager[1]:6.2f} s CPU")
    print(f"  only BinarySearchEnv's file (now): {lazy[0]:6.2f} s wall {lazy[1]:6.2f} s CPU   "
          f"-> {eager[0] / lazy[0]:.2f}x wall, {eager[1] / lazy[1]:.2f}x CPU")
    bare = stats([cold_start([sys.executable, "-c", NO_PLUGINS, *SERVE]) for _ in range(n_cold)])
    print(f"  (the same without the harness's plugin commands, which the CLI imports on start: {bare[0]:.2f} s wall "
          f"{bare[1]:.2f} s CPU)\n")

    print("## 2. episode start: spawn -> initialize response (median)")
    t0 = time.perf_counter()
    zygote = StdioZygote()
    zygote_start, zygote_cpu = time.perf_counter() - t0, cpu_of(zygote.pid)
    try:
        warm = stats([warm_start(zygote) for _ in range(n_warm)])
    finally:
        zygote.close()
    print(f"  fresh interpreter (old):       {lazy[0] * 1000:8.1f} ms wall {lazy[1] * 1000:8.1f} ms CPU")
    print(f"  fork of the warm zygote (new): {warm[0] * 1000:8.1f} ms wall {warm[1] * 1000:8.1f} ms CPU   "
          f"-> {lazy[0] / warm[0]:.1f}x wall, {lazy[1] / max(warm[1], 1e-3):.1f}x CPU")
    print(f"  (the zygote itself starts once per run: {zygote_start:.2f} s wall, {zygote_cpu:.2f} s CPU)\n")

    envs = default_registry().names("train")[:8]
    runs = {"old: fresh interpreters": oracle_run(False, envs, 1),
            "new: warm zygote": oracle_run(True, envs, 2 if args.quick else 4)}
    print(f"## 3. oracle episodes over stdio through the harness ({len(envs)} train envs, concurrency 8)")
    for label, r in runs.items():
        steady = r["n"] / (r["wall"] - r["zygote_wall"])
        print(f"  {label:24s} {r['n']:3.0f} episodes {r['wall']:6.2f} s  {r['n'] / r['wall']:6.2f} episodes/s "
              f"({steady:6.2f} after start-up)  {r['cpu'] / r['n']:6.3f} s CPU/episode "
              f"({(r['cpu'] - r['zygote_cpu']) / r['n']:6.3f} after start-up)")
    old_run, new_run = runs.values()
    rate = lambda r: r["n"] / (r["wall"] - r["zygote_wall"])  # noqa: E731
    per_episode = lambda r: (r["cpu"] - r["zygote_cpu"]) / r["n"]  # noqa: E731
    print(f"  -> {rate(new_run) / rate(old_run):.1f}x episodes/s, {per_episode(old_run) / per_episode(new_run):.1f}x less "
          f"CPU per episode, once the zygote is up ({new_run['zygote_wall']:.2f} s wall, {new_run['zygote_cpu']:.2f} s CPU, "
          "once per run)")


if __name__ == "__main__":
    main()
