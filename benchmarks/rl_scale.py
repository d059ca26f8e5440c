"""Concurrency at RL scale: `run --agent openai:...` against a slow fake model endpoint, 64 vs 4,096 wide.

Each run plays two-request episodes (Observe, then Done) over the harness's default transport for models (our
HTTP server hosted for the run: by default in a child process, `codegym_mcp.serve_child`; at 4,096 also in a
thread of the run's process, CODEGYM_HOSTED_SERVER=thread, side by side) against `tests/scale_fakes.py`, which
answers every request after 1-2 s in its own process. Each row runs in a fresh process, so its peak RSS is its own.
Printed: episodes/s, the peak of requests in flight at the endpoint, errored episodes (and how many were timeouts),
the harness's peak RSS and CPU seconds, the server child's (VmHWM and CPU from /proc, sampled every second until it
exits), and the event-loop lag a watchdog task saw (it oversleeps a 50 ms sleep by that much: max and p99). Lag
here is CPU saturation (thousands of ready tasks per loop pass), not one blocking call.

    python benchmarks/rl_scale.py                # 780 episodes at 64; 4,680 at 4,096 (thread, then process)
    python benchmarks/rl_scale.py --quick        # 156 at 64, 624 at 512

A run on 2 CPUs (issue #18; model requests over the lean HTTP/1.1 client, harness on uvloop; "playing": the
harness's own peak of episodes between start and end; "in flight": the endpoint's peak of requests it holds;
`process*`: plain asyncio with every loop step timed, its longest step in the last column):

      server concurrency episodes  seconds   eps/s playing in flight errored timeouts  RSS MiB  CPU s srv RSS srv CPU max lag ms p99 lag ms longest step ms
     process          64      780     40.1    19.5      64        64       0        0      128      4      78       5          4          2               -
      thread        4096     4680     43.1   108.6    4096      1270       0        0      337     41       0       0       2627       2024               -
     process        4096     4680     23.8   196.9    4096      1610       0        0      266     20     191      18       1656       1105               -
    process*        4096     4680     35.4   132.1    1180       995       0        0      172     22      94      16        761        461             135

All 4,096 episodes are in play at once, and none errors or times out; the endpoint sees at most ~1,600 requests at
once because both processes are CPU-bound on 2 cores (about 4 ms of CPU per episode on each side, setup requests
included): 4,096 episodes' first model requests would have to leave within the endpoint's 1-2 s answer time. The
lag is that saturation: thousands of ready callbacks per loop pass. The longest single step (135 ms) is a full
garbage-collector pass over the live episodes, not a blocking call; what is loaded at start is frozen out of those
passes (`gc.freeze`), which halved them. Before this issue's work the 4,096-wide run took 789 s with 881 errored
episodes and at most 183 requests in flight.
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
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from scale_fakes import fetch_stats, slow_llm_process  # noqa: E402

INSTANCES = 78  # 26 environments x 3 train tasks; samples multiply them up to the episode count
LAG_TICK = 0.05  # seconds the watchdog sleeps; its oversleep is the loop's lag


def pick_envs() -> list[str]:
    from codegym_mcp.registry import default_registry

    registry = default_registry()
    return [name for name in sorted(registry.names()) if len(registry.get(name).split_tasks("train")) >= 3][:INSTANCES // 3]


def _server_children() -> list[int]:
    """Pids of this process's hosted-server children (`codegym_mcp.serve_child`)."""
    pids = []
    for children in Path("/proc/self/task").glob("*/children"):
        for pid in children.read_text().split():
            try:
                if b"codegym_mcp.serve_child" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    pids.append(int(pid))
            except OSError:
                pass  # it just exited
    return pids


def _process_usage(pid: int) -> tuple[float, float]:
    """(peak RSS MiB, CPU seconds) of a live process, from /proc."""
    status = Path(f"/proc/{pid}/status").read_text()
    hwm_kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:"))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return hwm_kib / 1024, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


async def _watch(lags: list[float], server: dict[int, tuple[float, float]]) -> None:
    """Record the loop's lag every tick, and the server child's usage every 20 ticks (the last sample before it exits)."""
    import anyio

    ticks = 0
    while True:
        start = time.perf_counter()
        await anyio.sleep(LAG_TICK)
        lags.append(time.perf_counter() - start - LAG_TICK)
        ticks += 1
        if ticks % 20 == 1:
            for pid in _server_children():
                try:
                    server[pid] = _process_usage(pid)
                except (OSError, StopIteration):
                    pass


class _Playing:
    """Episodes between the start and the end of `EpisodeRunner.play` (the harness's own count of episodes in
    flight), with its peak."""

    def __init__(self) -> None:
        self.now = self.peak = 0

    def install(self) -> None:
        from agent_runners.episodes import EpisodeRunner

        play, counter = EpisodeRunner.play, self

        async def counted(runner: Any, spec: Any) -> None:
            counter.now += 1
            counter.peak = max(counter.peak, counter.now)
            try:
                await play(runner, spec)
            finally:
                counter.now -= 1

        EpisodeRunner.play = counted  # type: ignore[method-assign]


def _time_steps(longest: list[float]) -> None:
    """Time every event-loop callback (plain asyncio only): the longest is the longest the loop was blocked by one
    piece of code, as opposed to the lag, which also counts the wait behind thousands of ready callbacks."""
    import asyncio.events

    run = asyncio.events.Handle._run

    def timed(handle: Any) -> None:
        start = time.perf_counter()
        try:
            run(handle)
        finally:
            took = time.perf_counter() - start
            if took > longest[0]:
                longest[0] = took
                if os.environ.get("RL_SCALE_SHOW_STEPS"):  # which task, and where it waits now
                    task = getattr(handle._callback, "__self__", None)
                    coro = task.get_coro() if hasattr(task, "get_coro") else None
                    frames = []
                    while coro is not None and getattr(coro, "cr_frame", None) is not None:
                        frames.append(f"{coro.cr_code.co_qualname}:{coro.cr_frame.f_lineno}")
                        coro = coro.cr_await
                    print(f"step {took * 1000:.0f} ms: {' > '.join(frames) or repr(handle)}"[:600], file=sys.stderr)

    asyncio.events.Handle._run = timed  # type: ignore[method-assign]


def play(concurrency: int, episodes: int, delay: tuple[float, float]) -> dict[str, Any]:
    """One run in this process (call it in a fresh one): the figures of one line of the table. The loop is the one
    `codegym-mcp run` uses (uvloop when installed), or plain asyncio with every step timed if $RL_SCALE_TIME_STEPS."""
    import anyio

    from agent_runners.harness import RunConfig, _loop_options, run_async
    from codegym_mcp.store import Store

    playing = _Playing()
    playing.install()
    longest = [0.0]
    timed = bool(os.environ.get("RL_SCALE_TIME_STEPS"))
    if timed:
        _time_steps(longest)
    lags: list[float] = []
    server: dict[int, tuple[float, float]] = {}
    with slow_llm_process(delay) as url, tempfile.TemporaryDirectory() as tmp:
        cfg = RunConfig(agent="openai:fake", base_url=url, split="train", envs=pick_envs(), tasks_per_env=3,
                        samples=max(1, episodes // INSTANCES), concurrency=concurrency, oracle_steps=False, max_turns=4,
                        retry_attempts=1)
        store = Store(str(Path(tmp) / "runs.db"))

        async def main() -> Any:
            async with anyio.create_task_group() as tg:
                tg.start_soon(_watch, lags, server)
                result = await run_async(cfg, store)
                tg.cancel_scope.cancel()
            return result

        start, cpu_start = time.perf_counter(), time.process_time()
        result = anyio.run(main, backend_options={} if timed else _loop_options())
        seconds = time.perf_counter() - start
        rows = store.episodes(result.run_id)
        store.close()
        endpoint = fetch_stats(url)
    errors = [r["error"] or "" for r in rows if r["status"] == "errored"]
    server_rss, server_cpu = max(server.values(), default=(0.0, 0.0))
    server_label = (os.environ.get("CODEGYM_HOSTED_SERVER") or "process") + ("*" if timed else "")
    return {"server": server_label, "concurrency": concurrency, "episodes": len(rows), "seconds": seconds,
            "episodes_per_s": len(rows) / seconds, "peak_in_flight": endpoint["peak"], "peak_playing": playing.peak,
            "longest_step_ms": longest[0] * 1000 if timed else None,
            "errored": len(errors), "timeouts": sum("Timeout" in e for e in errors),
            "unfinished": sum(r["status"] not in ("terminated", "truncated", "errored") for r in rows),
            "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "max_lag_ms": max(lags, default=0) * 1000,
            "p99_lag_ms": sorted(lags)[int(0.99 * (len(lags) - 1))] * 1000 if lags else 0.0,
            "cpu_s": time.process_time() - cpu_start, "server_rss_mib": server_rss, "server_cpu_s": server_cpu,
            "first_error": errors[0][:200] if errors else None}


def measure(concurrency: int, episodes: int, delay: tuple[float, float], server: str) -> dict[str, Any]:
    """`server`: "process" or "thread", with "*" for plain asyncio with every loop step timed."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "CODEGYM_HOSTED_SERVER": server.rstrip("*")}
    if server.endswith("*"):
        env["RL_SCALE_TIME_STEPS"] = "1"
    out = subprocess.run([sys.executable, __file__, "--one", str(concurrency), str(episodes), "--delay", *map(str, delay)],
                         capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def table(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'server':>8} {'concurrency':>11} {'episodes':>8} {'seconds':>8} {'eps/s':>7} {'playing':>7} {'in flight':>9} "
             f"{'errored':>7} {'timeouts':>8} {'RSS MiB':>8} {'CPU s':>6} {'srv RSS':>7} {'srv CPU':>7} {'max lag ms':>10} "
             f"{'p99 lag ms':>10} {'longest step ms':>15}"]
    for r in rows:
        step = "-" if r.get("longest_step_ms") is None else f"{r['longest_step_ms']:.0f}"
        lines.append(f"{r['server']:>8} {r['concurrency']:>11} {r['episodes']:>8} {r['seconds']:>8.1f} {r['episodes_per_s']:>7.1f} "
                     f"{r['peak_playing']:>7} {r['peak_in_flight']:>9} {r['errored']:>7} {r['timeouts']:>8} {r['rss_mib']:>8.0f} "
                     f"{r['cpu_s']:>6.0f} {r['server_rss_mib']:>7.0f} {r['server_cpu_s']:>7.0f} {r['max_lag_ms']:>10.0f} "
                     f"{r['p99_lag_ms']:>10.0f} {step:>15}")
    narrow, *wide = rows
    for r in wide:
        lines.append(f"ratio {r['concurrency']}/{narrow['concurrency']} ({r['server']}): episodes/s "
                     f"x{r['episodes_per_s'] / narrow['episodes_per_s']:.1f}, in flight x{r['peak_in_flight'] / max(1, narrow['peak_in_flight']):.1f}")
    for r in rows:
        if r["first_error"]:
            lines.append(f"first error at {r['concurrency']} ({r['server']}): {r['first_error']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smaller runs (64 and 512 wide)")
    parser.add_argument("--delay", type=float, nargs=2, default=(1.0, 2.0), metavar=("MIN", "MAX"),
                        help="seconds the fake endpoint takes per request")
    parser.add_argument("--one", type=int, nargs=2, metavar=("CONCURRENCY", "EPISODES"), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args = parser.parse_args()
    delay = (args.delay[0], args.delay[1])
    if args.one:
        print(json.dumps(play(args.one[0], args.one[1], delay)))
        return
    plan = [(64, 156, "process"), (512, 624, "thread"), (512, 624, "process"), (512, 624, "process*")] if args.quick else \
        [(64, 780, "process"), (4096, 4680, "thread"), (4096, 4680, "process"), (4096, 4680, "process*")]
    rows = [measure(c, n, delay, server) for c, n, server in plan]
    print(f"harness at RL scale: two-request episodes, fake endpoint answering after {delay[0]:g}-{delay[1]:g} s, "
          f"{os.cpu_count()} CPUs")
    print(table(rows))
    if args.json:
        print(json.dumps(rows))


if __name__ == "__main__":
    main()
