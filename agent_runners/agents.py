"""`make_agent(spec)`: the agent named on the command line."""

from __future__ import annotations

from typing import Any

from .llm import RetryPolicy, make_llm_agent
from .protocol import Agent
from .scripted import OracleAgent, RandomAgent, ReplayAgent

__all__ = ["AGENT_FORMS", "make_agent"]

AGENT_FORMS = "openai:MODEL, anthropic:MODEL, oracle, random[:SEED], replay:FILE"


def make_agent(spec: str, *, base_url: str | None = None, tool_format: str = "native", temperature: float | None = None,
               max_tokens: int | None = None, top_p: float | None = None, retry: RetryPolicy | None = None) -> Agent:
    """Build an agent from `openai:MODEL`, `anthropic:MODEL`, `oracle`, `random[:SEED]` or `replay:FILE`."""
    kind, _, rest = spec.partition(":")
    if kind in ("openai", "anthropic"):
        sampling: dict[str, Any] = {"temperature": temperature, "max_tokens": max_tokens, "top_p": top_p}
        return make_llm_agent(spec, base_url=base_url, tool_format=tool_format,
                              sampling={k: v for k, v in sampling.items() if v is not None}, retry=retry)
    if tool_format != "native":
        raise ValueError(f"--tool-format {tool_format} applies to LLM agents only, not {kind!r}")
    if spec == "oracle":
        return OracleAgent()
    if kind == "random":
        try:
            return RandomAgent(seed=int(rest or 0), name=spec)
        except ValueError:
            raise ValueError(f"random takes an integer seed (random:7), got {rest!r}") from None
    if kind == "replay" and rest:
        return ReplayAgent(rest)
    raise ValueError(f"unknown agent {spec!r}; use one of: {AGENT_FORMS}")
