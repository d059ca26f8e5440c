"""The agent-difficulty filter of `codegym-mcp synth`: play an agent on a candidate env through the harness.

The paper keeps environments a base model solves at most 25% of the time. The library's `synth` command finds
this filter through the `codegym_mcp.plugins` entry point `difficulty_filter`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from codegym_mcp.chat import ChatError
from codegym_mcp.registry import Registry
from codegym_mcp.store import Store

from .harness import RunConfig, run

__all__ = ["agent_difficulty_filter"]


def agent_difficulty_filter(agent: str, *, samples: int = 4, tasks: int = 5, base_url: str | None = None,
                            max_turns: int = 64) -> Callable[[Path, Path, str], dict[str, Any]]:
    """A difficulty filter that plays `agent` through the harness (sandboxed env, in-memory MCP): its pass rate
    over `tasks` tasks x `samples` samples, with the episodes and tokens that took."""

    def pass_rate(env_file: Path, task_file: Path, name: str) -> dict[str, Any]:
        registry = Registry()
        registry.add_file(env_file, trusted=False, task_file=task_file)
        cfg = RunConfig(agent=agent, envs=[name], tasks_per_env=tasks, samples=samples, transport="memory",
                        oracle_steps=False, base_url=base_url, max_turns=max_turns, concurrency=4)
        store = Store(":memory:")
        result = run(cfg, store, registry=registry)
        stats = result.stats
        aborted = getattr(result, "aborted", None)
        if aborted:  # the agent's API is unusable: not a verdict on the env
            raise ChatError(f"difficulty agent {agent}: {aborted}", fatal=True)
        scored = stats.success + stats.failed
        return {"pass_rate": stats.success / scored if scored else 1.0,  # nothing scored: cannot call it hard
                "agent": agent, "episodes": scored, "errored": stats.errored, "samples_per_task": samples,
                "input_tokens": stats.input_tokens, "output_tokens": stats.output_tokens}

    return pass_rate
