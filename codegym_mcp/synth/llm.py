"""A minimal OpenAI-compatible chat client for synthesis: retries with backoff, token accounting."""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field

import httpx2

__all__ = ["ChatClient", "LLMError", "Usage"]


class LLMError(RuntimeError):
    """The LLM endpoint failed after retries."""


@dataclass
class Usage:
    calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    by_stage: dict[str, list[int]] = field(default_factory=dict)

    def add(self, stage: str, inp: int, out: int) -> None:
        self.calls += 1
        self.input_tokens += inp
        self.output_tokens += out
        s = self.by_stage.setdefault(stage, [0, 0, 0])
        s[0] += 1
        s[1] += inp
        s[2] += out


@dataclass
class ChatClient:
    """`openai:MODEL` against --base-url (default the OpenAI API); key from $OPENAI_API_KEY."""

    model: str
    base_url: str = "https://api.openai.com/v1"
    api_key: str | None = None
    temperature: float = 0.7
    max_tokens: int = 4096
    retries: int = 4
    timeout: float = 120.0
    usage: Usage = field(default_factory=Usage)

    @classmethod
    def from_spec(cls, spec: str, base_url: str | None = None, **kw: object) -> "ChatClient":
        provider, _, model = spec.partition(":")
        if provider != "openai" or not model:
            raise ValueError(f"--llm must look like openai:MODEL (any OpenAI-compatible endpoint via --base-url), got {spec!r}")
        return cls(model=model, base_url=(base_url or os.environ.get("OPENAI_BASE_URL") or cls.base_url).rstrip("/"),
                   api_key=os.environ.get("OPENAI_API_KEY"), **kw)  # type: ignore[arg-type]

    def complete(self, messages: list[dict[str, str]], *, stage: str, temperature: float | None = None) -> str:
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {"model": self.model, "messages": messages, "max_tokens": self.max_tokens,
                "temperature": self.temperature if temperature is None else temperature}
        delay = 0.5
        last = ""
        for attempt in range(self.retries + 1):
            try:
                r = httpx2.post(f"{self.base_url}/chat/completions", json=body, headers=headers, timeout=self.timeout)
            except httpx2.HTTPError as exc:
                last = f"{type(exc).__name__}: {exc}"
            else:
                if r.status_code == 200:
                    data = r.json()
                    usage = data.get("usage") or {}
                    self.usage.add(stage, int(usage.get("prompt_tokens", 0)), int(usage.get("completion_tokens", 0)))
                    return data["choices"][0]["message"].get("content") or ""
                last = f"HTTP {r.status_code}: {r.text[:200]}"
                if r.status_code not in (408, 409, 429) and r.status_code < 500:
                    break
            if attempt < self.retries:
                time.sleep(delay * (1 + random.random()))
                delay *= 2
        raise LLMError(f"LLM request failed: {last}")
