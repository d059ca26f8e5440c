"""A lean MCP client for codegym-mcp's own HTTP server: the 2026-07-28 revision, one POST per request.

The SDK's client runs every request through a session, a dispatcher, memory streams, a task per POST and
pydantic on both ends: about 5 ms of CPU per call. This client sends the same requests (same method, path,
headers and JSON bodies: the tests compare them byte for byte as parsed JSON) straight from the caller's
task, and parses the answers into the same `mcp_types` objects the SDK returns. It offers only what the
harness uses: `instructions`, `list_tools`, `call_tool`, `read_resource`, `get_prompt`.

Errors look as they do with the SDK client: a tool error is an `isError` result; a JSON-RPC error, an HTTP
error status (404: the episode expired) or a malformed answer raises `MCPError`; connection failures and
timeouts raise httpx2's own errors, as the SDK client lets them through.

Only for servers that answer `server/discover` with 2026-07-28 and name themselves codegym-mcp
(`NotCodegymServer` otherwise, so the caller can fall back to the SDK client). No tool of ours declares
`x-mcp-header` parameters, so no `Mcp-Param-*` headers are ever needed.
"""

from __future__ import annotations

import json
from typing import Any

import httpx2
import mcp_types as types
from mcp.shared.exceptions import MCPError
from mcp.shared.inbound import encode_header_value

__all__ = ["PROTOCOL_VERSION", "CodegymHttpClient", "NotCodegymServer"]

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


class CodegymHttpClient:
    """One episode URL of a codegym-mcp HTTP server; `async with` it, like the SDK's `Client`.

    `http` is shared by every episode of a run (its pool holds the keep-alive connections) and is not
    closed here.
    """

    def __init__(self, http: httpx2.AsyncClient, url: str, *, read_timeout: float | None = None):
        self.http = http
        self.url = url
        self.timeout = httpx2.Timeout(http.timeout.connect, read=read_timeout, write=http.timeout.write,
                                      pool=http.timeout.pool) if read_timeout is not None else http.timeout
        self._next_id = 0
        self._instructions: str | None = None
        self.server_info: dict[str, Any] | None = None

    async def __aenter__(self) -> "CodegymHttpClient":
        try:
            raw = await self._request("server/discover", {})
        except MCPError as exc:
            raise NotCodegymServer(f"{self.url}: server/discover failed: {exc}") from exc
        info = (raw.get("_meta") or {}).get(SERVER_INFO_KEY) or {}
        if PROTOCOL_VERSION not in (raw.get("supportedVersions") or ()) or info.get("name") != SERVER_NAME:
            raise NotCodegymServer(f"{self.url}: not a codegym-mcp server speaking {PROTOCOL_VERSION} "
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
        response = await self.http.post(self.url, content=body, headers=headers, timeout=self.timeout)
        return _result_of(response, rid)


def _result_of(response: httpx2.Response, rid: int) -> dict[str, Any]:
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
        if not isinstance(error, dict):
            raise MCPError(types.PARSE_ERROR, f"malformed JSON-RPC error: {error!r}"[:300])
        raise MCPError(int(error.get("code", types.INTERNAL_ERROR)), str(error.get("message", "")), error.get("data"))
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
                    if isinstance(message, dict) and message.get("id") == rid and ("result" in message or "error" in message):
                        return message
            return None
        message = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None
    return message if isinstance(message, dict) and ("result" in message or "error" in message) else None


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
