"""A lean MCP client for codegym-mcp's own HTTP server: the 2026-07-28 revision, one POST per request.

The SDK's client runs every request through a session, a dispatcher, memory streams, a task per POST and
pydantic on both ends, over httpx2: together several times the CPU of the request itself. This client sends
the same requests (same method, path, headers and JSON bodies: the tests compare them as parsed JSON) straight
from the caller's task over `Http11Pool`, a small keep-alive HTTP/1.1 pool (one write per request, no cap on
connections), and parses the answers into the same `mcp_types` objects the SDK returns. It offers only what
the harness uses: `instructions`, `list_tools`, `call_tool`, `read_resource`, `get_prompt`.

Errors look as they do with the SDK client: a tool error is an `isError` result; a JSON-RPC error, an HTTP
error status (404: the episode expired) or a malformed answer raises `MCPError`; connection failures and
timeouts raise httpx2's own errors, as the SDK client lets them through.

Only for servers that answer `server/discover` with 2026-07-28 and name themselves codegym-mcp
(`NotCodegymServer` otherwise, so the caller can fall back to the SDK client). No tool of ours declares
`x-mcp-header` parameters, so no `Mcp-Param-*` headers are ever needed.
"""

from __future__ import annotations

import asyncio
import json
import re
import ssl
import time
import urllib.request
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import unquote, urlsplit

import anyio
import httpx2
import mcp_types as types
from mcp.shared.exceptions import MCPError
from mcp.shared.inbound import encode_header_value

__all__ = ["PROTOCOL_VERSION", "AsgiPool", "CodegymHttpClient", "Http11Pool", "NotCodegymServer", "Response", "direct_route",
           "on_asyncio"]

PROTOCOL_VERSION = "2026-07-28"
SERVER_NAME = "codegym-mcp"
SERVER_INFO_KEY = "io.modelcontextprotocol/serverInfo"
# What the SDK client stamps on every request (its default client info, no capabilities).
_META = {
    "io.modelcontextprotocol/protocolVersion": PROTOCOL_VERSION,
    "io.modelcontextprotocol/clientInfo": {"name": "mcp", "version": "0.1.0"},
    "io.modelcontextprotocol/clientCapabilities": {},
}
_HEADERS = {"accept": "application/json, text/event-stream", "content-type": "application/json",
            "mcp-protocol-version": PROTOCOL_VERSION}
_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode  # as httpx2 encodes json=


class NotCodegymServer(Exception):
    """The URL does not answer as a codegym-mcp server speaking 2026-07-28: use the SDK client there."""


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
_PATH = re.compile(r"[\x21-\x7e]+")


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
                 read_timeout: float | None = None, max_idle: float = MAX_IDLE_SECONDS):
        url = urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.host = url.hostname
        self.port = url.port or (443 if url.scheme == "https" else 80)
        self.tls = ssl.create_default_context() if url.scheme == "https" else None
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
            if self.read_timeout is None:
                response, keep = await conn.exchange(request)
            else:
                with anyio.fail_after(self.read_timeout):
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


Message = MutableMapping[str, Any]
AsgiApp = Callable[[Message, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


class AsgiPool:
    """`Http11Pool`'s interface over an ASGI app in this process: each request calls the app from the caller's task
    with a scope, a receive that hands over the body and a send that collects the answer (no socket, no HTTP
    parsing). `async with` it to run the app's lifespan. Works under any anyio backend."""

    def __init__(self, app: AsgiApp, headers: Mapping[str, str] | None = None, *, host: str = "127.0.0.1",
                 read_timeout: float | None = None):
        self.app = app
        self.host = host
        self.read_timeout = read_timeout
        fixed = {"host": host, **{k.lower(): v for k, v in (headers or {}).items()}}
        self._fixed = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in fixed.items()]
        self._task_group: Any = None
        self._stop = anyio.Event()
        self._lifespan_error: str | None = None

    async def __aenter__(self) -> "AsgiPool":
        started = anyio.Event()
        self._stopped = anyio.Event()
        self._task_group = anyio.create_task_group()
        await self._task_group.__aenter__()
        self._task_group.start_soon(self._lifespan, started)
        await started.wait()
        if self._lifespan_error is not None:
            await self.__aexit__(None, None, None)
            raise RuntimeError(f"the app did not start: {self._lifespan_error}")
        return self

    async def __aexit__(self, *exc: Any) -> None:
        task_group, self._task_group = self._task_group, None
        if task_group is None:
            return
        self._stop.set()
        with anyio.CancelScope(shield=True), anyio.move_on_after(30):
            await self._stopped.wait()
        task_group.cancel_scope.cancel()  # a lifespan that ignores shutdown must not hold us up
        await task_group.__aexit__(*exc)

    async def _lifespan(self, started: anyio.Event) -> None:
        """The ASGI lifespan protocol: startup, then shutdown once `__aexit__` asks."""
        asked = False

        async def receive() -> Message:
            nonlocal asked
            if not asked:
                asked = True
                return {"type": "lifespan.startup"}
            await self._stop.wait()
            return {"type": "lifespan.shutdown"}

        async def send(message: Message) -> None:
            if message["type"].endswith(".failed"):
                self._lifespan_error = str(message.get("message", "")) or message["type"]
            (started if message["type"].startswith("lifespan.startup") else self._stopped).set()

        try:
            await self.app({"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": {}}, receive, send)
        except Exception as exc:  # noqa: BLE001 - reported by __aenter__ (startup) or dropped (shutdown), as servers do
            self._lifespan_error = self._lifespan_error or f"{type(exc).__name__}: {exc}"
        finally:
            started.set()
            self._stopped.set()

    async def post(self, path: str, body: bytes, headers: Mapping[str, str]) -> Response:
        return await self.request("POST", path, body, headers)

    async def request(self, method: str, path: str, body: bytes = b"", headers: Mapping[str, str] | None = None) -> Response:
        if self._task_group is None:
            raise httpx2.ConnectError("the in-process app is not running (use `async with` the pool)")
        raw_path, _, query = path.partition("?")
        scope: Message = {
            "type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1", "method": method,
            "scheme": "http", "path": unquote(raw_path), "raw_path": raw_path.encode("latin-1"), "query_string": query.encode("latin-1"),
            "root_path": "", "client": ("127.0.0.1", 0), "server": (self.host, 80), "state": {},
            "headers": [*self._fixed, *((k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()),
                        (b"content-length", str(len(body)).encode())],
        }
        asyncio_loop = on_asyncio()  # asyncio's own event and timeout cost a fraction of anyio's, per request
        answered = asyncio.Event() if asyncio_loop else anyio.Event()  # set once answered: a later receive() means the client is gone
        body_sent = complete = False
        status: int | None = None
        response_headers: dict[str, str] = {}
        chunks: list[bytes] = []

        async def receive() -> Message:
            nonlocal body_sent
            if not body_sent:
                body_sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await answered.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            nonlocal status, response_headers, complete
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in message.get("headers", ())}
            elif message["type"] == "http.response.body" and status is not None and not answered.is_set():
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    complete = True
                    answered.set()

        try:
            if asyncio_loop:
                async with asyncio.timeout(self.read_timeout):
                    await self.app(scope, receive, send)
            else:
                with anyio.fail_after(self.read_timeout):
                    await self.app(scope, receive, send)
        except TimeoutError:
            raise httpx2.ReadTimeout(f"no answer from the in-process app at {path} within {self.read_timeout} s") from None
        finally:
            answered.set()  # wakes anything of the app's still waiting for a disconnect
        if status is None or not complete:
            raise httpx2.RemoteProtocolError(f"the in-process app returned without a complete answer to {method} {path}")
        return Response(status, response_headers, b"".join(chunks))

    async def aclose(self) -> None:
        await self.__aexit__(None, None, None)


class CodegymHttpClient:
    """One episode URL of a codegym-mcp HTTP server; `async with` it, like the SDK's `Client`.

    `pool` is shared by every episode of a run (it holds the keep-alive connections) and is not closed here.
    """

    def __init__(self, pool: Http11Pool | AsgiPool, path: str):
        if not path.startswith("/") or not _PATH.fullmatch(path):
            raise ValueError(f"not a URL path: {path[:200]!r}")
        self.pool = pool
        self.path = path
        self._next_id = 0
        self._instructions: str | None = None
        self.server_info: dict[str, Any] | None = None

    async def __aenter__(self) -> "CodegymHttpClient":
        try:
            raw = await self._request("server/discover", {})
        except MCPError as exc:
            raise NotCodegymServer(f"{self.path}: server/discover failed: {exc}") from exc
        info = (raw.get("_meta") or {}).get(SERVER_INFO_KEY) or {}
        if PROTOCOL_VERSION not in (raw.get("supportedVersions") or ()) or info.get("name") != SERVER_NAME:
            raise NotCodegymServer(f"{self.path}: not a codegym-mcp server speaking {PROTOCOL_VERSION} "
                                   f"(serverInfo {info!r}, versions {raw.get('supportedVersions')!r})")
        self.server_info = info
        self._instructions = raw.get("instructions")
        return self

    async def __aexit__(self, *exc: Any) -> None:
        pass  # 2026-07-28 has no session to end; the episode is deleted by whoever created it

    @property
    def instructions(self) -> str | None:
        return self._instructions

    async def list_tools(self) -> types.ListToolsResult:
        return types.ListToolsResult.model_validate(await self._request("tools/list", {}), by_name=False)

    async def call_tool(self, name: str, arguments: dict[str, Any] | None = None) -> types.CallToolResult:
        params: dict[str, Any] = {"name": name}
        if arguments is not None:
            params["arguments"] = arguments
        return _tool_result(await self._request("tools/call", params, name))

    async def read_resource(self, uri: str) -> types.ReadResourceResult:
        uri = str(uri)
        return types.ReadResourceResult.model_validate(await self._request("resources/read", {"uri": uri}, uri), by_name=False)

    async def get_prompt(self, name: str, arguments: dict[str, str] | None = None) -> types.GetPromptResult:
        params: dict[str, Any] = {"name": name}
        if arguments is not None:
            params["arguments"] = arguments
        return types.GetPromptResult.model_validate(await self._request("prompts/get", params, name), by_name=False)

    async def _request(self, method: str, params: dict[str, Any], name: str | None = None) -> dict[str, Any]:
        """POST one JSON-RPC request; its `result`, or MCPError."""
        self._next_id += 1
        rid = self._next_id
        params["_meta"] = _META
        headers = {**_HEADERS, "mcp-method": method}
        if name is not None:
            headers["mcp-name"] = encode_header_value(name)
        body = _dumps({"jsonrpc": "2.0", "id": rid, "method": method, "params": params}).encode()
        return _result_of(await self.pool.post(self.path, body, headers), rid)


def _result_of(response: Response, rid: int) -> dict[str, Any]:
    """The JSON-RPC result in an HTTP answer, judged as the SDK's streamable-HTTP transport judges it."""
    status = response.status_code
    content_type = response.headers.get("content-type", "").lower()
    if status == 202:
        raise MCPError(types.INVALID_REQUEST, "server answered a request with 202 Accepted")
    if 300 <= status < 400:
        raise MCPError(types.INVALID_REQUEST, f"server redirected to {response.headers.get('location', '?')}; not followed")
    message = _message(response.content, content_type, rid) if status < 400 or content_type.startswith("application/json") else None
    if status >= 400 and (message is None or "error" not in message):
        detail = response.text[:300]
        if status == 404:  # what the SDK says before a session exists; for us: the episode expired or never existed
            raise MCPError(types.METHOD_NOT_FOUND, f"Not Found: {detail}")
        raise MCPError(types.INTERNAL_ERROR, f"Server returned an error response: HTTP {status}: {detail}")
    if message is None:
        raise MCPError(types.PARSE_ERROR, f"Failed to parse the answer (HTTP {status}, {content_type or 'no content type'})")
    if "error" in message:
        error = message["error"]
        raise MCPError(error["code"], str(error.get("message", "")), error.get("data"))
    result = message.get("result")
    if not isinstance(result, dict):
        raise MCPError(types.PARSE_ERROR, f"JSON-RPC answer without a result object: {str(message)[:300]}")
    if result.get("resultType", "complete") != "complete":
        raise MCPError(types.INVALID_REQUEST, f"unsupported resultType {result.get('resultType')!r} (the server asked for input)")
    return result


def _message(data: bytes, content_type: str, rid: int) -> dict[str, Any] | None:
    """The JSON-RPC answer to request `rid` from a JSON body or an SSE stream; None if there is none."""
    try:
        if content_type.startswith("text/event-stream"):
            for event in data.decode().replace("\r\n", "\n").split("\n\n"):
                payload = "\n".join(line[5:].lstrip(" ") for line in event.split("\n") if line.startswith("data:"))
                if payload:
                    message = json.loads(payload)
                    if _is_answer(message) and message.get("id") == rid:
                        return message
            return None
        message = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    return message if _is_answer(message) else None


def _is_answer(message: Any) -> bool:
    """A JSON-RPC response: a result, or an error object with an integer code (not, say, our 404's {"error": "..."})."""
    if not isinstance(message, dict) or message.get("jsonrpc") != "2.0":
        return False
    error = message.get("error")
    return "result" in message or (isinstance(error, dict) and type(error.get("code")) is int)


def _tool_result(raw: dict[str, Any]) -> types.CallToolResult:
    """A `CallToolResult` equal to the SDK's; text-only answers (all of ours) are built without validation."""
    content = raw.get("content")
    structured = raw.get("structuredContent")
    if (isinstance(content, list) and isinstance(raw.get("isError", False), bool) and (structured is None or isinstance(structured, dict))
            and all(isinstance(c, dict) and c.get("type") == "text" and isinstance(c.get("text"), str) and len(c) == 2 for c in content)
            and set(raw) <= _PLAIN_RESULT_KEYS):
        meta = raw.get("_meta")
        return types.CallToolResult.model_construct(
            content=[types.TextContent.model_construct(type="text", text=c["text"], annotations=None, meta=None) for c in content],
            structured_content=structured, is_error=raw.get("isError", False), meta=meta if isinstance(meta, dict) else None,
            result_type="complete")
    return types.CallToolResult.model_validate(raw, by_name=False)


_PLAIN_RESULT_KEYS = frozenset({"content", "structuredContent", "isError", "resultType", "_meta"})
