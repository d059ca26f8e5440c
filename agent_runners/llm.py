"""LLM agents over HTTP: the OpenAI Chat Completions and Anthropic Messages wire formats.

No vendor SDKs: each adapter turns the canonical conversation into its API's request body and the response
back into a `WireReply` (visible text, tool calls, thinking, whether the reply was cut, token counts).
Everything else is `codegym_mcp.chat`'s, shared with synthesis: the endpoint and key checks and the request
loop (429/5xx/timeouts retried with backoff and Retry-After, refused parameters learnt from a 400). When
retries run out, or the API refuses the request outright, `APIFailure` marks the episode errored, never failed.

Thinking is kept out of the visible content (`Message.content`) and recorded apart (`Message.reasoning`).
It is never sent back to OpenAI-compatible servers; Anthropic's signed thinking blocks are sent back verbatim
(`Message.thinking`), as its API requires with tool use when thinking is on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol

import anyio

# One HTTP layer with synthesis: endpoints, key and URL checks, the request loop and its retry policy.
from codegym_mcp.chat import (Answer, ChatError, Endpoint, ModelClient, Quirks, RetryPolicy, anthropic_input_tokens,
                              apost_json, async_client, openai_reasoning, resolve_endpoint, split_thinking,
                              token_limit_key)

from .formats import Conversation, result_text
from .protocol import APIFailure, CallResult, EpisodeContext, Message, ToolCall, ToolSpec, Turn

__all__ = ["AnthropicMessages", "LLMAgent", "OpenAIChat", "RetryPolicy", "WireReply"]

CUT_HINT = "the reply was cut at the token limit ({limit}); raise --max-tokens"


@dataclass
class WireReply:
    """One response, read: the visible text, the tool calls, thinking kept apart, and whether it was cut."""

    text: str
    calls: list[ToolCall]
    input_tokens: int = 0
    output_tokens: int = 0
    reasoning: str = ""  # the model's thinking, never shown to it as content
    thinking: list[dict[str, Any]] = field(default_factory=list)  # provider blocks that must be sent back (Anthropic)
    truncated: bool = False  # stopped at the token limit: the last call may be cut


class Wire(Protocol):
    """One API's request and response shapes."""

    path: str

    def headers(self) -> dict[str, str]: ...
    def body(self, conv: Conversation, sampling: dict[str, Any]) -> dict[str, Any]: ...
    def parse(self, data: dict[str, Any]) -> WireReply: ...


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
            body[token_limit_key(self.base_url)] = sampling["max_tokens"]
        return body

    def parse(self, data: dict[str, Any]) -> WireReply:
        try:
            choice = data["choices"][0]
            message = choice["message"]
        except (KeyError, IndexError, TypeError):
            raise APIFailure(f"the response has no choices[0].message: {json.dumps(data)[:300]}") from None
        usage = data.get("usage") or {}
        content = message.get("content") or ""
        if isinstance(content, list):  # content parts
            content = "".join(p.get("text") or "" for p in content if isinstance(p, dict))
        text, inline = split_thinking(content)
        reasoning = "\n".join(r for r in (openai_reasoning(message), inline) if r)
        calls = [parse_openai_call(c) for c in message.get("tool_calls") or []]
        return WireReply(text, calls, int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0),
                         reasoning, truncated=choice.get("finish_reason") == "length")


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
            blocks: list[dict[str, Any]] = list(m.thinking)  # signed thinking goes back first, as it came
            blocks += [{"type": "text", "text": m.content}] if m.content.strip() else []
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

    def parse(self, data: dict[str, Any]) -> WireReply:
        blocks = data.get("content")
        if not isinstance(blocks, list):
            raise APIFailure(f"the response has no content list: {json.dumps(data)[:300]}")
        texts, calls, reasoning, thinking = [], [], [], []
        for b in blocks:
            if not isinstance(b, dict):
                continue
            if b.get("type") in ("thinking", "redacted_thinking"):
                thinking.append(b)
                reasoning.append(b.get("thinking") or "")
            elif b.get("type") == "text":
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
        text, inline = split_thinking("".join(texts))
        truncated = data.get("stop_reason") == "max_tokens"
        if truncated and calls and calls[-1].error is None:  # the input of a cut tool_use is partial, not to be run
            calls[-1].error = f"the input of {calls[-1].name or 'the call'} is incomplete"
        return WireReply(text, calls, anthropic_input_tokens(usage), int(usage.get("output_tokens") or 0),
                         "\n".join(r for r in (*reasoning, inline) if r), thinking, truncated)


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
    quirks: Quirks = field(init=False)  # parameters the model refused (reasoning models: max_tokens, temperature)
    _client: ModelClient | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.name = self.name or f"{self.provider}:{self.wire.model}"
        self.quirks = Quirks(self.provider)

    @property
    def provider(self) -> str:
        return "openai" if isinstance(self.wire, OpenAIChat) else "anthropic"

    @property
    def model(self) -> str:
        return self.wire.model

    @property
    def api(self) -> Endpoint:
        return Endpoint(self.provider, self.wire.model, self.wire.base_url.rstrip("/"), self.wire.api_key, self.key_var,
                        self.url_source)

    def start(self, ctx: EpisodeContext) -> "LLMSession":
        return LLMSession(self, Conversation(ctx, self.tool_format))

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def _http(self) -> ModelClient:
        if self._client is None:  # made on first use, in the run's event loop (the lean client needs asyncio)
            self._client = async_client(self.api, self.retry, self.wire.headers())  # the wire's own win (a pinned anthropic-version)
        return self._client

    async def complete(self, body: dict[str, Any]) -> tuple[dict[str, Any], int, float]:
        """POST through the shared request loop; (response JSON, retries used, latency of the attempt that worked
        in ms). APIFailure when it cannot, with the retries spent and whether any later request can succeed."""
        try:
            answer: Answer[dict[str, Any]] = await apost_json(self._http(), self.wire.path, body, policy=self.retry, quirks=self.quirks,
                                      label=f"{self.name} at {self.wire.base_url}")
        except ChatError as exc:
            raise APIFailure(str(exc), retries=exc.retries, status=exc.status, fatal=exc.fatal) from None
        return answer.value, answer.retries, answer.latency_ms

    def endpoint(self) -> str:
        """Where requests go and where the key comes from, for messages."""
        key = f"key from ${self.key_var}" + ("" if self.wire.api_key else " (not set)") if self.key_var else "no key"
        return f"{self.wire.base_url} (from {self.url_source}; {key})"

    async def preflight(self) -> None:
        """Refuse to start a run that cannot work: no key for the official API, a malformed URL, an endpoint that
        does not resolve or accept connections. Raises ValueError naming the variable or option to fix."""
        await anyio.to_thread.run_sync(self.api.check_reachable)  # the checks synthesis makes, off the event loop


class LLMSession:
    """One episode's conversation with the model."""

    def __init__(self, agent: LLMAgent, conv: Conversation):
        self.agent = agent
        self.conv = conv
        self.messages = conv.messages

    async def act(self) -> Turn:
        body = self.agent.wire.body(self.conv, self.agent.sampling)
        data, retries, latency = await self.agent.complete(body)
        reply = self.agent.wire.parse(data)
        if reply.truncated:  # a call cut mid-arguments is malformed: say why, so the user knows what to raise
            hint = CUT_HINT.format(limit=f"{self.agent.sampling['max_tokens']:,} tokens" if self.agent.sampling.get("max_tokens")
                                   else "the server's default")
            for call in reply.calls:
                if call.error is not None:
                    call.error += f"; {hint}"
        message, calls, parse_error = self.conv.reply(reply.text, reply.calls)
        message.reasoning, message.thinking = reply.reasoning, reply.thinking
        if reply.truncated:
            message.kind = "truncated"
            if parse_error is not None:
                parse_error += f" ({hint})"
        return Turn(message, calls, parse_error, input_tokens=reply.input_tokens, output_tokens=reply.output_tokens,
                    latency_ms=latency, retries=retries, truncated=reply.truncated)

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
