"""What the HTTP front adds to uvicorn and starlette so that no input makes it answer 500 or hold a socket forever.

- `FrontProtocol`: uvicorn's httptools protocol plus a deadline for receiving a whole request (a client that
  stalls in its headers or body is answered 408 and closed), a cap on header bytes (431) and a cap on open
  connections (503, then closed: a flood of idle sockets cannot use up the server's file descriptors).
- `parse_json_body`: a request body to JSON, or `BadRequest` with the reason (not UTF-8, not JSON, too deep).
- `OriginRule`: Origin and Host values parsed and compared exactly (scheme, host, port), never by prefix.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["BadRequest", "FrontProtocol", "OriginRule", "front_protocol", "parse_json_body"]

log = logging.getLogger("codegym_mcp.server")

MAX_JSON_DEPTH = 64  # shipped task configs nest 5 deep; deeper is an attack on recursive code downstream
MAX_HEAD_BYTES = 64 * 1024


class BadRequest(ValueError):
    """A request body we refuse, with the reason the client is told."""


def parse_json_body(raw: bytes, default: Any = None) -> Any:
    """The JSON value of a request body (RFC 8259: UTF-8 only), or BadRequest saying what is wrong with it."""
    if not raw.strip():
        return default
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"body is not UTF-8 (byte {exc.start})") from None
    try:
        value = json.loads(text)
    except RecursionError:
        raise BadRequest(f"body nests deeper than {MAX_JSON_DEPTH} levels") from None
    except ValueError as exc:  # JSONDecodeError, and ints over Python's 4,300-digit conversion limit
        raise BadRequest(f"body is not valid JSON: {exc}") from None
    if _depth_over(value, MAX_JSON_DEPTH):
        raise BadRequest(f"body nests deeper than {MAX_JSON_DEPTH} levels")
    return value


def _depth_over(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:  # iterative: the point is not to recurse on hostile input
        item, depth = stack.pop()
        if isinstance(item, (dict, list)):
            if depth > limit:
                return True
            stack.extend((v, depth + 1) for v in (item.values() if isinstance(item, dict) else item))
    return False


# ---------------------------------------------------------------- Origin and Host

_AUTHORITY = re.compile(r"(\[[0-9a-f:.]+\]|[a-z0-9_-]+(?:\.[a-z0-9_-]+)*)(?::([0-9]{1,5}|\*))?")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")
_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}
Port = int | str | None  # a number, "*" (any port, patterns only) or None (not given)


def _authority(text: str, wildcard: bool) -> tuple[str, Port] | None:
    m = _AUTHORITY.fullmatch(text)
    if m is None or (m.group(2) == "*" and not wildcard):
        return None
    port = m.group(2)
    if port is None or port == "*":
        return m.group(1), port
    return (m.group(1), int(port)) if int(port) <= 65535 else None


def _origin(text: str, wildcard: bool) -> tuple[str, str, Port] | None:
    scheme, sep, rest = text.lower().partition("://")
    if not sep or not _SCHEME.fullmatch(scheme):
        return None
    auth = _authority(rest, wildcard)
    if auth is None:
        return None
    host, port = auth
    return scheme, host, _DEFAULT_PORTS.get(scheme) if port is None else port


class OriginRule:
    """Allowed origins (`scheme://host[:port|:*]`) and hosts (`host[:port|:*]`), compared part by part.

    `http://127.0.0.1:*` admits `http://127.0.0.1:5173` and `http://127.0.0.1`, never `http://127.0.0.1:80@evil.example`
    or `http://localhost:evil.example`; a pattern that does not parse is a ValueError when the rule is built.
    """

    def __init__(self, origins: list[str], hosts: list[str] | None = None):
        self.origins = [self._pattern(_origin(p, True), p) for p in origins]
        self.hosts = None if hosts is None else [self._pattern(_authority(p.lower(), True), p) for p in hosts]

    @staticmethod
    def _pattern(parsed: Any, text: str) -> Any:
        if parsed is None:
            raise ValueError(f"not an origin or host pattern: {text!r}")
        return parsed

    def origin_ok(self, origin: str) -> bool:
        parsed = _origin(origin, False)
        return parsed is not None and any(parsed[:2] == p[:2] and p[2] in ("*", parsed[2]) for p in self.origins)

    def host_ok(self, host: str) -> bool:
        if self.hosts is None:
            return True
        parsed = _authority(host.lower(), False)
        return parsed is not None and any(parsed[0] == p[0] and p[1] in ("*", parsed[1]) for p in self.hosts)


# ---------------------------------------------------------------- the protocol


def raw_response(status: int, reason: str, extra: bytes = b"") -> bytes:
    """A complete JSON error response that closes the connection, written straight to a transport."""
    body = json.dumps({"error": reason}).encode()
    phrase = {408: b"Request Timeout", 431: b"Request Header Fields Too Large", 503: b"Service Unavailable"}.get(status, b"")
    return (b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n%s\r\n"
            % (status, phrase, len(body), extra)) + body


class FrontProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with what it lacks for a public front.

    - A request must arrive whole (headers and body) within `request_timeout` seconds of its first byte (or of
      the connection opening); otherwise it is answered 408 and the connection closed. The deadline stops once
      the request is in: tool calls have their own timeout and an SSE stream may stay open.
    - Headers over `max_head_bytes` are answered 431 and closed (llhttp itself has no limit).
    - Beyond `max_connections` open connections a new one is answered 503 and closed before anything is read.
    """

    request_timeout: float = 10.0
    max_connections: int = 4096
    max_head_bytes: int = MAX_HEAD_BYTES

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._in_head = True  # between requests or inside a request's headers
        self._head_bytes = 0  # bytes received while in the head: bounds what an unfinished head can buffer
        self._head_size = 0  # the head as parsed so far (URL, names, values): exact, for a head that came at once
        self._refused = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.max_connections:
            self._refused = True
            self.transport = transport
            transport.write(raw_response(503, "server busy: too many open connections, retry shortly", b"retry-after: 1\r\n"))
            transport.close()
            return
        super().connection_made(transport)
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        if not self._refused:
            super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._in_head and self._head_bytes > self.max_head_bytes and not self.transport.is_closing():
            self.send_400_response("")

    def send_400_response(self, msg: str) -> None:  # uvicorn's answer to a parser error, ours among them
        if self._in_head and max(self._head_bytes, self._head_size) > self.max_head_bytes:
            self.transport.write(raw_response(431, f"request head over {self.max_head_bytes} bytes"))
            self.transport.close()
            return
        super().send_400_response(msg)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_url(self, url: bytes) -> None:
        self._grow(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._grow(len(name) + len(value) + 4)
        super().on_header(name, value)

    def _grow(self, n: int) -> None:
        self._head_size += n
        if self._head_size > self.max_head_bytes:
            raise ValueError("request head too large")  # the parser stops; uvicorn calls send_400_response

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._disarm()
        self._in_head, self._head_bytes, self._head_size = True, 0, 0

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(self.request_timeout, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self.pipeline:  # we stopped reading behind an earlier request: not the client's delay
            self._arm()
            return
        waiting = self._in_head and self._head_bytes == 0  # an idle connection: close it without a word
        if not waiting and (self._in_head or (self.cycle is not None and not self.cycle.response_started)):
            self.transport.write(raw_response(408, f"request not received within {self.request_timeout:g}s"))
        log.info("closed a connection from %s: request not received within %gs", self.client, self.request_timeout)
        self.transport.close()


def front_protocol(request_timeout: float, max_connections: int) -> type[FrontProtocol]:
    """The protocol class to give uvicorn (`Config(http=...)`), with this server's limits."""
    return type("FrontProtocol", (FrontProtocol,), {"request_timeout": request_timeout, "max_connections": max_connections})
