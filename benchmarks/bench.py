"""codegym-mcp benchmarks: every number is measured side by side in this one run and shown as a ratio.

    python benchmarks/bench.py            # full run (a few minutes on 2 cores)
    python benchmarks/bench.py --quick    # small counts, for a smoke test

Sections: (1) per-call latency of a trivial and a real tool over each path; (2) HTTP under concurrency, with the
load generated from separate processes; (3) oracle rollouts over the whole library; (4) the reference
process-per-step design vs our sandbox worker; (5) SQLite logging on vs off; (6) kernel isolation of sandbox workers
off vs on (episode start and per-call cost); (7) the harness (oracle over memory, HTTP, stdio; RSS with a fake model)
against the baseline commit's code, run from a temporary git worktree.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("CODEGYM_ENV_DIRS", str(HERE / "envs"))

from loadgen import Conn, call_body, call_headers, open_episodes, worker  # noqa: E402

from codegym_mcp.episode import Episode, NativeBackend  # noqa: E402
from codegym_mcp.registry import default_registry  # noqa: E402

REGISTRY = default_registry()
ADD = REGISTRY.get("AddEnv")
BS = REGISTRY.get("BinarySearchEnv")
TOOLS = {"trivial Add": (ADD, "Add", {"a": 2, "b": 3}), "BinarySearch.GetElement": (BS, "GetElement", {"index": 7})}


def stats(samples: list[float]) -> tuple[float, float]:
    s = sorted(samples)
    return statistics.median(s), s[min(len(s) - 1, int(0.99 * len(s)))]


def fmt_us(seconds: float) -> str:
    return f"{seconds * 1e6:,.1f} µs" if seconds < 1e-3 else f"{seconds * 1e3:,.2f} ms"


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    print(f"\n## {title}\n")
    print("| " + " | ".join(h.ljust(w) for h, w in zip(header, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print("| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |")


def timed(fn: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


async def atimed(fn: Callable[[], Any], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        await fn()
        out.append(time.perf_counter() - t0)
    return out


# ---------------------------------------------------------------- servers in their own processes


class ServerProcess:
    def __init__(self, *extra: str):
        from socket import socket

        with socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen([sys.executable, "-m", "codegym_mcp.cli", "serve", "--transport", "http",
                                      "--port", str(self.port), *extra], env=os.environ.copy(),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _ = asyncio.run(Conn("127.0.0.1", self.port).request("GET", "/healthz"))
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError("benchmark server did not start")
            time.sleep(0.1)

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# ---------------------------------------------------------------- 1. per-call latency


def latency_section(n: int) -> None:
    from mcp import Client, StdioServerParameters

    from codegym_mcp.server import ServeOptions, episode_server, open_episode

    rows = []
    server = ServerProcess("--max-steps", "1000000")
    try:
        for label, (entry, tool, args) in TOOLS.items():
            task = entry.resolve_task(seed=1, difficulty="hard")
            env = entry.env_cls()
            env.reset(task.config)
            results: dict[str, list[float]] = {}
            results["direct Python call"] = timed(lambda: env.call_tool(tool, args), n * 10)
            episode = Episode(NativeBackend(entry.env_cls, task.config), max_steps=10**9)
            results["Episode.call"] = timed(lambda: episode.call(tool, args), n * 10)

            async def mcp_paths() -> None:
                live = open_episode(entry, task, ServeOptions(max_steps=10**9))
                async with Client(episode_server(live)) as c:
                    results["in-memory MCP"] = await atimed(lambda: c.call_tool(tool, args), n)
                params = StdioServerParameters(command=sys.executable, env=os.environ.copy(), args=[
                    "-m", "codegym_mcp.cli", "serve", entry.name, "--seed", "1", "--difficulty", "hard", "--max-steps", "1000000"])
                async with Client(params, mode="legacy") as c:
                    results["stdio MCP (SDK client)"] = await atimed(lambda: c.call_tool(tool, args), n)
                urls = await open_episodes("127.0.0.1", server.port, entry.name, 2)
                base = f"http://127.0.0.1:{server.port}"
                async with Client(base + urls[0]) as c:
                    results["HTTP 2026-07-28 (SDK client)"] = await atimed(lambda: c.call_tool(tool, args), n)
                async with Client(base + urls[1], mode="legacy") as c:
                    results["HTTP handshake (SDK client)"] = await atimed(lambda: c.call_tool(tool, args), n)
                conn = Conn("127.0.0.1", server.port)
                body, headers = call_body(1, tool, args), call_headers(tool)

                async def raw() -> None:
                    status, reply = await conn.request("POST", urls[0], body, headers)
                    if status != 200 or b'"isError":false' not in reply:
                        raise RuntimeError(f"raw call failed: {status} {reply[:200]!r}")

                results["HTTP 2026-07-28 (raw client)"] = await atimed(raw, n)

            asyncio.run(mcp_paths())
            base_median = stats(results["direct Python call"])[0]
            for path, samples in results.items():
                med, p99 = stats(samples)
                rows.append([label, path, fmt_us(med), fmt_us(p99), f"{med / base_median:,.0f}x"])
    finally:
        server.stop()
    table("1. One tool call, by path (sequential)", ["tool", "path", "median", "p99", "vs direct"], rows)


# ---------------------------------------------------------------- 2. HTTP under concurrency


def concurrency_section(levels: list[int], calls: int, procs: int) -> None:
    rows = []
    for sessions in levels:
        server = ServerProcess("--ttl", "3600")
        try:
            idle = server.rss_mib()
            urls = asyncio.run(open_episodes("127.0.0.1", server.port, "AddEnv", sessions))
            opened = server.rss_mib()
            queue: mp.Queue = mp.Queue()
            start_at = time.time() + 0.5
            shards = [urls[i::procs] for i in range(procs) if urls[i::procs]]
            workers = [mp.Process(target=worker, args=("127.0.0.1", server.port, shard, calls, "Add", {"a": 1, "b": 2}, start_at, queue))
                       for shard in shards]
            for w in workers:
                w.start()
            results = [queue.get(timeout=600) for _ in workers]
            for w in workers:
                w.join()
            latencies = [x for lat, _ in results for x in lat]
            wall = max(t for _, t in results)
            _, p99 = stats(latencies)
            rows.append([str(sessions), f"{len(latencies) / wall:,.0f}", fmt_us(p99), f"{opened:,.1f}",
                         f"{(opened - idle) / sessions * 1024:,.0f} KiB"])
        finally:
            server.stop()
    table(f"2. HTTP, concurrent episodes ({calls} calls each, load from {procs} processes)",
          ["episodes", "tool calls/s", "p99 latency", "server RSS MiB", "RSS per episode"], rows)


# ---------------------------------------------------------------- 3. oracle rollouts


def rollout_section(sandboxed_envs: int) -> None:
    from codegym_mcp import sandbox

    names = [n for n in REGISTRY.names() if n != "AddEnv"]
    rows = []
    modes = (("in-process", False, None, names),
             ("sandboxed, fresh Python per episode", True, False, names[:sandboxed_envs]),
             ("sandboxed, forked from the zygote", True, True, names[:sandboxed_envs]))
    for label, use_sandbox, zygote, subset in modes:
        if zygote is not None:
            sandbox.ZYGOTE = zygote
            sandbox.POOL.drain()  # idle workers of the other kind must not serve this row
        t0 = time.perf_counter()
        steps = rollouts = 0
        for name in subset:
            entry = REGISTRY.entries[name]
            for task in entry.tasks:
                episode = entry.episode(task, sandbox=use_sandbox)
                try:
                    entry.run_oracle(task, episode.call)
                finally:
                    episode.close()
                assert episode.reward == 1.0, (name, task.id)
                steps += episode.steps
                rollouts += 1
        wall = time.perf_counter() - t0
        rows.append([label, str(len(subset)), str(rollouts), f"{rollouts / wall:,.1f}", f"{steps / wall:,.0f}", f"{wall:.2f} s"])
    table("3. Oracle rollouts over the library (frozen tasks)", ["mode", "envs", "rollouts", "rollouts/s", "tool calls/s", "wall"], rows)
    fresh, forked = float(rows[1][3].replace(",", "")), float(rows[2][3].replace(",", ""))
    print(f"\nsandboxed rollouts: the zygote is {forked / fresh:.1f}x faster than a fresh Python per episode")


# ---------------------------------------------------------------- 4. process-per-step baseline vs our sandbox


def _baseline_step(path: str, blob: bytes, tool: str, args: dict, conn) -> None:
    from codegym_mcp.registry import import_env_module

    import_env_module(Path(path))  # a spawned process must import the env code again, as the reference does
    env = pickle.loads(blob)
    env.call_tool(tool, args)
    conn.send_bytes(pickle.dumps(env))


def baseline_section(n: int) -> None:
    from codegym_mcp.registry import Registry

    entry = BS
    task = entry.resolve_task(seed=1, difficulty="hard")
    env = entry.env_cls()
    env.reset(task.config)
    rows = []
    for method in ("fork", "spawn"):
        ctx = mp.get_context(method)

        def step() -> None:
            nonlocal env
            parent, child = ctx.Pipe()
            p = ctx.Process(target=_baseline_step, args=(str(entry.path), pickle.dumps(env), "GetElement", {"index": 7}, child))
            p.start()
            env = pickle.loads(parent.recv_bytes())
            p.join()

        rows.append((f"process per step ({method})", timed(step, max(5, n // (10 if method == "spawn" else 1)))))
    untrusted = Registry().add_file(Path(entry.path), trusted=False)[0]
    episode = untrusted.episode(task)
    try:
        rows.append(("our sandbox worker (per call)", timed(lambda: episode.call("GetElement", {"index": 7}), n * 5)))
    finally:
        episode.close()
    inproc = entry.episode(task, max_steps=10**9)
    rows.append(("in-process (trusted)", timed(lambda: inproc.call("GetElement", {"index": 7}), n * 5)))
    ours = stats(rows[2][1])[0]
    direct = stats(rows[3][1])[0]
    table("4. Reference process-per-step design vs our sandbox", ["design", "median per step", "p99", "vs our sandbox"],
          [[label, fmt_us(stats(s)[0]), fmt_us(stats(s)[1]), f"{stats(s)[0] / ours:,.1f}x"] for label, s in rows])
    print(f"\nsandbox overhead over in-process: {fmt_us(ours - direct)} per call")


# ---------------------------------------------------------------- 6. kernel isolation of sandbox workers


def isolation_section(n: int) -> None:
    """The same untrusted env with the kernel isolation of workers off (Python guards only) and on."""
    from codegym_mcp import sandbox
    from codegym_mcp.registry import Registry

    untrusted = Registry().add_file(Path(BS.path), trusted=False)[0]
    task = BS.resolve_task(seed=1, difficulty="hard")
    rows, pool_size = {}, sandbox.POOL.size

    def fresh_zygote(isolation: str) -> dict[str, Any]:
        os.environ["CODEGYM_SANDBOX_ISOLATION"] = isolation
        sandbox.POOL.drain()
        if sandbox._ZYGOTE_PROC is not None:
            sandbox._ZYGOTE_PROC.close()
            sandbox._ZYGOTE_PROC = None
        return sandbox.isolation()

    def start_and_close() -> None:
        untrusted.episode(task).close()

    for label, isolation in (("Python guards only (before)", "0"), ("namespaces + seccomp", "1")):
        status = fresh_zygote(isolation)
        if isolation == "1" and not status["isolated"]:
            print(f"\n6. kernel isolation unavailable here, nothing to compare: {status['detail']}")
            os.environ.pop("CODEGYM_SANDBOX_ISOLATION", None)
            return
        sandbox.POOL.size = 0  # every episode forks its worker now: the true start cost
        cold = timed(start_and_close, n)
        sandbox.POOL.size = pool_size
        sandbox.POOL.drain()
        start_and_close()  # fills the pool
        time.sleep(1.0)
        warm = []
        for _ in range(n):
            warm += timed(start_and_close, 1)
            time.sleep(0.05)  # the pool refills between episodes, as it does between real requests
        episode = untrusted.episode(task)
        try:
            call = timed(lambda: episode.call("GetElement", {"index": 7}), n * 5)
        finally:
            episode.close()
        rows[label] = (cold, warm, call)
    os.environ.pop("CODEGYM_SANDBOX_ISOLATION", None)
    fresh_zygote("1")
    before = rows["Python guards only (before)"]
    table("6. Kernel isolation of sandbox workers: before vs after",
          ["workers", "episode start, no pool", "episode start, pooled", "per call", "per call p99"],
          [[label, fmt_us(stats(c)[0]), fmt_us(stats(w)[0]), fmt_us(stats(k)[0]), fmt_us(stats(k)[1])]
           for label, (c, w, k) in rows.items()])
    after = rows["namespaces + seccomp"]
    print(f"\nisolation costs {stats(after[0])[0] / stats(before[0])[0]:.2f}x per episode start without the pool, "
          f"{stats(after[1])[0] / stats(before[1])[0]:.2f}x with it, {stats(after[2])[0] / stats(before[2])[0]:.2f}x per call")


# ---------------------------------------------------------------- 5. logging


def logging_section(n: int) -> None:
    import tempfile

    from codegym_mcp.server import ServeOptions, open_episode, open_log

    async def run(store: Any) -> list[float]:
        live = open_episode(BS, BS.resolve_task(seed=1, difficulty="hard"), ServeOptions(max_steps=10**9), store)
        return await atimed(lambda: live.call("GetElement", {"index": 7}), n * 5)

    with tempfile.TemporaryDirectory() as tmp:
        off = asyncio.run(run(None))
        writer = open_log(str(Path(tmp) / "bench.db"))  # what `--log-db` uses: a batching writer thread
        on = asyncio.run(run(writer))
        writer.close()
        off2 = asyncio.run(run(None))
    base = min(stats(off)[0], stats(off2)[0])
    table("5. Server-side SQLite logging (LiveEpisode.call, BinarySearch.GetElement)", ["logging", "median", "p99", "overhead"],
          [["off", fmt_us(base), fmt_us(stats(off)[1]), "-"],
           ["on (--log-db)", fmt_us(stats(on)[0]), fmt_us(stats(on)[1]), f"{(stats(on)[0] / base - 1) * 100:+.0f}%"]])


# ---------------------------------------------------------------- 7. the harness, against the baseline code


BASELINE = "6d818d2"  # the commit issue #18 measured the harness at


def _workload(args: list[str], pythonpath: str | None = None) -> dict[str, Any]:
    """One harness_workload.py run in a fresh process (with PYTHONPATH: on that tree's code)."""
    env = {**os.environ, "PYTHONPATH": pythonpath} if pythonpath else os.environ.copy()
    out = subprocess.run([sys.executable, str(HERE / "harness_workload.py"), *args], capture_output=True, text=True,
                         env=env, cwd=pythonpath or str(HERE.parent), timeout=1800)
    if out.returncode != 0:
        raise RuntimeError(f"harness workload {args} failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    if pythonpath and not result["code"].startswith(pythonpath):
        raise RuntimeError(f"the baseline run imported {result['code']}, not {pythonpath}")
    return result


def _raw_oracle_rate(n_envs: int, tasks: int) -> float:
    """Tool calls/s of the same oracle episodes straight on Episode (section 3's in-process path)."""
    from agent_runners.plan import plan_episodes

    planned, _ = plan_episodes(REGISTRY, split="train", tasks_per_env=4)
    names = sorted(n for n in {s.env for s in planned} if sum(s.env == n for s in planned) >= 4 and n != "AddEnv")[:n_envs]
    specs = [s for s in planned if s.env in names]
    t0, steps = time.perf_counter(), 0
    for name in names:
        for spec in [s for s in specs if s.env == name][:tasks]:
            assert spec.entry is not None and spec.task is not None
            episode = spec.entry.episode(spec.task)
            try:
                spec.entry.run_oracle(spec.task, episode.call)
            finally:
                episode.close()
            steps += episode.steps
    return steps / (time.perf_counter() - t0)


def harness_section(n_envs: int, tasks: int, stdio_envs: int, stdio_tasks: int, rss_width: int, rss_episodes: int) -> None:
    """The oracle through the harness (memory, HTTP, stdio), and harness RSS with a fake model, new vs baseline."""
    import tempfile

    sys.path.insert(0, str(HERE.parent / "tests"))
    from scale_fakes import slow_llm_process

    tmp = tempfile.mkdtemp(prefix="codegym-baseline-")
    old = str(Path(tmp) / "tree")
    subprocess.run(["git", "-C", str(HERE.parent), "worktree", "add", "--detach", old, BASELINE], check=True,
                   capture_output=True)
    try:
        rows = []
        raw = _raw_oracle_rate(n_envs, tasks)
        for transport in ("memory", "http", "stdio"):
            size = (stdio_envs, stdio_tasks) if transport == "stdio" else (n_envs, tasks)
            args = ["oracle", transport, str(size[0]), str(size[1]), "8"]
            new, base = _workload(args), _workload(args, old)
            unit = "episodes/s" if transport == "stdio" else "calls/s"
            new_rate, old_rate = [(r["episodes"] if transport == "stdio" else r["tool_calls"]) / r["wall"] for r in (new, base)]
            rows.append([f"oracle over {transport}", f"{new['episodes']} ({new['errored']} errored)", unit,
                         f"{old_rate:,.1f}", f"{new_rate:,.1f}", f"{new_rate / old_rate:.1f}x",
                         "-" if transport == "stdio" else f"{raw / new_rate:,.0f}x"])
            if new["episodes"] != base["episodes"] or new["tool_calls"] != base["tool_calls"]:
                print(f"\nnote: {transport}: the trees played different workloads ({new} vs {base})")
        with slow_llm_process((1.0, 1.0)) as url:
            args = ["llm", "http", "0", str(rss_episodes), str(rss_width), url]
            new, base = _workload(args), _workload(args, old)
        rows.append([f"fake model, {rss_width} wide", f"{new['episodes']} ({new['errored']} errored)", "peak RSS MiB",
                     f"{base['rss_mib']:,.0f}", f"{new['rss_mib']:,.0f}", f"{new['rss_mib'] / base['rss_mib']:.2f}x", "-"])
        if new.get("child_rss_mib", 0) > 1:  # the hosted server ran in its own process: its memory counts too
            both = new["rss_mib"] + new["child_rss_mib"]
            rows.append([f"fake model, {rss_width} wide", "", "peak RSS MiB, harness + server child",
                         f"{base['rss_mib']:,.0f}", f"{both:,.0f}", f"{both / base['rss_mib']:.2f}x", "-"])
        rows.append([f"fake model, {rss_width} wide", "", "episodes/s", f"{base['episodes'] / base['wall']:,.1f}",
                     f"{new['episodes'] / new['wall']:,.1f}", f"{base['wall'] / new['wall']:.1f}x", "-"])
    finally:
        subprocess.run(["git", "-C", str(HERE.parent), "worktree", "remove", "--force", old], capture_output=True)
        subprocess.run(["rm", "-rf", tmp])
    table(f"7. The harness: oracle over {n_envs} train envs x {tasks} tasks (stdio: {stdio_envs} x {stdio_tasks}), "
          f"concurrency 8; a fake model answering in 1 s, {rss_episodes} episodes; baseline {BASELINE} vs this tree",
          ["workload", "episodes (this tree)", "unit", f"baseline {BASELINE}", "this tree", "new/old",
           "raw env rate / this tree"], rows)
    print(f"\nraw environment rate (in-process oracle on Episode, the same episodes): {raw:,.0f} tool calls/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small counts (smoke test)")
    parser.add_argument("--only", nargs="*", type=int, help="run only these sections")
    args = parser.parse_args()
    q = args.quick
    sections = {
        1: lambda: latency_section(30 if q else 300),
        2: lambda: concurrency_section([1, 8] if q else [1, 64, 256, 1024, 2048], 5 if q else 100, 1 if q else 2),
        3: lambda: rollout_section(2 if q else 10),
        4: lambda: baseline_section(5 if q else 40),
        5: lambda: logging_section(20 if q else 400),
        6: lambda: isolation_section(10 if q else 60),
        7: lambda: harness_section(3 if q else 20, 2 if q else 4, 1 if q else 20, 1 if q else 4, 32 if q else 256,
                                   64 if q else 512),
    }
    print(f"# codegym-mcp benchmarks ({'quick' if q else 'full'}; {os.cpu_count()} cores; python {sys.version.split()[0]})")
    for key, fn in sections.items():
        if not args.only or key in args.only:
            fn()


if __name__ == "__main__":
    main()
