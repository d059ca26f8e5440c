"""The synthesis side of the shared chat layer (`codegym_mcp.chat`): token accounting per stage and per
problem, and a reply cut at the token limit turned into a `truncated` rejection."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..chat import ChatError, ChatModel, RetryPolicy, resolve_endpoint
from .config import Rejected

__all__ = ["ChatClient", "LLMError", "Usage"]

LLMError = ChatError  # the endpoint failed: not a verdict on the problem


@dataclass
class Usage:
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    by_stage: dict[str, list[int]] = field(default_factory=dict)  # stage -> [calls, tokens in, tokens out]

    def add(self, stage: str, inp: int, out: int) -> None:
        self.calls += 1
        self.input_tokens += inp
        self.output_tokens += out
        s = self.by_stage.setdefault(stage, [0, 0, 0])
        s[0] += 1
        s[1] += inp
        s[2] += out


class ChatClient:
    """The model synthesis talks to; `openai:MODEL` or `anthropic:MODEL` (see `codegym_mcp.chat`)."""

    def __init__(self, model: ChatModel, temperature: float | None = 0.7):
        self.model = model
        self.temperature = temperature  # the env stage's; the oracle stage samples hotter
        self.usage = Usage()
        self._lock = threading.Lock()
        self._local = threading.local()

    @classmethod
    def from_spec(cls, spec: str, base_url: str | None = None, *, max_tokens: int = 4096, temperature: float | None = 0.7,
                  retry: RetryPolicy | None = None) -> "ChatClient":
        endpoint = resolve_endpoint(spec, base_url)
        endpoint.check()
        return cls(ChatModel(endpoint, max_tokens=max_tokens, retry=retry or RetryPolicy()), temperature)

    @contextmanager
    def meter(self) -> Iterator[list[int]]:
        """Tokens [in, out] spent by this thread inside the block (one problem's stage)."""
        spent = [0, 0]
        self._local.meter = spent
        try:
            yield spent
        finally:
            self._local.meter = None

    def complete(self, messages: list[dict[str, str]], *, stage: str, temperature: float | None = None) -> str:
        """The reply's text, without thinking. Raises Rejected(stage, "truncated: ...") if it hit the token limit."""
        reply = self.model.complete(messages, temperature=self.temperature if temperature is None else temperature)
        with self._lock:
            self.usage.add(stage, reply.input_tokens, reply.output_tokens)
        spent: Any = getattr(self._local, "meter", None)
        if spent is not None:
            spent[0] += reply.input_tokens
            spent[1] += reply.output_tokens
        if reply.truncated:
            thinking = f", {len(reply.reasoning):,} characters of it thinking" if reply.reasoning else ""
            raise Rejected(stage, f"truncated: the reply stopped at the {self.model.max_tokens:,}-token limit "
                                  f"({reply.output_tokens:,} tokens out{thinking}); raise --max-tokens")
        return reply.text

    def close(self) -> None:
        self.model.close()
