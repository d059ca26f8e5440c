"""verifiers bridge: codegym episodes as a verifiers multi-turn tool environment (`pip install -e ".[verifiers]"`).

    from codegym_mcp.integrations.verifiers import load_environment
    env = load_environment(split="train", eval_split="test")
    results = env.evaluate_sync(client=vf.ClientConfig(...), model="gpt-4o-mini")

One dataset row per frozen task config; its `info` names the env and task and carries that env's tool
definitions (each codegym env has its own tools). Every rollout gets its own episode; the model's tool calls
go to it, a malformed call is answered with an error message without reaching the env, and the rollout ends
when Done is called, the step limit is hit or the env fails. The reward is the episode's 0/1 reward,
computed by the environment itself; reference answers are never shown (eval mode).

Tested with verifiers 0.1.14, the release line that installs beside `mcp>=2.3` (0.2 to 0.4 pin `mcp<2` or
`mcp==2.0.0`).
"""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import verifiers as vf
from datasets import Dataset

from ..episode import DEFAULT_MAX_STEPS, Episode
from ..registry import Registry, default_registry
from . import SYSTEM_PROMPT

__all__ = ["CodeGymVerifiersEnv", "codegym_reward", "load_environment"]

def _rows(registry: Registry, envs: list[str] | None, split: str, tasks_per_env: int | None) -> list[dict[str, Any]]:
    rows = []
    for name in envs or registry.names():
        entry = registry.get(name)
        tasks = entry.split_tasks(split)[:tasks_per_env]
        tool_defs = [{"name": t.name, "description": t.description or "", "parameters": t.input_schema}
                     for t in entry.tool_infos()]
        statement = entry.description.strip() or name
        for task in tasks:
            # info as JSON text: Arrow would otherwise merge every env's tool schemas into one struct type
            # (`info["task"]` and a `task` column are verifiers' own routing fields, hence the prefixed keys)
            rows.append({"question": f"{statement}\n\nStart by calling Observe().", "answer": "",
                         "info": json.dumps({"codegym_env": name, "codegym_task": task.id, "tool_defs": tool_defs})})
    return rows


async def codegym_reward(state: vf.State) -> float:
    """The episode's own reward: 1.0 if the answer given to Done matched the reference, else 0.0."""
    return float((state.get("codegym") or {}).get("reward") or 0.0)


class CodeGymVerifiersEnv(vf.MultiTurnEnv):
    """A verifiers environment over codegym episodes (see the module docstring)."""

    def __init__(self, *, split: str = "train", eval_split: str | None = "test", envs: list[str] | None = None,
                 tasks_per_env: int | None = None, max_steps: int = DEFAULT_MAX_STEPS, registry: Registry | None = None,
                 sandbox: bool | None = None, **kwargs: Any):
        self.registry = registry or default_registry()
        self.max_steps, self.sandbox = max_steps, sandbox
        self.episodes: dict[str, Episode] = {}  # by trajectory id; state keeps only plain data
        train = _rows(self.registry, envs, split, tasks_per_env)
        test = _rows(self.registry, envs, eval_split, tasks_per_env) if eval_split else []
        if not train and not test:
            raise ValueError(f"no frozen tasks in split {split!r}" + (f" or {eval_split!r}" if eval_split else ""))
        kwargs.setdefault("system_prompt", SYSTEM_PROMPT)
        kwargs.setdefault("max_turns", max_steps)
        super().__init__(dataset=Dataset.from_list(train) if train else None,
                         eval_dataset=Dataset.from_list(test) if test else None,
                         rubric=vf.Rubric(funcs=[codegym_reward]), **kwargs)

    async def setup_state(self, state: vf.State) -> None:
        info = state["info"]
        entry = self.registry.get(info["codegym_env"])
        task = entry.get_task(info["codegym_task"])
        key = state["trajectory_id"] or uuid.uuid4().hex
        self.episodes[key] = await asyncio.to_thread(entry.episode, task, max_steps=self.max_steps,
                                                     reveal_answer=False, sandbox=self.sandbox)
        state["codegym"] = {"env": entry.name, "task_id": task.id, "steps": 0, "status": "running", "reward": None}

    async def env_response(self, messages: vf.Messages, state: vf.State, **kwargs: Any) -> vf.Messages:
        episode = self.episodes[state["trajectory_id"]]
        replies: list[vf.ToolMessage] = []
        for call in getattr(messages[-1], "tool_calls", None) or []:
            try:
                arguments = json.loads(call.arguments or "{}")
            except json.JSONDecodeError as exc:  # the model's mistake: told, not sent to the env
                replies.append(vf.ToolMessage(tool_call_id=call.id, content=f"Error: the arguments of {call.name} "
                                              f"are not valid JSON ({exc.msg}); the call was not made."))
                continue
            if episode.done:
                break
            result = await asyncio.to_thread(episode.call, call.name, arguments)
            replies.append(vf.ToolMessage(tool_call_id=call.id, content=result.text))
        self._record(state, episode)
        if episode.done:
            state["final_env_response"] = replies  # ends the rollout without asking the model again
        elif not replies:
            return [vf.UserMessage(content="You did not call any tool. Call a tool, or Done(answer) to finish.")]
        return replies

    @vf.stop
    async def episode_over(self, state: vf.State) -> bool:
        episode = self.episodes.get(state["trajectory_id"])
        return episode is not None and episode.done

    @vf.cleanup
    async def close_episode(self, state: vf.State) -> None:
        episode = self.episodes.pop(state["trajectory_id"], None)
        if episode is not None:
            self._record(state, episode)
            await asyncio.to_thread(episode.close)

    @staticmethod
    def _record(state: vf.State, episode: Episode) -> None:
        s = episode.state()
        status = ("terminated" if s.terminated else "truncated" if s.truncated else "errored" if s.errored
                  else "running")
        state["codegym"] = {**state.get("codegym", {}), "steps": s.steps, "status": status, "reward": s.reward,
                            "error": s.error}


def load_environment(**kwargs: Any) -> CodeGymVerifiersEnv:
    """The verifiers entry point: `load_environment(split=..., eval_split=..., envs=..., tasks_per_env=...)`."""
    return CodeGymVerifiersEnv(**kwargs)
