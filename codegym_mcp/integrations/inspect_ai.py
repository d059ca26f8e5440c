"""inspect_ai bridge: codegym environments as an inspect `Task` (`pip install -e ".[inspect]"`).

Each sample is one task config; its solver attaches a fresh `codegym-mcp serve ENV --task T` MCP server (one
episode) as the model's tool source, and the scorer checks the answer the model passed to `Done` with our own
matcher against the environment's reference answer. Reference answers are hidden from the model (eval mode).

    from inspect_ai import eval
    from codegym_mcp.integrations.inspect_ai import codegym_task
    eval(codegym_task(split="test"), model="openai/gpt-4o-mini")
"""

from __future__ import annotations

import json
import sys
from typing import Any

from inspect_ai import Task, task
from inspect_ai.dataset import Sample
from inspect_ai.scorer import CORRECT, INCORRECT, Score, Target, accuracy, scorer
from inspect_ai.solver import Generate, TaskState, solver, use_tools
from inspect_ai.tool import mcp_server_stdio

from ..env import answers_match
from ..registry import Registry, default_registry

__all__ = ["codegym_scorer", "codegym_solver", "codegym_task"]


def _samples(registry: Registry, envs: list[str] | None, split: str, tasks_per_env: int | None) -> list[Sample]:
    samples = []
    for name in envs or registry.names():
        entry = registry.entries[name]
        ids = entry.task_ids(split) if entry.split == "train" or split == "train" else entry.task_ids()
        for task_id in ids[:tasks_per_env]:
            statement = entry.description.strip() or name
            samples.append(Sample(id=f"{name}/{task_id}", input=f"{statement}\n\nStart by calling Observe().",
                                  metadata={"env": name, "task": task_id}))
    return samples


@solver
def codegym_solver(*, max_steps: int = 256) -> Any:
    """Attach the sample's own episode server (stdio) and let the model call tools until it stops."""

    async def solve(state: TaskState, generate: Generate) -> TaskState:
        meta = state.metadata
        server = mcp_server_stdio(command=sys.executable, args=[
            "-m", "codegym_mcp.cli", "serve", meta["env"], "--task", meta["task"], "--eval-mode",
            "--max-steps", str(max_steps)])
        state = await use_tools(server)(state, generate)  # inspect resolves the MCP tool source
        return await generate(state, tool_calls="loop")

    return solve


def _done_answer(state: TaskState) -> tuple[bool, Any]:
    for message in reversed(state.messages):
        for call in getattr(message, "tool_calls", None) or []:
            if call.function == "Done":
                return True, (call.arguments or {}).get("answer")
    return False, None


@scorer(metrics=[accuracy()])
def codegym_scorer(registry: Registry | None = None) -> Any:
    """1 if the answer given to Done matches the reference (our matcher), else 0."""
    reg = registry or default_registry()

    async def score(state: TaskState, target: Target) -> Score:
        entry = reg.entries[state.metadata["env"]]
        backend = entry.backend(entry.get_task(state.metadata["task"]))
        try:
            reference = backend.reference_answer()
        finally:
            backend.close()
        called, answer = _done_answer(state)
        correct = called and answers_match(answer, reference)
        return Score(value=CORRECT if correct else INCORRECT, answer=json.dumps(answer) if called else None,
                     explanation="Done was not called" if not called else None)

    return score


@task
def codegym_task(*, envs: list[str] | None = None, split: str = "test", tasks_per_env: int | None = None,
                 max_steps: int = 256, registry: Registry | None = None) -> Task:
    """An inspect Task over codegym episodes (held-out `test` split by default)."""
    reg = registry or default_registry()
    return Task(dataset=_samples(reg, envs, split, tasks_per_env), solver=codegym_solver(max_steps=max_steps),
                scorer=codegym_scorer(reg))
