"""The HTTP layer every chat model goes through: `openai:MODEL` and `anthropic:MODEL` endpoints, their key and
URL checks, and one request loop (retries on 429, 5xx, timeouts and dropped connections, honouring
Retry-After; refused parameters learnt from the 400 that names them), in a synchronous form (`post_json`, for
synthesis) and an asynchronous one (`apost_json`, for the harness) built on the same policy code (`_Exchange`). The
asynchronous form sends through the lean HTTP/1.1 client (`http11.JsonClient`) when the endpoint is reached
directly, httpx2 otherwise (`async_client`; CODEGYM_MODEL_CLIENT=httpx forces httpx2).

Synthesis uses `ChatModel` (plain text completions, synchronous); the harness's tool-calling agents
(`agent_runners/llm.py`) keep only their wire formats and send through `apost_json`. Model quirks are handled
here, once: reasoning models that refuse `max_tokens` or a custom temperature (learnt from the 400 that names
the parameter, then retried without it), thinking content (`split_thinking`: kept apart from the answer), and
replies cut at the token limit (`ChatReply.truncated`).
"""

from __future__ import annotations

import json
import os
import random
import re
import socket
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable, Generic, Protocol, TypeVar
from urllib.parse import urlparse, urlsplit

import anyio
import httpx2

from .http11 import JsonClient, direct_route, on_asyncio

__all__ = ["Answer", "ChatError", "ChatModel", "ChatReply", "Endpoint", "ModelClient", "Quirks", "RetryPolicy", "apost_json",
           "async_client", "post_json", "resolve_endpoint", "split_thinking", "token_limit_key"]

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


class HttpAnswer(Protocol):
    """What the request loop reads of an HTTP answer: httpx2's Response and the lean client's both have it."""

    @property
    def status_code(self) -> int: ...
    @property
    def headers(self) -> Mapping[str, str]: ...  # looked up by lower-case name
    @property
    def text(self) -> str: ...
    def json(self) -> Any: ...


def retry_after(response: HttpAnswer) -> float | None:
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
        model_client_choice()

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


# ---------------------------------------------------------------- model quirks


_THINK = re.compile(r"<think(?:ing)?>(.*?)(?:</think(?:ing)?>|\Z)", re.S)
_OPTIONAL = ("temperature", "top_p")  # a model may refuse these; we then leave them out
_TOKEN_KEYS = ("max_tokens", "max_completion_tokens")
_REFUSAL_WORDS = ("unsupported", "not supported", "does not support", "unrecognized", "unknown", "extra inputs",
                  "not allowed", "only the default", "use 'max_completion_tokens'", "deprecated")


def split_thinking(text: str) -> tuple[str, str]:
    """(visible text, thinking) of a reply whose model writes its thinking inline as <think>...</think>
    (models served raw do); an unclosed <think> runs to the end (a reply cut while thinking)."""
    inline = _THINK.findall(text)
    if not inline:
        return text, ""
    return _THINK.sub("", text).strip(), "\n".join(t.strip() for t in inline)


def token_limit_key(base_url: str) -> str:
    """OpenAI's own API wants the newer name (reasoning models reject the old one); other servers the old one."""
    return "max_completion_tokens" if urlparse(base_url).hostname == "api.openai.com" else "max_tokens"


def refused_parameter(response: HttpAnswer, sent: dict[str, Any]) -> str | None:
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
class Quirks:
    """The parameters one model refused, learnt from 400s that name them: name -> the name to send its value
    under instead, or None to leave it out. Shared by every request to the model (threads or tasks)."""

    provider: str
    renamed: dict[str, str | None] = field(default_factory=dict)

    def apply(self, body: dict[str, Any]) -> dict[str, Any]:
        out = dict(body)
        for name, instead in list(self.renamed.items()):
            if name in out:
                value = out.pop(name)
                if instead:
                    out[instead] = value
        return out

    def learn(self, response: HttpAnswer, sent: dict[str, Any]) -> bool:
        """Remember what a 400 says the model refuses; True if the same request without it may succeed."""
        name = refused_parameter(response, sent)
        if name in _TOKEN_KEYS and self.provider == "openai":  # Anthropic requires max_tokens: nothing to learn
            other = _TOKEN_KEYS[1] if name == _TOKEN_KEYS[0] else _TOKEN_KEYS[0]
            self.renamed.pop(other, None)  # never rename both ways
            self.renamed[name] = other
            return True
        if name in _OPTIONAL:
            self.renamed[name] = None
            return True
        return False

    @property
    def dropped(self) -> set[str]:
        return {name for name, instead in self.renamed.items() if instead is None}


# ---------------------------------------------------------------- the request loop


T = TypeVar("T")
_UNEXPECTED = (ValueError, TypeError, KeyError, IndexError, AttributeError)
MAX_ADAPTATIONS = 3  # refused parameters learnt per request; more means the 400 is about something else


@dataclass
class Answer(Generic[T]):
    """A successful request: the parsed reply, the retries it took, and the latency of the attempt that worked."""

    value: T
    retries: int
    latency_ms: float


@dataclass(frozen=True)
class _Wait:
    seconds: float  # before sending the (possibly changed) request again


class _Exchange(Generic[T]):
    """The retry policy applied to one request, without I/O, so the sync and async loops share it: each outcome
    goes in, and out comes the parsed answer, a `_Wait` before sending `body` again, or ChatError."""

    def __init__(self, label: str, body: dict[str, Any], policy: RetryPolicy, quirks: Quirks | None,
                 parse: Callable[[dict[str, Any]], T]):
        self.label = label
        self.policy = policy
        self.quirks = quirks
        self.parse = parse
        self.body = quirks.apply(body) if quirks else body
        self.attempt = 0
        self.adaptations = 0
        self.last = ""
        self.status: int | None = None
        self.unreachable = False

    def failed(self, exc: httpx2.TransportError) -> _Wait:
        if isinstance(exc, httpx2.TimeoutException):
            self.last, self.status, self.unreachable = f"timeout: {type(exc).__name__}", None, False
        else:
            self.last, self.status, self.unreachable = f"connection failed: {type(exc).__name__}: {exc}", None, True
        return self._again(None)

    def answered(self, response: HttpAnswer) -> T | _Wait:
        status = self.status = response.status_code
        self.unreachable = False
        if status == 200:
            try:
                data = response.json()
                if not isinstance(data, dict):
                    raise TypeError("not a JSON object")
                return self.parse(data)
            except _UNEXPECTED as exc:
                self.last = f"HTTP 200 with an unexpected body ({exc}): {response.text[:300]}"
                return self._again(None)
        if status == 400 and self.quirks and self.adaptations < MAX_ADAPTATIONS and self.quirks.learn(response, self.body):
            self.adaptations += 1
            self.body = self.quirks.apply(self.body)
            return _Wait(0.0)  # not a retry: a different request, sent at once
        if status in RETRYABLE_STATUS:
            self.last = f"HTTP {status}: {response.text[:300]}"
            return self._again(retry_after(response))
        # 400, 401, 403, 404...: retrying cannot help
        raise ChatError(f"{self.label}: HTTP {status}: {response.text[:500]}", status=status, retries=self.attempt,
                        fatal=status in FATAL_STATUS)

    def _again(self, hint: float | None) -> _Wait:
        self.attempt += 1
        if self.attempt >= self.policy.attempts:
            raise ChatError(f"{self.label}: gave up after {self.policy.attempts} attempts; last: {self.last}",
                            status=self.status, retries=self.policy.attempts - 1, fatal=self.unreachable)
        return _Wait(self.policy.delay(self.attempt - 1, hint))


def _keep(data: dict[str, Any]) -> dict[str, Any]:
    return data


def post_json(client: httpx2.Client, path: str, body: dict[str, Any], *, policy: RetryPolicy, label: str,
              quirks: Quirks | None = None, parse: Callable[[dict[str, Any]], T] = _keep,  # type: ignore[assignment]
              sleep: Callable[[float], None] = time.sleep) -> Answer[T]:
    """POST `body` as JSON under the retry policy; the parsed 200 reply (a reply `parse` rejects with
    ValueError/KeyError/... is retried like a 5xx). Raises ChatError when it cannot."""
    exchange = _Exchange(label, body, policy, quirks, parse)
    while True:
        start = time.perf_counter()
        try:
            step = exchange.answered(client.post(path, json=exchange.body))
        except httpx2.TransportError as exc:
            step = exchange.failed(exc)
        if not isinstance(step, _Wait):
            return Answer(step, exchange.attempt, (time.perf_counter() - start) * 1000)
        if step.seconds:
            sleep(step.seconds)


async def apost_json(client: ModelClient, path: str, body: dict[str, Any], *, policy: RetryPolicy, label: str,
                     quirks: Quirks | None = None, parse: Callable[[dict[str, Any]], T] = _keep,  # type: ignore[assignment]
                     sleep: Callable[[float], Awaitable[None]] = anyio.sleep) -> Answer[T]:
    """`post_json` for the event loop: the same policy (`_Exchange`), awaiting instead of blocking."""
    exchange = _Exchange(label, body, policy, quirks, parse)
    while True:
        start = time.perf_counter()
        try:
            step = exchange.answered(await client.post(path, json=exchange.body))
        except httpx2.TransportError as exc:
            step = exchange.failed(exc)
        if not isinstance(step, _Wait):
            return Answer(step, exchange.attempt, (time.perf_counter() - start) * 1000)
        if step.seconds:
            await sleep(step.seconds)


ModelClient = httpx2.AsyncClient | JsonClient  # what `apost_json` sends through
MODEL_CLIENT_VAR = "CODEGYM_MODEL_CLIENT"  # "httpx": always httpx2, for anyone the lean client gives trouble
CONNECT_TIMEOUT = 30.0


def model_client_choice() -> str:
    """$CODEGYM_MODEL_CLIENT: "lean" (the default: wherever it can be used) or "httpx"; ValueError otherwise."""
    choice = os.environ.get(MODEL_CLIENT_VAR, "").strip().lower() or "lean"
    if choice not in ("lean", "httpx"):
        raise ValueError(f"${MODEL_CLIENT_VAR}={choice!r}: use 'lean' (the default, wherever it can be used) or 'httpx'")
    return choice


def lean_client_usable(base_url: str) -> bool:
    """Whether `async_client` may use the lean HTTP/1.1 client for `base_url`: asyncio runs this task, the
    endpoint is reached without a proxy, its URL is plain, and $CODEGYM_MODEL_CLIENT does not ask for httpx2."""
    url = urlsplit(base_url)
    return (model_client_choice() != "httpx" and on_asyncio() and direct_route(base_url)
            and not (url.query or url.fragment or url.username or url.password))


def async_client(endpoint: Endpoint, policy: RetryPolicy, headers: Mapping[str, str] | None = None) -> ModelClient:
    """One connection pool for all of a run's requests to `endpoint` (with `endpoint.headers()`, then `headers`).
    Uncapped: RL-scale runs keep thousands of requests in flight and a pool limit would queue them silently (the
    run's --concurrency is the cap). Call it from the event loop that will use it: the lean client (0.07-0.2 ms of CPU
    a request against httpx2's 0.7-1.4 ms: benchmarks/model_client.py) when `lean_client_usable`, httpx2 otherwise."""
    all_headers = {**endpoint.headers(), **(headers or {})}
    if lean_client_usable(endpoint.base_url):
        https = urlsplit(endpoint.base_url).scheme == "https"
        return JsonClient(endpoint.base_url, all_headers, connect_timeout=CONNECT_TIMEOUT, read_timeout=policy.timeout,
                          tls=httpx2.create_ssl_context() if https else None)  # the CAs httpx2 trusts, $SSL_CERT_FILE too
    from .httppool import pooled_client  # sharded: one pool of thousands of connections costs ~14 ms of CPU a request

    return pooled_client(base_url=endpoint.base_url, headers=all_headers,
                         timeout=httpx2.Timeout(policy.timeout, connect=CONNECT_TIMEOUT))


# ---------------------------------------------------------------- plain-text chat


@dataclass
class ChatReply:
    text: str  # the answer, without thinking
    reasoning: str = ""  # thinking the endpoint returned, if any
    truncated: bool = False  # stopped at the token limit
    input_tokens: int = 0
    output_tokens: int = 0  # includes thinking tokens where the API counts them there
    retries: int = 0


def anthropic_input_tokens(usage: dict[str, Any]) -> int:
    """Prompt tokens, cached or not (Anthropic counts cache reads and writes apart from input_tokens)."""
    return sum(int(usage.get(k) or 0) for k in ("input_tokens", "cache_read_input_tokens", "cache_creation_input_tokens"))


def openai_reasoning(message: dict[str, Any]) -> str:
    """The thinking an OpenAI-compatible server returns beside the answer (vLLM/SGLang/DeepSeek
    `reasoning_content`, OpenRouter/Ollama `reasoning`)."""
    reasoning = message.get("reasoning_content") or message.get("reasoning") or ""
    return reasoning if isinstance(reasoning, str) else json.dumps(reasoning)


@dataclass
class ChatModel:
    """Plain-text chat against one endpoint, with the shared request loop and the model quirks learnt as it goes."""

    endpoint: Endpoint
    max_tokens: int = 4096
    temperature: float | None = None  # None: the model's default
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Callable[[float], None] = time.sleep
    quirks: Quirks = field(init=False)
    _client: httpx2.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.quirks = Quirks(self.endpoint.provider)
        self._client = httpx2.Client(base_url=self.endpoint.base_url, headers=self.endpoint.headers(),
                                     timeout=httpx2.Timeout(self.retry.timeout, connect=30.0))

    @property
    def refused(self) -> set[str]:
        """The optional parameters this model refused (and is no longer sent)."""
        return self.quirks.dropped

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
            body.update({"messages": messages, token_limit_key(self.endpoint.base_url): self.max_tokens})
        if temp is not None:
            body["temperature"] = temp
        return self.quirks.apply(body)

    def complete(self, messages: list[dict[str, str]], *, temperature: float | None = None) -> ChatReply:
        """One reply; retries transient failures, learns refused parameters; ChatError when it cannot."""
        path = "/v1/messages" if self.endpoint.provider == "anthropic" else "/chat/completions"
        answer = post_json(self._client, path, self.body(messages, temperature), policy=self.retry,
                           label=f"{self.endpoint.spec} at {self.endpoint.base_url}", quirks=self.quirks,
                           parse=self.parse, sleep=self.sleep)
        answer.value.retries = answer.retries
        return answer.value

    def parse(self, data: dict[str, Any]) -> ChatReply:
        if self.endpoint.provider == "anthropic":
            blocks = data["content"]
            text = "".join(b.get("text") or "" for b in blocks if b.get("type") == "text")
            reasoning = "".join(b.get("thinking") or "" for b in blocks if b.get("type") == "thinking")
            usage = data.get("usage") or {}
            reply = ChatReply(text, reasoning, data.get("stop_reason") == "max_tokens", anthropic_input_tokens(usage),
                              int(usage.get("output_tokens") or 0))
        else:
            choice = data["choices"][0]
            message = choice["message"]
            text = message.get("content") or ""
            if isinstance(text, list):  # content parts
                text = "".join(p.get("text") or "" for p in text if isinstance(p, dict))
            usage = data.get("usage") or {}
            reply = ChatReply(text, openai_reasoning(message), choice.get("finish_reason") == "length",
                              int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0))
        reply.text, inline = split_thinking(reply.text)  # models served raw put their thinking in the text
        if inline:
            reply.reasoning = "\n".join([reply.reasoning, inline]).strip()
        return reply
