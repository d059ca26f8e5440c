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
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any
from urllib.parse import unquote

import anyio
import httpx2
import mcp_types as types
from mcp.shared.exceptions import MCPError
from mcp.shared.inbound import encode_header_value

# The HTTP/1.1 pool lives in the library (the model client uses it too); its names stay importable from here.
from codegym_mcp.http11 import Http11Pool, Response, direct_route, on_asyncio

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


_PATH = re.compile(r"[\x21-\x7e]+")


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
