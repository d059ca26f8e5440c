"""The harness's model requests over the lean HTTP/1.1 client (`codegym_mcp.http11.JsonClient`) against httpx2:
the same scripted fake endpoint (raw asyncio on 127.0.0.1, so it can reset connections, hang, gzip and chunk)
must see the same requests from both, and the request loop (`chat.apost_json`) must retry, wait and learn the
same way on both. No real LLM service is called."""

from __future__ import annotations

import asyncio
import datetime
import gzip
import importlib.util
import ipaddress
import json
import random
import socket
import ssl
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import anyio
import httpx2
import pytest

from agent_runners.llm import make_llm_agent
from codegym_mcp.chat import (MODEL_CLIENT_VAR, ChatError, ChatModel, Endpoint, Quirks, RetryPolicy, apost_json,
                              async_client, lean_client_usable)
from codegym_mcp.http11 import JsonClient

KINDS = ("httpx", "lean")
REPLY = {"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "42"}}],
         "usage": {"prompt_tokens": 3, "completion_tokens": 1}}
# The request headers a server acts on; httpx2 also sends accept-encoding and connection: keep-alive.
COMPARED_HEADERS = ("host", "content-type", "content-length", "authorization", "x-api-key", "anthropic-version",
                    "accept", "user-agent")


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class ScriptedEndpoint:
    """Answers request n with script[n] (the last one repeats): ("json", status, body, headers),
    ("gzip", body), ("chunked", body), ("raw", bytes), "reset" (RST without answering) or "hang"."""

    script: list[Any]
    seen: list[Seen] = field(default_factory=list)
    tls: ssl.SSLContext | None = None
    server: asyncio.Server | None = None
    handlers: dict[asyncio.Task[None], asyncio.StreamWriter] = field(default_factory=dict)
    closing: asyncio.Event = field(default_factory=asyncio.Event)

    async def start(self) -> int:
        self.server = await asyncio.start_server(self.handle, "127.0.0.1", 0, ssl=self.tls)
        return self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Close every connection and wait for the handlers to return (a handler cancelled at the loop's end logs noise)."""
        assert self.server is not None
        self.server.close()
        self.closing.set()
        for writer in self.handlers.values():
            writer.transport.abort()
        await asyncio.wait_for(asyncio.gather(*self.handlers, return_exceptions=True), 10)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.handlers[task] = writer
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                line, *rest = head[:-4].split("\r\n")
                headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in rest)}
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                method, path, _ = line.split(" ", 2)
                self.seen.append(Seen(method, path, headers, json.loads(body)))
                action = self.script[min(len(self.seen), len(self.script)) - 1]
                if action == "hang":
                    await asyncio.wait_for(self.closing.wait(), 60)
                    return
                if action == "reset":
                    writer.get_extra_info("socket").setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    writer.transport.abort()
                    return
                writer.write(_answer(action))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            pass
        finally:
            writer.close()


def _answer(action: tuple[Any, ...]) -> bytes:
    kind = action[0]
    if kind == "raw":
        return action[1]
    if kind == "json":
        _, status, body, extra = action
        data, head = json.dumps(body).encode(), {"content-type": "application/json", **extra}
    elif kind == "gzip":
        data, head = gzip.compress(json.dumps(action[1]).encode()), {"content-type": "application/json", "content-encoding": "gzip"}
    else:  # chunked, in three pieces
        raw = json.dumps(action[1]).encode()
        pieces = [raw[:5], raw[5:20], raw[20:]]
        data = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces if p) + b"0\r\n\r\n"
        head = {"content-type": "application/json", "transfer-encoding": "chunked"}
        status = 200
        return _head(status, head) + data
    status = action[1] if kind == "json" else 200
    return _head(status, {**head, "content-length": str(len(data))}) + data


def _head(status: int, headers: dict[str, str]) -> bytes:
    return (f"HTTP/1.1 {status} X\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n").encode()


def ok(body: dict[str, Any] = REPLY) -> tuple[Any, ...]:
    return ("json", 200, body, {})


@dataclass
class Outcome:
    value: Any
    retries: int | None
    sleeps: list[float]
    seen: list[Seen]
    renamed: dict[str, str | None]
    client: str


def play(kind: str, script: list[Any], monkeypatch: pytest.MonkeyPatch, *, provider: str = "openai", prefix: str = "/v1",
         policy: RetryPolicy = RetryPolicy(attempts=4, base=0.001, timeout=0.5), body: dict[str, Any] | None = None,
         tls: ssl.SSLContext | None = None, host: str = "127.0.0.1") -> Outcome:
    """One request through `async_client` of `kind` against a fresh endpoint playing `script`."""
    monkeypatch.setenv(MODEL_CLIENT_VAR, kind)
    random.seed(0)  # the same backoff jitter for both clients
    endpoint = ScriptedEndpoint(script, tls=tls)
    sleeps: list[float] = []
    quirks = Quirks(provider)

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async def main() -> Outcome:
        port = await endpoint.start()
        scheme = "https" if tls else "http"
        ep = Endpoint(provider, "m", f"{scheme}://{host}:{port}{prefix}", "sk-test", "KEY", "the test")
        client = async_client(ep, policy)
        path = "/v1/messages" if provider == "anthropic" else "/chat/completions"
        try:
            with anyio.fail_after(20):
                answer = await apost_json(client, path, body or {"model": "m", "messages": [{"role": "user", "content": "hé"}]},
                                          policy=policy, label="m", quirks=quirks, sleep=sleep)
            value, retries = answer.value, answer.retries
        except ChatError as exc:
            value, retries = f"ChatError(status={exc.status}, retries={exc.retries}, fatal={exc.fatal})", None
        finally:
            await client.aclose()
            await endpoint.stop()
        return Outcome(value, retries, sleeps, endpoint.seen, dict(quirks.renamed), type(client).__name__)

    return anyio.run(main)


def compared(seen: list[Seen]) -> list[tuple[str, str, dict[str, str], Any]]:
    """What a server acts on, the Host header's port aside (each play has its own endpoint)."""
    def header(name: str, value: str) -> str:
        return value.rsplit(":", 1)[0] + ":PORT" if name == "host" else value
    return [(s.method, s.path, {k: header(k, v) for k, v in s.headers.items() if k in COMPARED_HEADERS}, s.body)
            for s in seen]


def both(script: list[Any], monkeypatch: pytest.MonkeyPatch, **kw: Any) -> Outcome:
    """Play `script` with httpx2 and with the lean client; assert they behave alike; the lean outcome."""
    httpx, lean = (play(kind, script, monkeypatch, **kw) for kind in KINDS)
    assert (httpx.client, lean.client) == ("AsyncClient", "JsonClient")
    assert compared(lean.seen) == compared(httpx.seen)
    assert (lean.value, lean.retries, lean.sleeps, lean.renamed) == (httpx.value, httpx.retries, httpx.sleeps, httpx.renamed)
    return lean


def test_same_request_on_the_wire_openai(monkeypatch):
    out = both([ok()], monkeypatch)
    [seen] = out.seen
    assert (seen.method, seen.path) == ("POST", "/v1/chat/completions")  # the base URL's path is a prefix
    assert seen.headers["authorization"] == "Bearer sk-test" and seen.headers["content-type"] == "application/json"
    assert seen.body == {"model": "m", "messages": [{"role": "user", "content": "hé"}]}
    assert out.value == REPLY and out.retries == 0


def test_same_request_on_the_wire_anthropic(monkeypatch):
    out = both([ok({"content": [{"type": "text", "text": "hi"}]})], monkeypatch, provider="anthropic", prefix="/proxy/")
    [seen] = out.seen
    assert seen.path == "/proxy/v1/messages"
    assert seen.headers["x-api-key"] == "sk-test" and seen.headers["anthropic-version"] == "2023-06-01"
    assert "authorization" not in seen.headers


def test_llm_agent_sends_the_same_through_either_client(monkeypatch):
    """The agent's own client (made on first use, with the wire's headers) sends the same bytes that matter."""
    seen: dict[str, list[Seen]] = {}
    for kind in KINDS:
        monkeypatch.setenv(MODEL_CLIENT_VAR, kind)
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant")
        endpoint = ScriptedEndpoint([ok({"content": [{"type": "text", "text": "hi"}], "usage": {}})])

        async def main() -> str:
            port = await endpoint.start()
            agent = make_llm_agent("anthropic:claude", base_url=f"http://127.0.0.1:{port}")
            try:
                with anyio.fail_after(20):
                    data, retries, _ = await agent.complete({"model": "claude", "max_tokens": 5, "messages": []})
                assert data["content"][0]["text"] == "hi" and retries == 0
                return type(agent._client).__name__
            finally:
                await agent.aclose()
                await endpoint.stop()

        assert anyio.run(main) == {"httpx": "AsyncClient", "lean": "JsonClient"}[kind]
        seen[kind] = endpoint.seen
    assert compared(seen["lean"]) == compared(seen["httpx"])
    assert seen["lean"][0].headers["x-api-key"] == "sk-ant" and seen["lean"][0].path == "/v1/messages"


def test_429_with_retry_after_then_500_then_success(monkeypatch):
    out = both([("json", 429, {"error": "slow down"}, {"Retry-After": "7"}), ("json", 500, {"error": "oops"}, {}), ok()],
               monkeypatch, policy=RetryPolicy(attempts=4, base=0.001, cap=60, timeout=5))
    assert out.retries == 2 and out.sleeps[0] == 7.0 and out.sleeps[1] < 0.01 and len(out.seen) == 3


def test_connection_reset_is_retried(monkeypatch):
    out = both(["reset", ok()], monkeypatch, policy=RetryPolicy(attempts=3, base=0.001, timeout=5))
    assert out.value == REPLY and out.retries == 1 and len(out.seen) == 2


def test_resets_until_out_of_attempts_is_fatal(monkeypatch):
    out = both(["reset"], monkeypatch, policy=RetryPolicy(attempts=2, base=0.001, timeout=5))
    assert out.value == "ChatError(status=None, retries=1, fatal=True)" and len(out.seen) == 2


def test_read_timeout_is_retried_and_not_fatal(monkeypatch):
    out = both(["hang", ok()], monkeypatch, policy=RetryPolicy(attempts=3, base=0.001, timeout=0.3))
    assert out.value == REPLY and out.retries == 1
    out = both(["hang"], monkeypatch, policy=RetryPolicy(attempts=2, base=0.001, timeout=0.3))
    assert out.value == "ChatError(status=None, retries=1, fatal=False)"


def test_refused_parameter_is_learnt_from_a_400(monkeypatch):
    refusal = ("json", 400, {"error": {"message": "Unsupported parameter: 'max_tokens' is not supported with this model. "
                                       "Use 'max_completion_tokens' instead.", "param": "max_tokens"}}, {})
    out = both([refusal, ok()], monkeypatch, body={"model": "m", "messages": [], "max_tokens": 9})
    assert out.renamed == {"max_tokens": "max_completion_tokens"} and out.retries == 0
    assert [s.body.get("max_tokens") for s in out.seen] == [9, None] and out.seen[1].body["max_completion_tokens"] == 9


def test_fatal_status_and_bad_200_body(monkeypatch):
    out = both([("json", 401, {"error": "bad key"}, {})], monkeypatch)
    assert out.value == "ChatError(status=401, retries=0, fatal=True)"
    out = both([("raw", b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 5\r\n\r\n[1,2]"), ok()], monkeypatch)
    assert out.value == REPLY and out.retries == 1  # a 200 that is not a JSON object is retried like a 5xx


def test_gzip_and_chunked_bodies(monkeypatch):
    assert both([("gzip", REPLY)], monkeypatch).value == REPLY
    assert both([("chunked", REPLY)], monkeypatch).value == REPLY


def test_bad_gzip_body_fails_alike(monkeypatch):
    bad = b"HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: 4\r\n\r\nnope"
    for kind in KINDS:
        with pytest.raises(httpx2.DecodingError):
            play(kind, [("raw", bad)], monkeypatch)


def _self_signed(tmp_path: Path) -> tuple[ssl.SSLContext, Path]:
    """A server context for `localhost` and the CA file that trusts it."""
    x509 = pytest.importorskip("cryptography.x509", reason="cryptography is needed to make a test certificate")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert_file, key_file)
    return server, cert_file


def test_https_with_hostname_check(monkeypatch, tmp_path):
    server_tls, ca_file = _self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # both clients trust what httpx2 trusts
    monkeypatch.setenv("no_proxy", "localhost")
    out = both([ok()], monkeypatch, tls=server_tls, host="localhost")
    assert out.value == REPLY and out.seen[0].headers["host"].startswith("localhost:")
    # the certificate names localhost, not 127.0.0.1: both refuse it, as an unreachable endpoint
    out = both([ok()], monkeypatch, tls=server_tls, host="127.0.0.1", policy=RetryPolicy(attempts=1, timeout=5))
    assert out.value == "ChatError(status=None, retries=0, fatal=True)" and out.seen == []


def test_which_client_is_used(monkeypatch):
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy", "NO_PROXY", "no_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv(MODEL_CLIENT_VAR, raising=False)

    async def usable(url: str) -> bool:
        return lean_client_usable(url)

    assert anyio.run(usable, "https://api.openai.com/v1")  # direct, on asyncio: lean
    assert anyio.run(usable, "http://127.0.0.1:8000/v1")
    assert not lean_client_usable("http://127.0.0.1:8000/v1")  # no event loop running
    if importlib.util.find_spec("trio") is not None:  # not a dependency: checked where it is installed
        assert not anyio.run(usable, "http://127.0.0.1:8000/v1", backend="trio")
    assert not anyio.run(usable, "https://example.test/v1?api-version=2")  # a query in the base URL: httpx2 joins it
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.test:3128")
    assert not anyio.run(usable, "https://api.openai.com/v1")  # the proxy is httpx2's job
    assert anyio.run(usable, "https://127.0.0.1:8443/v1")  # loopback never goes through it
    monkeypatch.delenv("HTTPS_PROXY")
    monkeypatch.setenv(MODEL_CLIENT_VAR, "httpx")
    assert not anyio.run(usable, "http://127.0.0.1:8000/v1")
    monkeypatch.setenv(MODEL_CLIENT_VAR, "fast")
    with pytest.raises(ValueError, match=MODEL_CLIENT_VAR):
        anyio.run(usable, "http://127.0.0.1:8000/v1")
    with pytest.raises(ValueError, match=MODEL_CLIENT_VAR):  # refused before a run starts, not per request
        Endpoint("openai", "m", "http://127.0.0.1:8000/v1", None, "K", "t").check()
    with pytest.raises(ValueError, match="plain base URL"):
        JsonClient("http://user:pw@127.0.0.1:1/v1")
    assert isinstance(ChatModel(Endpoint("openai", "m", "http://127.0.0.1:1/v1", None, "K", "t"))._client, httpx2.Client)


def test_ip_literal_hosts_are_not_mangled():
    """An IPv6 loopback base URL keeps its brackets in the Host header and connects to ::1."""
    pool = JsonClient("http://[::1]:8000/v1").pool
    assert ipaddress.ip_address(pool.host) == ipaddress.ip_address("::1") and "host: [::1]:8000\r\n" in pool._fixed
