"""The HTTP front: malformed input is a 4xx with a reason (never a 500, never a closed keep-alive connection),
stalled clients are closed, connections are capped, Origin and Host are compared exactly; and a bounded fuzz run
against a real `codegym-mcp serve --transport http --log-db` process on 127.0.0.1 with a healthy episode alongside.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import anyio
import pytest

from codegym_mcp.httpfront import BadRequest, OriginRule, parse_json_body
from codegym_mcp.server import http_app
from codegym_mcp.store import Store

from .conftest import free_port, oracle_calls

MODERN = "2026-07-28"
META = {"io.modelcontextprotocol/protocolVersion": MODERN, "io.modelcontextprotocol/clientCapabilities": {}}
ACCEPT = b"application/json, text/event-stream"


# ---------------------------------------------------------------- a raw HTTP/1.1 client (sends bytes exactly as given)


def request(method: str, path: str, body: bytes = b"", headers: list[tuple[bytes, bytes]] | None = None, *,
            host: bytes = b"127.0.0.1", length: bool = True, version: bytes = b"HTTP/1.1") -> bytes:
    lines = [method.encode() + b" " + path.encode("latin-1") + b" " + version]
    if host:
        lines.append(b"host: " + host)
    lines += [k + b": " + v for k, v in (headers or [])]
    if length:
        lines.append(b"content-length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


class Conn:
    """One keep-alive connection; `exchange` sends a request and reads one response (status, headers, body)."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.opened = 0

    async def exchange(self, data: bytes, *, head_only: bool = False, timeout: float = 15) -> tuple[int, dict, bytes] | None:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
            self.opened += 1
        assert self.reader is not None
        self.writer.write(data)
        try:
            reply = await asyncio.wait_for(read_response(self.reader, head_only), timeout)
        except (ConnectionError, asyncio.IncompleteReadError):
            reply = None
        if reply is None or reply[1].get("connection") == "close":
            self.close()
        return reply

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def read_response(reader: asyncio.StreamReader, head_only: bool = False) -> tuple[int, dict, bytes] | None:
    while True:
        line = await reader.readline()
        if not line:
            return None  # closed without an answer
        status = int(line.split()[1])
        headers: dict[str, str] = {}
        while (h := await reader.readline()) not in (b"\r\n", b""):
            k, _, v = h.decode("latin-1").partition(":")
            headers[k.strip().lower()] = v.strip()
        if status >= 200:
            break
    if head_only or status in (204, 304):
        return status, headers, b""
    if "content-length" in headers:
        return status, headers, await reader.readexactly(int(headers["content-length"]))
    if "chunked" in headers.get("transfer-encoding", ""):
        body = b""
        while size := int((await reader.readline()).strip(), 16):
            body += (await reader.readexactly(size + 2))[:-2]
        await reader.readline()
        return status, headers, body
    if headers.get("content-type", "").startswith("text/event-stream"):
        headers["connection"] = "close"  # an open stream: we have our answer
        return status, headers, b""
    return status, headers, await reader.read()


def tool_call(url: str, name: str, arguments: dict, rid: int = 1) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", "id": rid, "method": "tools/call",
                       "params": {"name": name, "arguments": arguments, "_meta": META}}).encode()
    return request("POST", url, body, [(b"content-type", b"application/json"), (b"accept", ACCEPT),
                                       (b"mcp-protocol-version", MODERN.encode()), (b"mcp-method", b"tools/call"),
                                       (b"mcp-name", name.encode())])


def create(body: Any) -> bytes:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return request("POST", "/episodes", raw, [(b"content-type", b"application/json")])


# ---------------------------------------------------------------- pure pieces


def test_origin_and_host_are_compared_exactly():
    rule = OriginRule(["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*", "https://app.example"],
                      ["127.0.0.1:*", "localhost:*", "[::1]:*", "127.0.0.1", "localhost"])
    for ok in ("http://127.0.0.1:5173", "http://localhost:8000", "http://[::1]:1", "http://127.0.0.1", "HTTP://LOCALHOST:3000",
               "https://app.example", "https://app.example:443"):
        assert rule.origin_ok(ok), ok
    for bad in ("http://127.0.0.1:80@evil.example", "http://localhost:evil.example", "http://localhost.evil.example",
                "http://127.0.0.1.evil.example:80", "https://127.0.0.1:5173", "http://127.0.0.1:5173/path", "null", "",
                "http://127.0.0.1:99999", "http://evil.example#http://127.0.0.1:1", "https://app.example:8443",
                "http://app.example", "http://127.0.0.1:5173\x00", "http://[::1]:1@evil", "file://", "http://"):
        assert not rule.origin_ok(bad), bad
    for ok in ("127.0.0.1:8000", "localhost", "LOCALHOST:1", "[::1]:9"):
        assert rule.host_ok(ok), ok
    for bad in ("127.0.0.1:80@evil.example", "localhost:evil", "evil.example", "127.0.0.1.evil.example", "", "127.0.0.1:",
                "localhost:8000:1", "127.0.0.1 :8000"):
        assert not rule.host_ok(bad), bad
    assert OriginRule(["http://127.0.0.1:*"], None).host_ok("anything.example")  # no host rule on a public bind
    with pytest.raises(ValueError, match="not an origin"):
        OriginRule(["127.0.0.1:*"])


def test_json_bodies_are_parsed_with_reasons():
    assert parse_json_body(b'{"env": "X"}') == {"env": "X"}
    assert parse_json_body(b"  ", default={}) == {}
    cases = {b"\xff\xfe{}": "not UTF-8", '{"env": "X"}'.encode("utf-16"): "not UTF-8", b'{"env": "\xe9"}': "not UTF-8",
             b"[" * 100_000 + b"]" * 100_000: "deeper than", b"[" * 65 + b"]" * 65: "deeper than",
             b'{"seed": ' + b"9" * 5000 + b"}": "not valid JSON", b"{not json": "not valid JSON"}
    for body, reason in cases.items():
        with pytest.raises(BadRequest, match=reason):
            parse_json_body(body)
    assert parse_json_body(b"[" * 64 + b"]" * 64) is not None  # the limit itself is fine


# ---------------------------------------------------------------- in-process server: each malformed input, exactly


BAD_CREATES: list[tuple[bytes | dict, int, str]] = [
    (b"[" * 100_000 + b"]" * 100_000, 400, "deeper than"),
    (b'{"env": "BinarySearchEnv", "task": ' + b'{"a":' * 5000 + b"1" + b"}" * 5001, 400, "deeper than"),
    (b'\xff\xfe{"env": 1}', 400, "not UTF-8"),
    (b'{"env": "Bin\xe9"}', 400, "not UTF-8"),
    ({"env": "BinarySearchEnv", "task": "{" + "(" * 5000 + ")" * 5000 + "}"}, 400, "nested parentheses"),
    ({"env": "BinarySearchEnv", "task": "{'a': " + "1+" * 100_000 + "1}"}, 400, "task not understood"),
    ({"env": "BinarySearchEnv", "task": "{'a': " + "-" * 100_000 + "1}"}, 400, "task not understood"),
    ({"env": "BinarySearchEnv", "task": "{'a': " + "1if 1 else " * 10_000 + "1}"}, 400, "task not understood"),
    (b'{"env": "BinarySearchEnv", "seed": ' + b"9" * 5000 + b"}", 400, "not valid JSON"),
    ({"env": "BinarySearchEnv", "seed": "9" * 4000}, 400, "at most 30 digits"),
    ({"env": "BinarySearchEnv", "seed": 10**40}, 400, "at most 30 digits"),
    ({"env": "BinarySearchEnv", "seed": "--5"}, 400, "seed must be"),
    ({"env": "BinarySearchEnv", "seed": "\uff15"}, 400, "seed must be"),  # a fullwidth digit
    ({"env": "BinarySearchEnv", "seed": 1, "difficulty": {"x": 1}}, 400, "difficulty"),
    ({"env": "BinarySearchEnv", "task": {"nums": "x"}}, 400, "bad task config"),
    ({"env": ["a"]}, 404, "unknown environment"),
    (b"[]", 400, "JSON object"),
]


@pytest.mark.anyio
async def test_malformed_creates_are_4xx_with_reasons_on_one_keep_alive_connection(http_server, caplog):
    port = int(http_server(http_app()).rsplit(":", 1)[1])
    conn = Conn(port)
    with anyio.fail_after(60), caplog.at_level(logging.WARNING):
        for body, status, reason in BAD_CREATES:
            reply = await conn.exchange(create(body))
            assert reply is not None and reply[0] == status and reason in json.loads(reply[2])["error"], (str(body)[:60], reply)
        ok = await conn.exchange(create({"env": "BinarySearchEnv", "seed": "123456789012345678901234567890"}))
        assert ok is not None and ok[0] == 201
        url = json.loads(ok[2])["url"]
        for query in ("seed=" + "9" * 5000, "seed=%ff", "task=" + "(" * 5000, "task=" + quote("{'a':" + "1+" * 5000 + "1}")):
            init = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
                "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "0"}}}
            reply = await conn.exchange(request("POST", f"/envs/BinarySearchEnv/mcp?{query}", json.dumps(init).encode(),
                                                [(b"content-type", b"application/json"), (b"accept", ACCEPT)]))
            assert reply is not None and reply[0] == 200 and b'"code":-32602' in reply[2], (query[:30], reply)
        reply = await conn.exchange(tool_call(url, "GetLength", {}))
        assert reply is not None and json.loads(reply[2])["result"]["isError"] is False
    assert conn.opened == 1  # every answer kept the connection open
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage()[:200] for r in caplog.records]


@pytest.mark.anyio
async def test_bypassing_origins_and_duplicate_headers_are_refused(http_server):
    port = int(http_server(http_app()).rsplit(":", 1)[1])
    conn = Conn(port)
    with anyio.fail_after(30):
        for origin, status in ((b"http://127.0.0.1:80@evil.example", 403), (b"http://localhost:evil.example", 403),
                               (b"http://127.0.0.1:5173", 201), (b"null", 403)):
            reply = await conn.exchange(request("POST", "/episodes", b'{"env": "BinarySearchEnv"}', [(b"origin", origin)]))
            assert reply is not None and reply[0] == status, (origin, reply)
        for host in (b"127.0.0.1:80@evil.example", b"localhost:evil.example"):
            reply = await conn.exchange(request("GET", "/healthz", host=host))
            assert reply is not None and reply[0] == 421, (host, reply)
        reply = await conn.exchange(request("GET", "/healthz", headers=[(b"host", b"evil.example")]))
        assert reply is not None and reply[0] == 400 and b"more than one host" in reply[2]


# ---------------------------------------------------------------- a real server process: fuzz, stalls, connection cap


class ServerProcess:
    def __init__(self, tmp: Path, *extra: str):
        self.port = free_port()
        self.db = tmp / "fuzz.db"
        self.err_path = tmp / "server.err"
        self.stderr = open(self.err_path, "wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "codegym_mcp.cli", "serve", "--transport", "http", "--port",
                                      str(self.port), "--log-db", str(self.db), "--max-steps", "100000", *extra],
                                     stdout=subprocess.DEVNULL, stderr=self.stderr, env={**os.environ})

    async def wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                reply = await Conn(self.port).exchange(request("GET", "/healthz"), timeout=5)
                if reply is not None and reply[0] == 200:
                    return
            except OSError:
                pass
            await anyio.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.log()[-2000:]}")

    def log(self) -> str:
        return self.err_path.read_text(errors="replace")

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # a graceful stop drains the log writer
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.stderr.close()
        return self.proc.returncode


def deep(n: int, kind: str = "[") -> bytes:
    return (b"[" * n + b"]" * n) if kind == "[" else (b'{"a":' * n + b"1" + b"}" * n)


def task_strings(rng: random.Random) -> str:
    n = rng.choice([150, 250, 5000, 100_000])
    return rng.choice(["{" + "(" * n + ")" * n + "}", "{'a': " + "[" * n + "]" * n + "}", "{'a': " + "1+" * n + "1}",
                       "{'a': " + "-" * n + "1}", "{'a': " + "not " * n + "1}", "X@{'a': " + "[" * n + "]" * n + "}",
                       "{'a': " + "1if 1 else " * min(n, 20_000) + "1}", "{'a': " + "{1:" * n + "1" + "}" * n + "}",
                       "{" * n, "\x00" * 10, "\ud800", "train-" + "9" * n, "X@", "@", "{'a': 1e99999}", "{1: 2}"])


def bad_body(rng: random.Random) -> bytes:
    kind = rng.randrange(9)
    if kind == 0:
        return deep(rng.choice([65, 500, 5000, 50_000]), rng.choice("[{"))
    if kind == 1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 200)))
    if kind == 2:
        return json.dumps({"env": "BinarySearchEnv", "task": "é"}).encode(rng.choice(["utf-16", "utf-32", "latin-1", "cp1252"]))
    if kind == 3:
        good = json.dumps({"env": "BinarySearchEnv", "seed": 3, "difficulty": "easy"}).encode()
        return good[:rng.randrange(len(good))]
    if kind == 4:
        good = bytearray(json.dumps({"env": "BinarySearchEnv", "task": "train-001"}).encode())
        good[rng.randrange(len(good))] = rng.randrange(256)
        return bytes(good)
    if kind == 5:
        return rng.choice([b"", b" ", b"null", b"[]", b'"s"', b"0", b"{}", b"NaN", b'{"env": null}', b"\xef\xbb\xbf{}"])
    fields: dict[str, Any] = {"env": rng.choice(["BinarySearchEnv", "BinarySearchEnv", None, 5, [], {}, "x" * 10_000, "\ud800", "\x00"])}
    if kind in (6, 8):
        fields["task"] = rng.choice([task_strings(rng), 5, ["x"], {"nums": "x"}, {"": {"": [[]]}}, None, True])
    if kind in (7, 8):
        fields["seed"] = rng.choice(["9" * rng.choice([31, 4000]), -(10**40), 1e999, "1e5", "\uff15", True, [], {}, "-", ""])
        fields["difficulty"] = rng.choice(["easy", "insane", {"x": 1}, "\x00", None])
    raw = json.dumps(fields).encode()
    return raw.replace(b"1e+999", b"1e999") if rng.random() < 0.5 else raw.replace(b'"9999', b"9999").replace(b'9"', b"9")


def bad_frame(rng: random.Random) -> bytes:
    good = {"jsonrpc": "2.0", "id": rng.randrange(10**6), "method": "tools/call",
            "params": {"name": rng.choice(["GetLength", "Observe", "NoSuch", "x" * 1000]), "arguments": {}, "_meta": META}}
    kind = rng.randrange(6)
    if kind == 0:
        return bad_body(rng)
    if kind == 1:
        good["params"]["arguments"] = json.loads(deep(rng.choice([10, 60]), "{"))  # deep but legal
    elif kind == 2:
        good[rng.choice(["jsonrpc", "id", "method", "params"])] = rng.choice([None, [], {}, "\ud800", 10**30, 1.5, "x"])
    elif kind == 3:
        good["params"]["_meta"] = rng.choice([None, [], {"io.modelcontextprotocol/protocolVersion": "1999-01-01"}])
    elif kind == 4:
        good["method"] = rng.choice(["initialize", "server/discover", "tools/list", "resources/read", "prompts/get", "ping"])
    raw = json.dumps(good).encode()
    if kind == 5:
        raw = raw[:rng.randrange(len(raw))]
    return raw


JUNK_HEADER = [b"\xff\xfe", b"\x80abc", "é".encode(), b"x" * 2000, b"", b" ", b"2026-07-28, 2025-11-25", b"\x7f"]


def fuzz_requests(rng: random.Random, victim: str, n: int) -> list[tuple[bytes, bool, bool]]:
    """(raw request, needs a fresh connection, HEAD) for n malformed requests of every kind."""
    out: list[tuple[bytes, bool, bool]] = []
    while len(out) < n:
        kind = rng.randrange(7)
        if kind == 0:  # POST /episodes bodies
            out.append((create(bad_body(rng)), False, False))
        elif kind == 1:  # /envs/NAME/mcp?...
            env = rng.choice(["BinarySearchEnv", "NoSuchEnv", "%00", "..%2f..", "%ff", "a" * 3000])
            query = rng.choice(["seed=" + "9" * rng.choice([31, 5000]), "seed=%ff", "seed=-", "task=" + "(" * 300,
                                "task=%ff%fe", "difficulty=%00&seed=1", "task=" + quote("X@{'a':" + "[" * 300 + "}"), "=&&=&seed",
                                "seed=1&seed=2", "task=" + quote("{'a':" + "1+" * 5000 + "1}")])
            init = {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
                "protocolVersion": rng.choice(["2025-11-25", "2025-03-26", "1999-01-01", MODERN]), "capabilities": {},
                "clientInfo": {"name": "fuzz", "version": "0"}}}
            body = json.dumps(init).encode() if rng.random() < 0.6 else bad_frame(rng)
            out.append((request("POST", f"/envs/{env}/mcp?{query}", body, [(b"content-type", b"application/json"),
                                                                          (b"accept", ACCEPT)]), False, False))
        elif kind == 2:  # the episode URL, with malformed bodies and routing headers
            headers = [(b"content-type", rng.choice([b"application/json", b"text/plain", rng.choice(JUNK_HEADER)])),
                       (b"accept", rng.choice([ACCEPT, b"application/json", rng.choice(JUNK_HEADER)])),
                       (b"mcp-protocol-version", rng.choice([MODERN.encode(), b"2025-11-25", rng.choice(JUNK_HEADER)])),
                       (b"mcp-method", rng.choice([b"tools/call", rng.choice(JUNK_HEADER)])),
                       (b"mcp-name", rng.choice([b"GetLength", rng.choice(JUNK_HEADER)]))]
            if rng.random() < 0.2:
                headers.append(rng.choice(headers))  # a duplicated header
            if rng.random() < 0.2:
                headers.append((b"mcp-session-id", rng.choice(JUNK_HEADER)))
            url = victim if rng.random() < 0.8 else rng.choice(["/episodes/x/mcp", "/episodes/%00/mcp", "/episodes/" + "é" * 50 + "/mcp"])
            method = rng.choice(["POST", "POST", "POST", "GET", "DELETE"])
            out.append((request(method, url, bad_frame(rng) if method == "POST" else b"", headers), False, False))
        elif kind == 3:  # other routes and methods
            method = rng.choice(["GET", "DELETE", "PATCH", "PUT", "OPTIONS", "HEAD", "PROPFIND", "get"])
            path = rng.choice(["/episodes/" + "x" * rng.randrange(1, 3000), "/episodes/%00", "/episodes/%zz", "/episodes/%ff%fe",
                               "/envs", "/healthz", "/nope", "/" + "a/" * 1000, "/episodes", "http://evil.example/healthz",
                               "*", "/envs/%2e%2e/mcp", "/episodes/x/mcp/extra", "/healthz?" + "a=b&" * 2000])
            out.append((request(method, path), False, method == "HEAD"))
        elif kind == 4:  # header values: origins, hosts, duplicates, odd bytes, many headers
            choice = rng.randrange(6)
            if choice == 0:
                origin = rng.choice([b"http://127.0.0.1:80@evil.example", b"http://localhost:evil.example", b"null", b"",
                                     b"http://127.0.0.1:5173", b"http://[::1]:1@evil", b"\xff", b"http://127.0.0.1:99999"])
                out.append((request("POST", "/episodes", b'{"env": "BinarySearchEnv"}', [(b"origin", origin)]), False, False))
            elif choice == 1:
                host = rng.choice([b"127.0.0.1:80@evil.example", b"localhost:evil.example", b"evil.example", b"\xff", b""])
                out.append((request("GET", "/healthz", host=host), False, False))
            elif choice == 2:
                name = rng.choice([b"host", b"origin", b"authorization", b"content-type"])
                out.append((request("GET", "/healthz", headers=[(name, b"http://127.0.0.1:1"), (name, b"http://127.0.0.1:2")]), False, False))
            elif choice == 3:
                out.append((request("GET", "/envs", headers=[(b"x-%d" % i, b"v") for i in range(rng.choice([100, 2000]))]), False, False))
            elif choice == 4:
                out.append((request("POST", "/episodes", b'{"env": "BinarySearchEnv"}',
                                    [(b"authorization", rng.choice(JUNK_HEADER)), (b"content-type", rng.choice(JUNK_HEADER))]), False, False))
            else:
                out.append((request("POST", "/episodes", b'{"env": "BinarySearchEnv", "seed": 2}', [(b"expect", b"100-continue")]), False, False))
        elif kind == 5:  # framing the parser must refuse (each on its own connection: the stream is not trusted after)
            out.append((rng.choice([
                b"GARBAGE\r\n\r\n", b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", b"GET /healthz HTTP/9.9\r\nhost: 127.0.0.1\r\n\r\n",
                b"GET /healthz\r\n\r\n", b"\x00\x01\x02\r\n\r\n", bytes(rng.randrange(256) for _ in range(64)) + b"\r\n\r\n",
                b"POST /episodes HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: -1\r\n\r\n",
                b"POST /episodes HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-length: abc\r\n\r\n",
                b"POST /episodes HTTP/1.1\r\nhost: 127.0.0.1\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                b"POST /episodes HTTP/1.1\r\nhost: 127.0.0.1\r\ntransfer-encoding: chunked\r\ncontent-length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n",
                b"POST /episodes HTTP/1.1\r\nhost: 127.0.0.1\r\ntransfer-encoding: chunked\r\n\r\n1a\r\n"
                + b'{"env": "BinarySearchEnv"}' + b"\r\n0\r\n\r\n",
                b"GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nbad header\r\n\r\n",
                b"GET /healthz HTTP/1.1\r\nhost: 127.0.0.1\r\nx: a\x00b\r\n\r\n",
            ]), True, False))
        else:  # HTTP/1.0, and a body over the size cap
            if rng.random() < 0.9:
                out.append((request("POST", "/episodes", bad_body(rng), version=b"HTTP/1.0"), True, False))
            else:
                out.append((create(b'{"env": "BinarySearchEnv", "task": "' + b"x" * (1 << 20) + b'"}'), False, False))
    return out


STALLS = {  # partial requests held open: every one must be closed by the server
    "head": request("POST", "/episodes", b'{"env": "BinarySearchEnv"}')[:30],
    "body": request("POST", "/episodes", b'{"env": "BinarySearchEnv"}' + b" " * 100)[:-80],
    "mcp body": tool_call("/episodes/x/mcp", "GetLength", {})[:-20],
    "idle": b"",
}


@pytest.mark.anyio
async def test_fuzz_a_live_server_with_a_healthy_episode_alongside(tmp_path):
    timeout = 2.0
    server = ServerProcess(tmp_path, "--request-timeout", str(timeout), "--max-connections", "1000")
    try:
        with anyio.fail_after(150):
            await server.wait_ready()
            port = server.port
            admin = Conn(port)
            healthy = json.loads((await admin.exchange(create({"env": "BinarySearchEnv", "task": "train-000"})))[2])
            victim = json.loads((await admin.exchange(create({"env": "BinarySearchEnv", "task": "train-001"})))[2])["url"]
            plan = oracle_calls("BinarySearchEnv", "train-000")
            done = asyncio.Event()
            healthy_failures: list[Any] = []
            healthy_calls = 0

            async def play_healthy() -> None:  # keeps calling throughout, then finishes the oracle's plan
                nonlocal healthy_calls
                conn = Conn(port)
                steps = iter(plan[:-1])
                while not done.is_set():
                    name, args = next(steps, ("GetLength", {}))
                    reply = await conn.exchange(tool_call(healthy["url"], name, args, healthy_calls), timeout=30)
                    healthy_calls += 1
                    if reply is None or reply[0] != 200 or json.loads(reply[2])["result"]["isError"]:
                        healthy_failures.append(reply)
                    await asyncio.sleep(0.02)
                for name, args in [*steps, plan[-1]]:
                    reply = await conn.exchange(tool_call(healthy["url"], name, args, healthy_calls), timeout=30)
                    healthy_calls += 1
                    if reply is None or reply[0] != 200 or json.loads(reply[2])["result"]["isError"]:
                        healthy_failures.append(reply)

            rng = random.Random(16)
            cases = fuzz_requests(rng, victim, 3000)
            statuses: dict[int, int] = {}
            bad: list[Any] = []

            async def fuzz_worker(share: list[tuple[bytes, bool, bool]]) -> None:
                conn = Conn(port)
                for raw, fresh, head in share:
                    if fresh:
                        conn.close()
                    try:
                        reply = await conn.exchange(raw, head_only=head, timeout=20)
                    except OSError as exc:  # refused or reset: the server must never do that to a well-behaved client
                        reply = None
                        bad.append(("os error", raw[:80], repr(exc)))
                    if reply is None:
                        bad.append(("no answer", raw[:80]))
                        continue
                    statuses[reply[0]] = statuses.get(reply[0], 0) + 1
                    if reply[0] >= 500:
                        bad.append((reply[0], raw[:120], reply[2][:200]))
                    if fresh:
                        conn.close()
                conn.close()

            async def stall(kind: str) -> float:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(STALLS[kind])
                t0 = time.monotonic()
                await asyncio.wait_for(reader.read(), timeout + 10)  # EOF (maybe after a 408) or TimeoutError
                writer.close()
                return time.monotonic() - t0

            t0 = time.monotonic()
            healthy_task = asyncio.create_task(play_healthy())
            stalls = [asyncio.create_task(stall(k)) for k in ["head"] * 100 + ["body"] * 100 + ["mcp body"] * 50 + ["idle"] * 50]
            await asyncio.gather(*(fuzz_worker(cases[i::16]) for i in range(16)))
            held = await asyncio.gather(*stalls, return_exceptions=True)
            fuzz_seconds = time.monotonic() - t0
            done.set()
            await healthy_task
            final = await Conn(port).exchange(request("GET", f"/episodes/{healthy['episode_id']}"))
            health = await Conn(port).exchange(request("GET", "/healthz"))
        alive = server.proc.poll() is None
    finally:
        code = server.stop()
    log = server.log()
    assert alive and health is not None and health[0] == 200, log[-3000:]
    assert bad == [], (len(bad), bad[:5])
    assert sum(statuses.values()) == 3000 and all(s < 500 for s in statuses), statuses
    assert statuses.get(400, 0) > 1000  # the malformed requests were seen as such, not accepted
    assert all(isinstance(h, float) and h < timeout + 5 for h in held), [h for h in held if not isinstance(h, float)][:3]
    assert healthy_failures == [] and healthy_calls > len(plan)
    state = json.loads(final[2])
    assert state["terminated"] and state["reward"] == 1.0 and state["steps"] == healthy_calls
    assert "Traceback" not in log and "Exception in ASGI" not in log, log[-3000:]
    assert code in (0, -signal.SIGTERM)  # uvicorn re-raises the signal after its graceful shutdown
    row = Store(server.db).episode(healthy["episode_id"])  # the log db kept up with it all
    assert (row["status"], row["steps"], row["reward"]) == ("terminated", healthy_calls, 1.0)
    print(f"fuzz: 3000 requests and 300 stalled sockets in {fuzz_seconds:.1f}s; statuses {sorted(statuses.items())}")


@pytest.mark.anyio
async def test_connection_cap_refuses_then_recovers_when_stalled_sockets_are_closed(tmp_path):
    server = ServerProcess(tmp_path, "--request-timeout", "1.5", "--max-connections", "20")
    try:
        with anyio.fail_after(90):
            await server.wait_ready()
            await anyio.sleep(0.5)  # the readiness probe's connection is gone
            held = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(20)]
            for _, writer in held:
                writer.write(b"POST /episodes HTTP/1.1\r\n")
            await anyio.sleep(0.2)
            refused = await Conn(server.port).exchange(request("GET", "/healthz"))
            assert refused is not None and refused[0] == 503 and refused[1].get("retry-after") == "1"
            for reader, _ in held:  # the deadline frees every slot
                assert b"408" in await asyncio.wait_for(reader.read(), 10)
            await anyio.sleep(0.2)
            ok = await Conn(server.port).exchange(request("GET", "/healthz"))
            assert ok is not None and ok[0] == 200
            big = await Conn(server.port).exchange(request("GET", "/healthz", headers=[(b"x-big", b"a" * 100_000)]))
            assert big is not None and big[0] == 431
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)  # never sends a byte
            t0 = time.monotonic()
            assert await asyncio.wait_for(reader.read(), 10) == b"" and 1.0 < time.monotonic() - t0 < 6
            writer.close()
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)  # stalls inside its body
            writer.write(STALLS["body"])
            answer = await asyncio.wait_for(reader.read(), 10)
            assert answer.startswith(b"HTTP/1.1 408") and b"not received within 1.5s" in answer
            writer.close()
    finally:
        server.stop()
    assert "Traceback" not in server.log()


@pytest.mark.anyio
async def test_concurrent_sandboxed_episodes_of_a_file_over_http(http_server, tmp_path):
    """A small version of benchmarks/http_sandbox_load.py: every episode in its own worker, played to reward 1 at once."""
    from codegym_mcp.registry import Registry

    source = Path(__file__).parent.parent / "benchmarks" / "envs" / "add_env.py"
    served = tmp_path / "file_add_env.py"
    served.write_text(source.read_text().replace("class AddEnv(", "class FileAddEnv("))
    registry = Registry()
    registry.add_file(served, trusted=False)
    app = http_app(registry)
    port = int(http_server(app).rsplit(":", 1)[1])
    n = 20

    async def play(seed: int) -> str:
        conn = Conn(port)
        created = await conn.exchange(create({"env": "FileAddEnv", "seed": seed}), timeout=60)
        assert created is not None and created[0] == 201, created
        url = json.loads(created[2])["url"]
        total = 0
        for i in range(12):
            got = json.loads((await conn.exchange(tool_call(url, "Get", {"index": i}), timeout=30))[2])["result"]
            added = json.loads((await conn.exchange(tool_call(url, "Add", {"a": total, "b": got["structuredContent"]["result"]}),
                                                    timeout=30))[2])["result"]
            total = added["structuredContent"]["result"]
        done = json.loads((await conn.exchange(tool_call(url, "Done", {"answer": total}), timeout=30))[2])["result"]
        gone = await conn.exchange(request("DELETE", url.removesuffix("/mcp")))
        assert gone is not None and gone[0] == 204
        return done["content"][0]["text"]

    with anyio.fail_after(120):
        texts = await asyncio.gather(*(play(seed) for seed in range(n)))
    assert all("reward=1" in t for t in texts), texts
    assert app.state.episodes.episodes == {}
