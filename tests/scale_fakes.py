"""A slow fake OpenAI Chat Completions endpoint for concurrency tests and benchmarks: thousands of requests at once.

It answers after a random delay (asyncio.sleep, so waiting costs nothing) and plays a two-request episode:
the first reply calls Observe, the second calls Done with a fixed answer. It counts requests in flight and
their peak, readable at `GET /stats`. Plain asyncio (no framework): the fake must never be the bottleneck.

Run it as a process: `python tests/scale_fakes.py --delay 1 2`; it prints `PORT <n>` once listening.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

BACKLOG = 16384  # the kernel clips this to net.core.somaxconn; connections beyond wait in SYN retries, never refused


@dataclass
class SlowLLM:
    delay: tuple[float, float] = (1.0, 2.0)
    seed: int = 0
    in_flight: int = 0
    peak: int = 0
    requests: int = 0
    bad: int = 0  # requests we could not read: a harness bug if ever nonzero
    rng: random.Random = field(default_factory=random.Random)

    def __post_init__(self) -> None:
        self.rng.seed(self.seed)

    def reply(self, body: dict) -> dict:
        turns = sum(1 for m in body.get("messages", []) if m.get("role") == "assistant")
        call = ("Observe", {}) if turns == 0 else ("Done", {"answer": 0})
        self.requests += 1
        return {"id": f"chatcmpl-{self.requests}", "object": "chat.completion", "model": body.get("model", "fake"),
                "choices": [{"index": 0, "finish_reason": "tool_calls", "message": {
                    "role": "assistant", "content": None, "tool_calls": [{
                        "id": f"call_{self.requests}", "type": "function",
                        "function": {"name": call[0], "arguments": json.dumps(call[1])}}]}}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110}}

    def stats(self) -> dict:
        return {"in_flight": self.in_flight, "peak": self.peak, "requests": self.requests, "bad": self.bad}

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                request_line, *header_lines = head.decode("latin-1").split("\r\n")
                headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines if h)}
                raw = await reader.readexactly(int(headers.get("content-length", "0")))
                if request_line.startswith("GET /stats"):
                    payload = self.stats()
                elif request_line.startswith("POST") and request_line.split()[1].endswith("/chat/completions"):
                    self.in_flight += 1
                    self.peak = max(self.peak, self.in_flight)
                    try:
                        await asyncio.sleep(self.rng.uniform(*self.delay))
                        payload = self.reply(json.loads(raw))
                    finally:
                        self.in_flight -= 1
                else:
                    self.bad += 1
                    payload = {"error": f"no route {request_line!r}"}
                data = json.dumps(payload).encode()
                writer.write(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: %d\r\n\r\n%s" % (len(data), data))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass  # the client closed its keep-alive connection
        finally:
            writer.close()


async def serve(llm: SlowLLM, port: int) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    server = await asyncio.start_server(llm.handle, sock=sock, backlog=BACKLOG)
    print(f"PORT {sock.getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


@contextmanager
def slow_llm_process(delay: tuple[float, float], seed: int = 0) -> Iterator[str]:
    """Run the fake in its own process (its own CPU, so it never slows the harness); yields its base URL."""
    proc = subprocess.Popen([sys.executable, __file__, "--delay", str(delay[0]), str(delay[1]), "--seed", str(seed)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"the fake endpoint did not start: {line!r}")
        yield f"http://127.0.0.1:{int(line.split()[1])}/v1"
    finally:
        proc.terminate()
        proc.wait(10)


def fetch_stats(base_url: str) -> dict:
    import urllib.request

    with urllib.request.urlopen(base_url.rsplit("/v1", 1)[0] + "/stats", timeout=10) as response:
        return json.loads(response.read())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, nargs=2, default=(1.0, 2.0), metavar=("MIN", "MAX"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    llm = SlowLLM((args.delay[0], args.delay[1]), args.seed)
    try:
        import uvloop
    except ImportError:
        asyncio.run(serve(llm, args.port))
    else:
        uvloop.run(serve(llm, args.port))


if __name__ == "__main__":
    main()
