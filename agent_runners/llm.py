"""LLM agents over HTTP: the OpenAI Chat Completions and Anthropic Messages wire formats.

No vendor SDKs: each adapter turns the canonical conversation into its API's request body and the
response back into text, tool calls and token counts. Transient API failures (429, 5xx, timeouts,
dropped connections) are retried with exponential backoff and jitter; when retries run out, or the
API refuses the request outright, `APIFailure` marks the episode errored, never failed.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlparse

import anyio
import httpx2

# One HTTP layer with synthesis: endpoints, key and URL checks, retry policy, refused-parameter detection.
from codegym_mcp.chat import FATAL_STATUS, PREFLIGHT_TIMEOUT, RETRYABLE_STATUS, Endpoint, RetryPolicy, refused_parameter, resolve_endpoint
from codegym_mcp.chat import retry_after as _retry_after

from .formats import Conversation, result_text
from .protocol import APIFailure, CallResult, EpisodeContext, Message, ToolCall, ToolSpec, Turn

__all__ = ["AnthropicMessages", "LLMAgent", "OpenAIChat", "RetryPolicy"]

class Wire(Protocol):
    """One API's request and response shapes."""

    path: str

    def headers(self) -> dict[str, str]: ...
    def body(self, conv: Conversation, sampling: dict[str, Any]) -> dict[str, Any]: ...
    def parse(self, data: dict[str, Any]) -> tuple[str, list[ToolCall], int, int]: ...


# ---------------------------------------------------------------- OpenAI Chat Completions


def openai_tool(tool: ToolSpec) -> dict[str, Any]:
    return {"type": "function", "function": {"name": tool.name, "description": tool.description,
                                             "parameters": _object_schema(tool.input_schema)}}


def _object_schema(schema: dict[str, Any]) -> dict[str, Any]:
    # Both APIs insist on an object schema at the top, even for tools without parameters.
    out = dict(schema or {})
    out.setdefault("type", "object")
    out.setdefault("properties", {})
    return out


def openai_messages(messages: list[Message], native: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.role == "assistant":
            row: dict[str, Any] = {"role": "assistant", "content": m.content or ""}
            if native and m.tool_calls:
                row["tool_calls"] = [{"id": c.id, "type": "function", "function": {
                    "name": c.name, "arguments": c.raw if c.raw is not None else json.dumps(c.arguments or {})}}
                    for c in m.tool_calls]
            out.append(row)
        elif m.role == "tool":
            text = result_text(CallResult(ToolCall(m.name or "", None), m.content, is_error=m.is_error))
            out.append({"role": "tool", "tool_call_id": m.tool_call_id, "content": text})
        else:
            out.append({"role": m.role, "content": m.content})
    return out


def parse_openai_call(raw_call: dict[str, Any]) -> ToolCall:
    fn = raw_call.get("function") or {}
    name = fn.get("name") or ""
    raw = fn.get("arguments")
    cid = raw_call.get("id") or None
    call = ToolCall(name, None, raw=raw if isinstance(raw, str) else None)
    if cid:
        call.id = cid
    if not name:
        call.error = "the tool call has no function name"
        return call
    if isinstance(raw, dict):
        call.arguments, call.raw = raw, None
        return call
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        call.arguments = {}
        return call
    try:
        args = json.loads(raw)
    except (json.JSONDecodeError, TypeError) as exc:
        call.error = f"the arguments of {name} are not valid JSON ({exc})"
        return call
    if not isinstance(args, dict):
        call.error = f"the arguments of {name} must be a JSON object, got {type(args).__name__}"
        return call
    call.arguments = args
    return call


@dataclass
class OpenAIChat:
    """`POST {base_url}/chat/completions` with `tools` (OpenAI, vLLM, SGLang, Ollama, LM Studio, ...)."""

    model: str
    base_url: str = "https://api.openai.com/v1"
    api_key: str | None = None
    path: str = "/chat/completions"

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}

    def body(self, conv: Conversation, sampling: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "messages": openai_messages(conv.messages, conv.native)}
        if conv.native:
            body["tools"] = [openai_tool(t) for t in conv.tools]
        if sampling.get("temperature") is not None:
            body["temperature"] = sampling["temperature"]
        if sampling.get("top_p") is not None:
            body["top_p"] = sampling["top_p"]
        if sampling.get("max_tokens"):
            # OpenAI's own API wants the newer name (reasoning models reject the old one); other servers the old.
            key = "max_completion_tokens" if urlparse(self.base_url).hostname == "api.openai.com" else "max_tokens"
            body[key] = sampling["max_tokens"]
        return body

    def parse(self, data: dict[str, Any]) -> tuple[str, list[ToolCall], int, int]:
        try:
            message = data["choices"][0]["message"]
        except (KeyError, IndexError, TypeError):
            raise APIFailure(f"the response has no choices[0].message: {json.dumps(data)[:300]}") from None
        usage = data.get("usage") or {}
        calls = [parse_openai_call(c) for c in message.get("tool_calls") or []]
        return message.get("content") or "", calls, int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0)


# ---------------------------------------------------------------- Anthropic Messages


def anthropic_tool(tool: ToolSpec) -> dict[str, Any]:
    return {"name": tool.name, "description": tool.description, "input_schema": _object_schema(tool.input_schema)}


def anthropic_messages(messages: list[Message], native: bool) -> tuple[str, list[dict[str, Any]]]:
    """(system, messages): tool results become tool_result blocks; consecutive user blocks are merged."""
    system = "\n\n".join(m.content for m in messages if m.role == "system")
    out: list[dict[str, Any]] = []

    def add(role: str, blocks: list[dict[str, Any]]) -> None:
        if out and out[-1]["role"] == role:
            out[-1]["content"].extend(blocks)
        else:
            out.append({"role": role, "content": blocks})

    for m in messages:
        if m.role == "system":
            continue
        if m.role == "assistant":
            blocks: list[dict[str, Any]] = [{"type": "text", "text": m.content}] if m.content.strip() else []
            if native:
                blocks += [{"type": "tool_use", "id": c.id, "name": c.name or "invalid",
                            "input": c.arguments if isinstance(c.arguments, dict) else {}} for c in m.tool_calls]
            add("assistant", blocks or [{"type": "text", "text": "(no reply)"}])
        elif m.role == "tool":
            add("user", [{"type": "tool_result", "tool_use_id": m.tool_call_id, "content": m.content or "(empty)",
                          "is_error": m.is_error}])
        else:
            add("user", [{"type": "text", "text": m.content}])
    return system, out


@dataclass
class AnthropicMessages:
    """`POST {base_url}/v1/messages` with `tools` (the Anthropic API and compatible servers)."""

    model: str
    base_url: str = "https://api.anthropic.com"
    api_key: str | None = None
    version: str = "2023-06-01"
    path: str = "/v1/messages"

    def headers(self) -> dict[str, str]:
        headers = {"anthropic-version": self.version}
        if self.api_key:
            headers["x-api-key"] = self.api_key
        return headers

    def body(self, conv: Conversation, sampling: dict[str, Any]) -> dict[str, Any]:
        system, messages = anthropic_messages(conv.messages, conv.native)
        body: dict[str, Any] = {"model": self.model, "max_tokens": sampling.get("max_tokens") or 4096,
                                "system": system, "messages": messages}
        if conv.native:
            body["tools"] = [anthropic_tool(t) for t in conv.tools]
        if sampling.get("temperature") is not None:
            body["temperature"] = sampling["temperature"]
        if sampling.get("top_p") is not None:
            body["top_p"] = sampling["top_p"]
        return body

    def parse(self, data: dict[str, Any]) -> tuple[str, list[ToolCall], int, int]:
        blocks = data.get("content")
        if not isinstance(blocks, list):
            raise APIFailure(f"the response has no content list: {json.dumps(data)[:300]}")
        texts, calls = [], []
        for b in blocks:
            if not isinstance(b, dict):
                continue
            if b.get("type") == "text":
                texts.append(b.get("text") or "")
            elif b.get("type") == "tool_use":
                call = ToolCall(b.get("name") or "", None)
                if b.get("id"):
                    call.id = b["id"]
                payload = b.get("input")
                if not call.name:
                    call.error = "the tool call has no name"
                elif isinstance(payload, dict):
                    call.arguments = payload
                else:
                    call.raw = payload if isinstance(payload, str) else json.dumps(payload)
                    call.error = f"the input of {call.name} must be a JSON object"
                calls.append(call)
        usage = data.get("usage") or {}
        tokens_in = sum(int(usage.get(k) or 0) for k in ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"))
        return "".join(texts), calls, tokens_in, int(usage.get("output_tokens") or 0)


# ---------------------------------------------------------------- the agent


@dataclass
class LLMAgent:
    """A model behind one wire format; one HTTP connection pool shared by all its episodes."""

    wire: OpenAIChat | AnthropicMessages
    tool_format: str = "native"
    sampling: dict[str, Any] = field(default_factory=dict)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    name: str = ""
    key_var: str = ""  # the environment variable the key came from
    url_source: str = "the default"  # where the base URL came from: --base-url, a variable, or the default
    # parameters the model refused (reasoning models: max_tokens, temperature) -> the name to use instead, or None
    quirks: dict[str, str | None] = field(default_factory=dict)
    _client: httpx2.AsyncClient | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        prefix = "openai" if isinstance(self.wire, OpenAIChat) else "anthropic"
        self.name = self.name or f"{prefix}:{self.wire.model}"

    @property
    def model(self) -> str:
        return self.wire.model

    def start(self, ctx: EpisodeContext) -> "LLMSession":
        return LLMSession(self, Conversation(ctx, self.tool_format))

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _http(self) -> httpx2.AsyncClient:
        if self._client is None:
            self._client = httpx2.AsyncClient(
                base_url=self.wire.base_url.rstrip("/"), headers=self.wire.headers(),
                timeout=httpx2.Timeout(self.retry.timeout, connect=30.0),
                limits=httpx2.Limits(max_connections=None, max_keepalive_connections=64))
        return self._client

    async def complete(self, body: dict[str, Any]) -> tuple[dict[str, Any], int, float]:
        """POST with retries; returns (response JSON, retries used, latency of the successful attempt in ms)."""
        last = ""
        status: int | None = None
        unreachable = False
        body = self._adapt(body)
        for attempt in range(self.retry.attempts):
            retry_after = None
            start = time.perf_counter()
            try:
                response = await self._http().post(self.wire.path, json=body)
            except httpx2.TimeoutException as exc:
                last, status, unreachable = f"timeout: {type(exc).__name__}", None, False
            except httpx2.TransportError as exc:
                last, status, unreachable = f"connection failed: {type(exc).__name__}: {exc}", None, True
            else:
                status, unreachable = response.status_code, False
                if status == 200:
                    try:
                        data = response.json()
                    except ValueError:
                        last = "HTTP 200 with a body that is not JSON"
                    else:
                        if isinstance(data, dict):
                            return data, attempt, (time.perf_counter() - start) * 1000
                        last = "HTTP 200 with a JSON body that is not an object"
                elif status in RETRYABLE_STATUS:
                    last, retry_after = f"HTTP {status}: {response.text[:300]}", _retry_after(response)
                elif status == 400 and self._learn(response, body):
                    last, body = f"HTTP 400: {response.text[:300]}", self._adapt(body)
                    continue  # the same request without what the model refused, at once
                else:  # 400, 401, 403, 404...: retrying cannot help
                    raise APIFailure(f"HTTP {status}: {response.text[:500]}", retries=attempt, status=status,
                                     fatal=status in FATAL_STATUS)
            if attempt + 1 < self.retry.attempts:
                await anyio.sleep(self.retry.delay(attempt, retry_after))
        raise APIFailure(f"gave up after {self.retry.attempts} attempts; last: {last}",
                         retries=self.retry.attempts - 1, status=status, fatal=unreachable)

    def _learn(self, response: httpx2.Response, body: dict[str, Any]) -> bool:
        """Remember a parameter a 400 says the model refuses; True if the request can go without it."""
        name = refused_parameter(response, body)
        if name in ("max_tokens", "max_completion_tokens") and isinstance(self.wire, OpenAIChat):
            self.quirks[name] = "max_completion_tokens" if name == "max_tokens" else "max_tokens"
            return True
        if name in ("temperature", "top_p"):
            self.quirks[name] = None
            return True
        return False

    def _adapt(self, body: dict[str, Any]) -> dict[str, Any]:
        out = dict(body)
        for name, instead in self.quirks.items():
            if name in out:
                value = out.pop(name)
                if instead:
                    out[instead] = value
        return out

    def endpoint(self) -> str:
        """Where requests go and where the key comes from, for messages."""
        key = f"key from ${self.key_var}" + ("" if self.wire.api_key else " (not set)") if self.key_var else "no key"
        return f"{self.wire.base_url} (from {self.url_source}; {key})"

    async def preflight(self) -> None:
        """Refuse to start a run that cannot work: no key for the official API, a malformed URL, an endpoint that
        does not resolve or accept connections. Raises ValueError naming the variable or option to fix."""
        provider = "openai" if isinstance(self.wire, OpenAIChat) else "anthropic"
        Endpoint(provider, self.wire.model, self.wire.base_url, self.wire.api_key, self.key_var, self.url_source).check()
        url = urlparse(self.wire.base_url)
        assert url.hostname is not None  # check() saw to it
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            with anyio.fail_after(PREFLIGHT_TIMEOUT):
                stream = await anyio.connect_tcp(url.hostname, port)
            await stream.aclose()
        except (OSError, TimeoutError) as exc:
            reason = str(exc) or type(exc).__name__
            if isinstance(exc, TimeoutError):
                reason = f"no answer within {PREFLIGHT_TIMEOUT:g}s"
            raise ValueError(f"cannot reach the model API at {self.wire.base_url} (from {self.url_source}): {reason}. "
                             "Check --base-url (or the variable named) and that the server is up") from None


class LLMSession:
    """One episode's conversation with the model."""

    def __init__(self, agent: LLMAgent, conv: Conversation):
        self.agent = agent
        self.conv = conv
        self.messages = conv.messages

    async def act(self) -> Turn:
        body = self.agent.wire.body(self.conv, self.agent.sampling)
        data, retries, latency = await self.agent.complete(body)
        text, calls, tokens_in, tokens_out = self.agent.wire.parse(data)
        message, calls, parse_error = self.conv.reply(text, calls)
        return Turn(message, calls, parse_error, input_tokens=tokens_in, output_tokens=tokens_out,
                    latency_ms=latency, retries=retries)

    async def observe(self, results: list[CallResult], note: str | None = None) -> list[Message]:
        return self.conv.feedback(results, note)

    async def aclose(self) -> None:
        pass


def make_llm_agent(spec: str, *, base_url: str | None = None, tool_format: str = "native",
                   sampling: dict[str, Any] | None = None, retry: RetryPolicy | None = None) -> LLMAgent:
    """`openai:MODEL` (key $OPENAI_API_KEY, base $OPENAI_BASE_URL) or `anthropic:MODEL` ($ANTHROPIC_API_KEY)."""
    ep = resolve_endpoint(spec, base_url)
    wire: OpenAIChat | AnthropicMessages = (OpenAIChat(ep.model, ep.base_url, ep.api_key) if ep.provider == "openai"
                                            else AnthropicMessages(ep.model, ep.base_url, ep.api_key))
    return LLMAgent(wire, tool_format, dict(sampling or {}), retry or RetryPolicy(), key_var=ep.key_var,
                    url_source=ep.url_source)
