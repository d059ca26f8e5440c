"""The HTTP layer every chat model goes through: `openai:MODEL` and `anthropic:MODEL` endpoints, their key and
URL checks, and one retry policy (429, 5xx, timeouts and dropped connections, honouring Retry-After).

Synthesis uses `ChatModel` (plain text completions, synchronous); the harness's tool-calling agents
(`agent_runners/llm.py`) build on the same endpoints, checks and policy. Model quirks are handled here, once:
reasoning models that refuse `max_tokens` or a custom temperature (learnt from the 400 that names the
parameter, then retried without it), thinking content (kept apart from the answer), and replies cut at the
token limit (`ChatReply.truncated`).
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlparse

import httpx2

__all__ = ["ChatError", "ChatModel", "ChatReply", "Endpoint", "RetryPolicy", "resolve_endpoint"]

RETRYABLE_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504, 520, 522, 524, 529})
FATAL_STATUS = frozenset({401, 403, 404})  # wrong key, no access, wrong URL or model: no request of the run can succeed
OFFICIAL_HOSTS = {"api.openai.com", "api.anthropic.com"}
DEFAULT_BASE_URLS = {"openai": "https://api.openai.com/v1", "anthropic": "https://api.anthropic.com"}
PREFLIGHT_TIMEOUT = 10.0  # seconds to resolve and connect to the endpoint before a run


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter: attempt n waits between base*2^n/2 and base*2^n seconds (capped)."""

    attempts: int = 6
    base: float = 1.0
    cap: float = 60.0
    timeout: float = 600.0  # seconds for one response (long generations are slow)

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        ceiling = min(self.cap, self.base * (2 ** attempt))
        wait = ceiling / 2 + random.uniform(0, ceiling / 2)
        if retry_after is not None:  # the server knows best, within our cap
            wait = max(wait, min(retry_after, self.cap))
        return wait


def retry_after(response: httpx2.Response) -> float | None:
    try:
        return max(0.0, float(response.headers.get("retry-after", "")))
    except ValueError:
        return None


class ChatError(RuntimeError):
    """The endpoint failed after retries, or refused the request. `fatal`: no later request can succeed either
    (wrong key, URL or model; nothing listening)."""

    def __init__(self, message: str, *, status: int | None = None, retries: int = 0, fatal: bool = False):
        super().__init__(message)
        self.status = status
        self.retries = retries
        self.fatal = fatal


# ---------------------------------------------------------------- endpoints


@dataclass(frozen=True)
class Endpoint:
    """Where a model is: provider, model name, base URL and key, and where each came from (for messages)."""

    provider: str  # "openai" (Chat Completions) | "anthropic" (Messages)
    model: str
    base_url: str
    api_key: str | None
    key_var: str  # the environment variable the key comes from
    url_source: str  # --base-url, a variable, or "the default"

    @property
    def spec(self) -> str:
        return f"{self.provider}:{self.model}"

    def describe(self) -> str:
        key = f"key from ${self.key_var}" + ("" if self.api_key else " (not set)")
        return f"{self.base_url} (from {self.url_source}; {key})"

    def check(self) -> None:
        """Refuse what cannot work, before any request: a malformed URL, no key for the official API."""
        url = urlparse(self.base_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise ValueError(f"the API base URL {self.base_url!r} (from {self.url_source}) is not an http(s) URL; "
                             "pass --base-url http://HOST:PORT/...")
        if not self.api_key and url.hostname in OFFICIAL_HOSTS:
            raise ValueError(f"${self.key_var} is not set: export {self.key_var}=... to call {url.hostname}, or pass "
                             "--base-url for a server that needs no key (vLLM, SGLang, Ollama, LM Studio)")

    def check_reachable(self, timeout: float = PREFLIGHT_TIMEOUT) -> None:
        """`check()`, then resolve and connect to the host; ValueError naming what to fix."""
        self.check()
        url = urlparse(self.base_url)
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            socket.create_connection((url.hostname, port), timeout=timeout).close()
        except OSError as exc:
            reason = f"no answer within {timeout:g}s" if isinstance(exc, TimeoutError) else (str(exc) or type(exc).__name__)
            raise ValueError(f"cannot reach the model API at {self.base_url} (from {self.url_source}): {reason}. "
                             "Check --base-url (or the variable named) and that the server is up") from None

    def headers(self) -> dict[str, str]:
        if self.provider == "anthropic":
            return {"anthropic-version": "2023-06-01", **({"x-api-key": self.api_key} if self.api_key else {})}
        return {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}


def resolve_endpoint(spec: str, base_url: str | None = None, *, option: str = "--base-url") -> Endpoint:
    """`openai:MODEL` (key $OPENAI_API_KEY, URL $OPENAI_BASE_URL) or `anthropic:MODEL` ($ANTHROPIC_...);
    `base_url`, given by `option`, wins over the variable."""
    provider, _, model = spec.partition(":")
    if not model:
        raise ValueError(f"{spec!r}: give a model, e.g. openai:gpt-4o-mini or anthropic:claude-sonnet-4-5")
    if provider not in DEFAULT_BASE_URLS:
        raise ValueError(f"unknown LLM provider {provider!r} (use openai:MODEL or anthropic:MODEL)")
    prefix = provider.upper()
    url, source = ((base_url, option) if base_url else
                   (os.environ[f"{prefix}_BASE_URL"], f"${prefix}_BASE_URL") if os.environ.get(f"{prefix}_BASE_URL") else
                   (DEFAULT_BASE_URLS[provider], "the default"))
    return Endpoint(provider, model, url.rstrip("/"), os.environ.get(f"{prefix}_API_KEY") or None, f"{prefix}_API_KEY", source)


# ---------------------------------------------------------------- plain-text chat


@dataclass
class ChatReply:
    text: str  # the answer, without thinking
    reasoning: str = ""  # thinking the endpoint returned, if any
    truncated: bool = False  # stopped at the token limit
    input_tokens: int = 0
    output_tokens: int = 0  # includes thinking tokens where the API counts them there
    retries: int = 0


_THINK = re.compile(r"<think(?:ing)?>(.*?)(?:</think(?:ing)?>|\Z)", re.S)
_OPTIONAL = ("temperature", "top_p")  # a model may refuse these; we then leave them out
_REFUSAL_WORDS = ("unsupported", "not supported", "does not support", "unrecognized", "unknown", "extra inputs",
                  "not allowed", "only the default", "use 'max_completion_tokens'", "deprecated")


def refused_parameter(response: httpx2.Response, sent: dict[str, Any]) -> str | None:
    """The request parameter a 400 says the model does not accept (OpenAI's `error.param`, or named in the
    message), if it is one we can do without or rename."""
    try:
        error = response.json().get("error") or {}
    except (ValueError, AttributeError):
        error = {}
    if not isinstance(error, dict):
        error = {"message": str(error)}
    candidates = [k for k in sent if k not in ("model", "messages", "system")]
    param = error.get("param")
    if isinstance(param, str) and param in candidates:
        return param
    message = str(error.get("message") or response.text).lower()
    if not any(w in message for w in _REFUSAL_WORDS):
        return None
    named = [k for k in candidates if re.search(rf"(?<![\w]){re.escape(k)}(?![\w])", message)]
    return named[0] if len(named) == 1 else None


@dataclass
class ChatModel:
    """Plain-text chat against one endpoint, with the shared retry policy and the model quirks learnt as it goes."""

    endpoint: Endpoint
    max_tokens: int = 4096
    temperature: float | None = None  # None: the model's default
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    refused: set[str] = field(default_factory=set)  # parameters this model has refused (learnt from 400s)
    _token_key: str = field(default="", init=False)
    _client: httpx2.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # OpenAI's own API wants the newer name (reasoning models reject the old one); other servers the old one.
        official = urlparse(self.endpoint.base_url).hostname == "api.openai.com"
        self._token_key = "max_completion_tokens" if official else "max_tokens"
        self._client = httpx2.Client(base_url=self.endpoint.base_url, headers=self.endpoint.headers(),
                                     timeout=httpx2.Timeout(self.retry.timeout, connect=30.0))

    def close(self) -> None:
        self._client.close()

    def body(self, messages: list[dict[str, str]], temperature: float | None = None) -> dict[str, Any]:
        temp = self.temperature if temperature is None else temperature
        body: dict[str, Any] = {"model": self.endpoint.model}
        if self.endpoint.provider == "anthropic":
            system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
            turns: list[dict[str, str]] = []
            for m in messages:
                if m["role"] == "system":
                    continue
                if turns and turns[-1]["role"] == m["role"]:  # the API wants strict alternation
                    turns[-1] = {"role": m["role"], "content": turns[-1]["content"] + "\n\n" + m["content"]}
                else:
                    turns.append({"role": m["role"], "content": m["content"]})
            body.update({"max_tokens": self.max_tokens, "messages": turns, **({"system": system} if system else {})})
        else:
            body.update({"messages": messages, self._token_key: self.max_tokens})
        if temp is not None:
            body["temperature"] = temp
        for name in self.refused:
            body.pop(name, None)
        return body

    def _learn(self, response: httpx2.Response, body: dict[str, Any]) -> bool:
        """Adapt to a 400 that names a parameter the model refuses; True if a changed request may succeed."""
        name = refused_parameter(response, body)
        if name in ("max_tokens", "max_completion_tokens") and self.endpoint.provider == "openai":
            if self._token_key == name:  # (another thread may have switched already)
                self._token_key = "max_completion_tokens" if name == "max_tokens" else "max_tokens"
            return True
        if name in _OPTIONAL:
            self.refused.add(name)
            return True
        return False

    def complete(self, messages: list[dict[str, str]], *, temperature: float | None = None) -> ChatReply:
        """One reply; retries transient failures, learns refused parameters; ChatError when it cannot."""
        last, status, unreachable = "", None, False
        attempt = adaptations = 0
        while attempt < self.retry.attempts:
            body = self.body(messages, temperature)
            wait_hint = None
            try:
                response = self._client.post("/v1/messages" if self.endpoint.provider == "anthropic" else "/chat/completions",
                                             json=body)
            except httpx2.TimeoutException as exc:
                last, status, unreachable = f"timeout: {type(exc).__name__}", None, False
            except httpx2.TransportError as exc:
                last, status, unreachable = f"connection failed: {type(exc).__name__}: {exc}", None, True
            else:
                status, unreachable = response.status_code, False
                if status == 200:
                    try:
                        reply = self.parse(response.json())
                    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                        last = f"HTTP 200 with an unexpected body: {response.text[:300]}"
                    else:
                        reply.retries = attempt
                        return reply
                elif status == 400 and adaptations < 3 and self._learn(response, body):
                    adaptations += 1
                    continue  # not a retry: a different request
                elif status in RETRYABLE_STATUS:
                    last, wait_hint = f"HTTP {status}: {response.text[:300]}", retry_after(response)
                else:  # 400, 401, 403, 404...: retrying cannot help
                    raise ChatError(f"{self.endpoint.spec} at {self.endpoint.base_url}: HTTP {status}: {response.text[:500]}",
                                    status=status, retries=attempt, fatal=status in FATAL_STATUS)
            attempt += 1
            if attempt < self.retry.attempts:
                self.sleep(self.retry.delay(attempt - 1, wait_hint))
        raise ChatError(f"{self.endpoint.spec} at {self.endpoint.base_url}: gave up after {self.retry.attempts} attempts; "
                        f"last: {last}", status=status, retries=self.retry.attempts - 1, fatal=unreachable)

    def parse(self, data: dict[str, Any]) -> ChatReply:
        if self.endpoint.provider == "anthropic":
            blocks = data["content"]
            text = "".join(b.get("text") or "" for b in blocks if b.get("type") == "text")
            reasoning = "".join(b.get("thinking") or "" for b in blocks if b.get("type") == "thinking")
            usage = data.get("usage") or {}
            tokens_in = sum(int(usage.get(k) or 0) for k in ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"))
            reply = ChatReply(text, reasoning, data.get("stop_reason") == "max_tokens", tokens_in, int(usage.get("output_tokens") or 0))
        else:
            choice = data["choices"][0]
            message = choice["message"]
            text = message.get("content") or ""
            if isinstance(text, list):  # content parts
                text = "".join(p.get("text") or "" for p in text if isinstance(p, dict))
            reasoning = message.get("reasoning_content") or message.get("reasoning") or ""
            usage = data.get("usage") or {}
            reply = ChatReply(text, reasoning if isinstance(reasoning, str) else json.dumps(reasoning),
                              choice.get("finish_reason") == "length", int(usage.get("prompt_tokens") or 0),
                              int(usage.get("completion_tokens") or 0))
        inline = _THINK.findall(reply.text)  # models served raw put their thinking in the text
        if inline:
            reply.reasoning = "\n".join([reply.reasoning, *inline]).strip()
            reply.text = _THINK.sub("", reply.text).strip()
        return reply
