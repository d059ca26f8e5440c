"""A small keep-alive HTTP/1.1 client over asyncio streams, for the hot paths where httpx2's per-request CPU
shows: the harness's MCP requests to our own server (`agent_runners.mcp_http`) and its model requests
(`JsonClient`, used by `chat.async_client` when the endpoint is reached directly).

One write per request, content-length and chunked answers, TLS through an `ssl.SSLContext`, no cap on
connections, and httpx2's exception classes (`ConnectError`, `ConnectTimeout`, `ReadTimeout`,
`RemoteProtocolError`, all `httpx2.TransportError`), so callers written against httpx2 keep their error
handling. It never speaks to proxies: `direct_route` says when it may be used. asyncio only (`on_asyncio`).
"""

from __future__ import annotations

import asyncio
import json
import re
import ssl
import time
import urllib.request
import zlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import anyio
import httpx2

__all__ = ["Http11Pool", "JsonClient", "Response", "direct_route", "on_asyncio"]


class Response:
    """Status, headers (lower-case names) and body of one HTTP answer."""

    __slots__ = ("status_code", "headers", "content")

    def __init__(self, status_code: int, headers: dict[str, str], content: bytes):
        self.status_code = status_code
        self.headers = headers
        self.content = content

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.content)


class _Connection:
    """One keep-alive connection (asyncio streams: their reader knows when the server closed it while idle)."""

    __slots__ = ("reader", "writer", "idle_since")

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader = reader
        self.writer = writer
        self.idle_since = 0.0

    async def exchange(self, request: bytes) -> tuple[Response, bool]:
        """Send one request, read its answer; (answer, whether the connection may be reused)."""
        self.writer.write(request)
        await self.writer.drain()
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            raise httpx2.RemoteProtocolError("Server disconnected without sending a response.") from None
        except asyncio.LimitOverrunError:
            raise httpx2.RemoteProtocolError("response head over 64 KiB") from None
        lines = head[:-4].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ", 2)
        if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
            raise httpx2.RemoteProtocolError(f"malformed status line {lines[0][:100]!r}")
        status = int(parts[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        keep = parts[0] == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        try:
            if "chunked" in headers.get("transfer-encoding", "").lower():
                body = await self._read_chunked()
            elif "content-length" in headers:
                body = await self.reader.readexactly(int(headers["content-length"]))
            elif status in (204, 304):
                body = b""
            else:  # delimited by the end of the connection
                body, keep = await self.reader.read(), False
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            raise httpx2.RemoteProtocolError("Server disconnected in the middle of a response body.") from None
        return Response(status, headers, body), keep

    async def _read_chunked(self) -> bytes:
        body = bytearray()
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while await self.reader.readuntil(b"\r\n") != b"\r\n":
                    pass  # trailers
                return bytes(body)
            body += (await self.reader.readexactly(size + 2))[:-2]

    def reusable(self, max_idle: float) -> bool:
        """False once the server has closed it while it sat idle, or might be about to: a request crossing the
        server's close on the wire would be lost, and a tool call cannot safely be sent twice."""
        return time.monotonic() - self.idle_since < max_idle and not (self.reader.at_eof() or self.writer.is_closing())

    async def aclose(self) -> None:
        self.writer.close()
        with anyio.CancelScope(shield=True), anyio.move_on_after(5):
            try:
                await self.writer.wait_closed()
            except OSError:
                pass


MAX_HEAD_BYTES = 64 << 10
MAX_IDLE_SECONDS = 4.0  # under uvicorn's default keep-alive timeout (5 s): we close first, never the server mid-request
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")


def direct_route(base_url: str) -> bool:
    """Whether requests to `base_url` go straight to it: a loopback address, or no proxy from the environment
    applies (httpx2 would use one; this pool does not speak to proxies)."""
    host = urlsplit(base_url).hostname or ""
    if host == "localhost" or host.startswith("127.") or host in ("::1", "[::1]"):
        return True
    proxies = urllib.request.getproxies_environment()
    return not (proxies.get(urlsplit(base_url).scheme) or proxies.get("all")) or bool(urllib.request.proxy_bypass(host))


def on_asyncio() -> bool:
    """Whether an asyncio event loop runs this task (not trio): `Http11Pool` needs one."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class Http11Pool:
    """Keep-alive HTTP/1.1 connections to one origin, for the small JSON POSTs of the MCP wire (asyncio only).

    No cap: a request takes an idle connection or opens one, so the pool holds at most as many connections as
    requests were ever in flight at once. Failures raise httpx2's exceptions (`ConnectError`, `ReadTimeout`,
    `RemoteProtocolError`), as the SDK's client would.
    """

    def __init__(self, base_url: str, headers: Mapping[str, str] | None = None, *, connect_timeout: float = 30.0,
                 read_timeout: float | None = None, max_idle: float = MAX_IDLE_SECONDS, tls: ssl.SSLContext | None = None):
        url = urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.host = url.hostname
        self.port = url.port or (443 if url.scheme == "https" else 80)
        self.tls = (tls or ssl.create_default_context()) if url.scheme == "https" else None
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.max_idle = max_idle
        authority = url.netloc.rpartition("@")[2]
        fixed = {"host": authority, **{k.lower(): v for k, v in (headers or {}).items()}}
        for key, value in fixed.items():
            if not _HEADER_VALUE.fullmatch(value) or not _HEADER_VALUE.fullmatch(key):
                raise ValueError(f"HTTP header {key!r} has characters a header cannot carry (line breaks, non-Latin-1)")
        self._fixed = "".join(f"{k}: {v}\r\n" for k, v in fixed.items())
        self._idle: list[_Connection] = []
        self.opened = 0  # connections ever opened (tests and benchmarks read it)

    async def post(self, path: str, body: bytes, headers: Mapping[str, str]) -> Response:
        return await self.request("POST", path, body, headers)

    async def request(self, method: str, path: str, body: bytes = b"", headers: Mapping[str, str] | None = None) -> Response:
        extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        request = f"{method} {path} HTTP/1.1\r\n{self._fixed}{extra}content-length: {len(body)}\r\n\r\n".encode("latin-1") + body
        conn = await self._take_idle() or await self._open()
        try:
            async with asyncio.timeout(self.read_timeout):  # asyncio's: half the CPU of anyio's cancel scope
                response, keep = await conn.exchange(request)
        except TimeoutError:
            await conn.aclose()
            raise httpx2.ReadTimeout(f"no answer from {self.host}:{self.port}{path} within {self.read_timeout} s") from None
        except OSError as exc:
            await conn.aclose()
            raise httpx2.RemoteProtocolError(f"connection to {self.host}:{self.port} lost: {type(exc).__name__}: {exc}") from exc
        except BaseException:
            await conn.aclose()  # cancelled or broken mid-exchange: its answer may still arrive, so never reuse it
            raise
        if keep:
            conn.idle_since = time.monotonic()
            self._idle.append(conn)
        else:
            await conn.aclose()
        return response

    async def _take_idle(self) -> _Connection | None:
        while self._idle:
            conn = self._idle.pop()
            if conn.reusable(self.max_idle):
                return conn
            await conn.aclose()
        return None

    async def _open(self) -> _Connection:
        try:
            with anyio.fail_after(self.connect_timeout):
                reader, writer = await asyncio.open_connection(self.host, self.port, ssl=self.tls, limit=MAX_HEAD_BYTES)
        except TimeoutError:
            raise httpx2.ConnectTimeout(f"connecting to {self.host}:{self.port} took over {self.connect_timeout} s") from None
        except OSError as exc:
            raise httpx2.ConnectError(f"cannot connect to {self.host}:{self.port}: {exc}") from exc
        self.opened += 1
        return _Connection(reader, writer)

    async def aclose(self) -> None:
        idle, self._idle = self._idle, []
        for conn in idle:
            await conn.aclose()


_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode  # as httpx2 encodes json=
# What httpx2 sends besides the caller's headers, less Accept-Encoding: we take answers uncompressed (and still
# decode a gzip or deflate one), and connections are keep-alive by HTTP/1.1's default.
_JSON_HEADERS = {"accept": "*/*", "user-agent": f"python-httpx2/{httpx2.__version__}", "content-type": "application/json"}


class JsonClient:
    """JSON POSTs to paths under one base URL (`http://host:port/v1` + `/chat/completions`, joined as httpx2
    joins them) over an `Http11Pool`: the part of `httpx2.AsyncClient` a request loop needs (`post(path,
    json=...)`, `aclose()`), at a fraction of its CPU per request. asyncio only; no proxies (see `direct_route`)."""

    def __init__(self, base_url: str, headers: Mapping[str, str] | None = None, *, connect_timeout: float = 30.0,
                 read_timeout: float | None = None, tls: ssl.SSLContext | None = None):
        url = urlsplit(base_url)
        if url.query or url.fragment or url.username or url.password:
            raise ValueError(f"JsonClient takes a plain base URL (no query, fragment or credentials): {base_url!r}")
        self.prefix = url.path.rstrip("/")
        self.pool = Http11Pool(f"{url.scheme}://{url.netloc}", {**_JSON_HEADERS, **{k.lower(): v for k, v in (headers or {}).items()}},
                               connect_timeout=connect_timeout, read_timeout=read_timeout, tls=tls)

    async def post(self, path: str, *, json: Any) -> Response:
        response = await self.pool.request("POST", f"{self.prefix}/{path.lstrip('/')}", _dumps(json).encode())
        return decoded(response)

    async def aclose(self) -> None:
        await self.pool.aclose()


def decoded(response: Response) -> Response:
    """`response` with a gzip or deflate body decompressed, as httpx2 does (it leaves other encodings as they are)."""
    encodings = [e.strip().lower() for e in response.headers.get("content-encoding", "").split(",") if e.strip()]
    content = response.content
    if not content or not any(e in ("gzip", "x-gzip", "deflate") for e in encodings):
        return response
    try:
        for encoding in reversed(encodings):  # the last one applied is undone first
            if encoding in ("gzip", "x-gzip"):
                content = zlib.decompress(content, zlib.MAX_WBITS | 16)
            elif encoding == "deflate":
                try:
                    content = zlib.decompress(content)
                except zlib.error:  # raw deflate without the zlib wrapper, which servers send too
                    content = zlib.decompress(content, -zlib.MAX_WBITS)
    except zlib.error as exc:
        raise httpx2.DecodingError(f"cannot decode the {response.headers['content-encoding']} body: {exc}") from None
    return Response(response.status_code, response.headers, content)
