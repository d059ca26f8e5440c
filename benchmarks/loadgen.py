"""A lean HTTP/1.1 load generator for the MCP episode URLs (raw asyncio streams, keep-alive).

It speaks exactly what the official client sends for a 2026-07-28 `tools/call`, so the numbers measure
the server, not an HTTP client library. Run in its own processes by bench.py.
"""

from __future__ import annotations

import asyncio
import json
import time

META = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": {"name": "loadgen", "version": "0"},
        "io.modelcontextprotocol/clientCapabilities": {}}


class Conn:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = [f"{method} {path} HTTP/1.1", f"host: {self.host}:{self.port}", f"content-length: {len(body)}",
                "content-type: application/json", "accept: application/json, text/event-stream"]
        head += [f"{k}: {v}" for k, v in (headers or {}).items()]
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        assert self.reader is not None
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        chunked = False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            key, _, value = line.decode().partition(":")
            if key.lower() == "content-length":
                length = int(value)
            elif key.lower() == "transfer-encoding" and "chunked" in value:
                chunked = True
        if chunked:
            data = b""
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                chunk = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                data += chunk[:-2]
            return status, data
        return status, await self.reader.readexactly(length)


def call_body(rid: int, name: str, arguments: dict) -> bytes:
    return json.dumps({"jsonrpc": "2.0", "id": rid, "method": "tools/call",
                       "params": {"name": name, "arguments": arguments, "_meta": META}}).encode()


def call_headers(tool: str) -> dict[str, str]:
    return {"mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": tool}


async def open_episodes(host: str, port: int, env: str, n: int) -> list[str]:
    conn = Conn(host, port)
    urls = []
    for _ in range(n):
        status, body = await conn.request("POST", "/episodes", json.dumps({"env": env, "seed": 1}).encode())
        assert status == 201, body
        urls.append(json.loads(body)["url"])
    return urls


async def drive(host: str, port: int, urls: list[str], calls: int, tool: str, args: dict) -> list[float]:
    """One connection per episode, `calls` sequential tool calls each, all episodes concurrently."""
    latencies: list[float] = []
    failures = 0

    async def one(url: str) -> None:
        nonlocal failures
        conn = Conn(host, port)
        for i in range(calls):
            t0 = time.perf_counter()
            status, body = await conn.request("POST", url, call_body(i, tool, args), call_headers(tool))
            latencies.append(time.perf_counter() - t0)
            if status != 200 or b'"isError":true' in body or b'"error"' in body:
                failures += 1

    await asyncio.gather(*(one(u) for u in urls))
    if failures:
        raise RuntimeError(f"{failures} failed calls")
    return latencies


def worker(host: str, port: int, urls: list[str], calls: int, tool: str, args: dict, start_at: float, out) -> None:
    """Process entry: wait for the common start time, drive the episodes, send back latencies."""
    while time.time() < start_at:
        time.sleep(0.001)
    t0 = time.perf_counter()
    lat = asyncio.run(drive(host, port, urls, calls, tool, args))
    out.put((lat, time.perf_counter() - t0))
