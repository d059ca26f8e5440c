"""CPU per model request: httpx2 (sharded pools, as `chat.async_client` built them) against the lean HTTP/1.1
client (`http11.JsonClient`), side by side in one run, through the harness's request loop (`chat.apost_json`).

Both send the same two-turn Chat Completions body with two tools to `tests/scale_fakes.py` (its own process, so
its CPU is not counted), `--requests` requests per row with `--concurrency` in flight at once, and the endpoint
answering after `--delay` seconds (0: at once; a delay keeps that many connections open, where httpx2's pools
cost most). CPU is this process's (user + system) over the row, divided by the requests sent.

    python benchmarks/model_client.py                 # 64 wide at once, then 2,048 wide answering after 0.5-1 s
    python benchmarks/model_client.py --quick

A run on 2 CPUs (issue #18), with other work on the machine:

    endpoint delay in flight requests client        class  seconds   req/s CPU ms/req
             0-0 s        64     4000  httpx  AsyncClient      2.9    1377      0.726
             0-0 s        64     4000   lean   JsonClient      0.3   13815      0.072
      ratio httpx2/lean CPU per request: x10.0 (endpoint's peak in flight 24)
           0.5-1 s      2048     8192  httpx  AsyncClient     13.5     607      1.442
           0.5-1 s      2048     8192   lean   JsonClient      4.5    1822      0.215
      ratio httpx2/lean CPU per request: x6.7 (endpoint's peak in flight 2048)

With 2,048 requests in flight httpx2 cannot even send them as fast as the endpoint answers (607 requests/s where
2,048 every 0.75 s would be ~2,700/s); the lean client keeps up at a seventh of the CPU.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

import anyio

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from scale_fakes import fetch_stats, slow_llm_process  # noqa: E402

from codegym_mcp.chat import MODEL_CLIENT_VAR, Endpoint, RetryPolicy, apost_json, async_client  # noqa: E402

TOOLS = [{"type": "function", "function": {"name": name, "description": f"{name} the puzzle.",
                                           "parameters": {"type": "object", "properties": {"answer": {"type": "integer"}}}}}
         for name in ("Observe", "Done")]
BODY = {"model": "fake", "tools": TOOLS, "max_tokens": 512, "messages": [
    {"role": "system", "content": "Solve the task with the tools. " * 20},
    {"role": "user", "content": "Begin."},
    {"role": "assistant", "content": "", "tool_calls": [{"id": "call_1", "type": "function",
                                                        "function": {"name": "Observe", "arguments": "{}"}}]},
    {"role": "tool", "tool_call_id": "call_1", "content": "The array is [3, 1, 4, 1, 5, 9, 2, 6]."}]}


def row(client_kind: str, url: str, requests: int, concurrency: int) -> dict[str, Any]:
    """Send `requests` through `client_kind` ("httpx" or "lean"), `concurrency` at a time; CPU and wall time."""
    os.environ[MODEL_CLIENT_VAR] = client_kind
    endpoint = Endpoint("openai", "fake", url, "sk-bench", "OPENAI_API_KEY", "the benchmark")
    policy = RetryPolicy(attempts=1, timeout=60)

    async def main() -> str:
        client = async_client(endpoint, policy)
        left = iter(range(requests))

        async def worker() -> None:
            for _ in left:
                await apost_json(client, "/chat/completions", BODY, policy=policy, label="bench")

        try:
            async with anyio.create_task_group() as tg:
                for _ in range(concurrency):
                    tg.start_soon(worker)
        finally:
            await client.aclose()
        return type(client).__name__

    start, cpu = time.perf_counter(), time.process_time()
    used = anyio.run(main)
    cpu, seconds = time.process_time() - cpu, time.perf_counter() - start
    return {"client": client_kind, "class": used, "requests": requests, "concurrency": concurrency, "seconds": seconds,
            "cpu_ms_per_request": cpu * 1000 / requests, "requests_per_s": requests / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer requests")
    args = parser.parse_args()
    plans = [((0.0, 0.0), 64, 1000 if args.quick else 4000), ((0.5, 1.0), 2048, 2048 if args.quick else 8192)]
    print(f"model requests through chat.apost_json, {os.cpu_count()} CPUs; CPU of this process per request")
    print(f"{'endpoint delay':>14} {'in flight':>9} {'requests':>8} {'client':>6} {'class':>12} {'seconds':>8} {'req/s':>7} "
          f"{'CPU ms/req':>10}")
    for delay, concurrency, requests in plans:
        with slow_llm_process(delay) as url:
            for kind in ("httpx", "lean"):  # warm-up: lazy imports and first connections are not what we measure
                row(kind, url, 100, 10)
            rows = [row(kind, url, requests, concurrency) for kind in ("httpx", "lean")]
            peak = fetch_stats(url)["peak"]
        for r in rows:
            print(f"{f'{delay[0]:g}-{delay[1]:g} s':>14} {r['concurrency']:>9} {r['requests']:>8} {r['client']:>6} {r['class']:>12} "
                  f"{r['seconds']:>8.1f} {r['requests_per_s']:>7.0f} {r['cpu_ms_per_request']:>10.3f}")
        httpx, lean = rows
        print(f"  ratio httpx2/lean CPU per request: x{httpx['cpu_ms_per_request'] / lean['cpu_ms_per_request']:.1f} "
              f"(endpoint's peak in flight {peak})")


if __name__ == "__main__":
    main()
