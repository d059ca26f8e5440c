"""HTTP under load with the sandbox on: N concurrent episodes of a file-served env, each played to the end by its
oracle over its own keep-alive connection; side by side with the same env in-process, and with the sandboxed run
again while slow clients hold sockets with partial requests. Memory of the server and of its worker processes.

    python benchmarks/http_sandbox_load.py              # 500 concurrent episodes (a few minutes on 2 cores)
    python benchmarks/http_sandbox_load.py --quick      # 40, a smoke run

The env is benchmarks/envs/add_env.py: once from CODEGYM_ENV_DIRS (trusted: in-process) and once, renamed, given
with `--file` (untrusted: one sandbox worker per episode). Each episode makes 26 calls (Observe, 12 x Get + Add,
Done) and must end with reward 1. Load comes from separate processes speaking the raw 2026-07-28 wire format.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("CODEGYM_ENV_DIRS", str(HERE / "envs"))

from bench import ServerProcess, fmt_us, table  # noqa: E402
from loadgen import Conn, call_body, call_headers  # noqa: E402


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], list(children.get(pid, []))
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory_mib(pid: int) -> tuple[float, float]:
    """(RSS, PSS) of one process in MiB; PSS splits pages shared with forked siblings fairly."""
    try:
        fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:])
    except OSError:
        return 0.0, 0.0
    return int(fields["Rss"].split()[0]) / 1024, int(fields["Pss"].split()[0]) / 1024


def snapshot(server: ServerProcess) -> dict[str, float]:
    rss, pss = memory_mib(server.proc.pid)
    kids = [memory_mib(p) for p in descendants(server.proc.pid)]
    return {"server_rss": rss, "server_pss": pss, "workers": len(kids), "workers_rss": sum(r for r, _ in kids),
            "workers_pss": sum(p for _, p in kids)}


async def create_all(port: int, env: str, n: int) -> list[str]:
    conns = [Conn("127.0.0.1", port) for _ in range(16)]
    urls: list[str] = []

    async def one(conn: Conn, seeds: range) -> None:
        for seed in seeds:
            status, body = await conn.request("POST", "/episodes", json.dumps({"env": env, "seed": seed}).encode())
            if status != 201:
                raise RuntimeError(f"create failed: {status} {body[:200]!r}")
            urls.append(json.loads(body)["url"])

    await asyncio.gather(*(one(c, range(i, n, 16)) for i, c in enumerate(conns)))
    return urls


async def play(port: int, urls: list[str]) -> tuple[list[float], int]:
    """Every episode plays the AddEnv oracle on its own connection, all at once; (latencies, failures)."""
    latencies: list[float] = []
    failures = 0

    async def call(conn: Conn, url: str, rid: int, name: str, args: dict) -> dict:
        nonlocal failures
        t0 = time.perf_counter()
        status, body = await conn.request("POST", url, call_body(rid, name, args), call_headers(name))
        latencies.append(time.perf_counter() - t0)
        reply = json.loads(body) if status == 200 else {}
        result = reply.get("result", {})
        if status != 200 or result.get("isError", True):
            failures += 1
        return result

    async def episode(url: str) -> None:
        nonlocal failures
        conn = Conn("127.0.0.1", port)
        await call(conn, url, 0, "Observe", {})
        total = 0
        for i in range(12):
            got = await call(conn, url, 1 + 2 * i, "Get", {"index": i})
            added = await call(conn, url, 2 + 2 * i, "Add", {"a": total, "b": got.get("structuredContent", {}).get("result", 0)})
            total = added.get("structuredContent", {}).get("result", 0)
        done = await call(conn, url, 99, "Done", {"answer": total})
        if "reward=1" not in done.get("content", [{}])[0].get("text", ""):
            failures += 1

    await asyncio.gather(*(episode(u) for u in urls))
    return latencies, failures


def play_process(port: int, urls: list[str], start_at: float, out) -> None:
    while time.time() < start_at:
        time.sleep(0.001)
    t0 = time.perf_counter()
    latencies, failures = asyncio.run(play(port, urls))
    out.put((latencies, failures, time.perf_counter() - t0))


async def hold_slow_clients(port: int, n: int, seconds: float) -> int:
    """n sockets that send half a request and stall; returns how many the server closed within `seconds`."""
    async def one(i: int) -> bool:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /episodes HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: 100\r\n\r\n{" if i % 2 else b"POST /epi")
        try:
            await asyncio.wait_for(reader.read(), seconds)
            return True
        except asyncio.TimeoutError:
            return False
        finally:
            writer.close()

    return sum(await asyncio.gather(*(one(i) for i in range(n))))


def slow_clients_process(port: int, n: int, seconds: float, out) -> None:
    out.put(asyncio.run(hold_slow_clients(port, n, seconds)))


def run(label: str, env: str, n: int, procs: int, server_args: list[str], slow: int = 0) -> tuple[list[str], dict]:
    server = ServerProcess("--ttl", "3600", "--max-steps", "1000", *server_args)
    try:
        idle = snapshot(server)
        t0 = time.perf_counter()
        urls = asyncio.run(create_all(server.port, env, n))
        created = time.perf_counter() - t0
        opened = snapshot(server)
        queue: mp.Queue = mp.Queue()
        slow_q: mp.Queue = mp.Queue()
        slowpoke = None
        if slow:  # slow clients arrive first and hold their sockets through the whole run
            slowpoke = mp.Process(target=slow_clients_process, args=(server.port, slow, 60.0, slow_q))
            slowpoke.start()
            time.sleep(1.0)
        start_at = time.time() + 0.5
        shards = [urls[i::procs] for i in range(procs)]
        workers = [mp.Process(target=play_process, args=(server.port, s, start_at, queue)) for s in shards if s]
        for w in workers:
            w.start()
        results = [queue.get(timeout=900) for _ in workers]
        for w in workers:
            w.join()
        peak = snapshot(server)
        closed = slow_q.get(timeout=120) if slowpoke is not None else 0
        if slowpoke is not None:
            slowpoke.join()
        latencies = sorted(x for lat, _, _ in results for x in lat)
        failures = sum(f for _, f, _ in results)
        wall = max(t for _, _, t in results)
        asyncio.run(delete_all(server.port, urls))
        time.sleep(1.0)
        after = snapshot(server)
    finally:
        server.stop()
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    row = [label, str(n), f"{n / created:,.0f}/s", f"{len(latencies) / wall:,.0f}", fmt_us(statistics.median(latencies)),
           fmt_us(p99), str(failures), f"{peak['server_rss']:,.0f}", f"{peak['workers']:.0f}",
           f"{peak['workers_rss']:,.0f} / {peak['workers_pss']:,.0f}",
           f"{(peak['workers_pss'] - idle['workers_pss']) / n * 1024:,.0f} KiB", f"{after['workers']:.0f}"]
    if slow:
        row[0] += f" + {slow} slow clients ({closed} closed by the server)"
    return row, {"idle": idle, "opened": opened, "peak": peak, "after": after, "failures": failures}


async def delete_all(port: int, urls: list[str]) -> None:
    conn = Conn("127.0.0.1", port)
    for url in urls:
        await conn.request("DELETE", url.removesuffix("/mcp"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--episodes", type=int, default=None)
    ap.add_argument("--procs", type=int, default=2, help="load-generating processes")
    args = ap.parse_args()
    n = args.episodes or (40 if args.quick else 500)
    with tempfile.TemporaryDirectory() as tmp:
        served = Path(tmp) / "file_add_env.py"  # the same env under another name, served as an untrusted file
        served.write_text((HERE / "envs" / "add_env.py").read_text().replace("class AddEnv(", "class FileAddEnv("))
        file_args = ["--file", str(served), "--request-timeout", "5"]
        rows, details = [], {}
        for label, env, extra, slow in (("in-process (trusted)", "AddEnv", [], 0),
                                        ("sandboxed (--file)", "FileAddEnv", file_args, 0),
                                        ("sandboxed (--file)", "FileAddEnv", file_args, 300 if not args.quick else 50)):
            row, detail = run(label, env, n, args.procs, extra, slow)
            rows.append(row)
            details[row[0]] = detail
    print(f"# HTTP load with the sandbox on ({os.cpu_count()} cores; python {sys.version.split()[0]})")
    table(f"HTTP, {n} concurrent episodes played to the end by their oracle (26 calls each, load from {args.procs} processes)",
          ["mode", "episodes", "created", "tool calls/s", "median", "p99", "failures", "server RSS MiB", "processes",
           "workers RSS / PSS MiB", "PSS per episode", "processes after close"], rows)
    base = float(rows[0][3].replace(",", ""))
    for row in rows[1:]:
        print(f"\n{row[0]}: {float(row[3].replace(',', '')) / base:.2f}x the in-process tool calls/s, {row[6]} failures")
    if any(d["failures"] for d in details.values()):
        raise SystemExit("failures under load")


if __name__ == "__main__":
    main()
