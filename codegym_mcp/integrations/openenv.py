"""OpenEnv bridge: codegym episodes as OpenEnv environments (`pip install -e ".[openenv]"`).

Three ways in, all on OpenEnv's own types (RFC 003 MCP actions, RFC 005 harness sessions):

    # 1. in-process: reset/step/state with ListToolsAction / CallToolAction
    env = CodeGymEnvironment("BinarySearchEnv")
    obs = env.reset(task="train-000")              # EpisodeStartObservation: prompt + tools
    obs = env.step(CallToolAction(tool_name="Observe"))

    # 2. served: OpenEnv's FastAPI server (HTTP + one WebSocket session per client), driven by its clients
    app = create_openenv_app(split="test")          # uvicorn.run(app); or `codegym-mcp serve-openenv`
    with MCPToolClient(base_url="http://127.0.0.1:8000").sync() as client: ...

    # 3. trainers: per-rollout ResourceSessions for openenv.core.harness (MCPHarnessAdapter, TRL rollout_func)
    sessions = CodeGymSessionFactory(split="train")            # or base_url=... for a served instance

A tool's own failure (bad arguments, invalid move) comes back in `result` with `is_error: true`, counted as a step,
as it does over MCP; an environment failure (crash, timeout of sandboxed code) comes back as an OpenEnv
`ToolError` in `error` and ends the episode as errored. Reward is 0.0 except on the step that ends the episode, which
carries the episode's 0/1 reward; `done` is true once Done was called, the step limit was hit or the env failed. Reference answers
are never revealed (eval mode) unless `reveal_answer=True`.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from typing import Any

from openenv.core.env_server.http_server import create_app
from openenv.core.env_server.interfaces import Environment as OpenEnvEnvironment
from openenv.core.env_server.mcp_types import (
    CallToolAction,
    CallToolObservation,
    ListToolsAction,
    ListToolsObservation,
    Tool,
    ToolError,
    ToolErrorType,
)
from openenv.core.env_server.serialization import serialize_observation
from openenv.core.env_server.types import Action, EnvironmentMetadata, State
from openenv.core.harness import (
    ResourceSession,
    ResourceSessionFactory,
    ToolResult,
    VerifyResult,
)

from ..episode import DEFAULT_MAX_STEPS, Episode
from ..episode import ToolResult as EpisodeToolResult
from ..registry import EnvEntry, Registry, Task, TaskError, default_registry
from ..server import LiveEpisode, ServeOptions, open_episode, timed_out
from . import SYSTEM_PROMPT

__all__ = [
    "CodeGymEnvironment",
    "CodeGymSession",
    "CodeGymSessionFactory",
    "CodeGymState",
    "EpisodeStartObservation",
    "create_openenv_app",
]

class EpisodeStartObservation(ListToolsObservation):
    """What reset() returns: the tool list (so OpenEnv's MCP clients read it as ListToolsObservation) plus the task."""

    env: str
    task_id: str
    prompt: str


class CodeGymState(State):
    """Episode state without the reference answer."""

    env: str | None = None
    task_id: str | None = None
    max_steps: int = DEFAULT_MAX_STEPS
    terminated: bool = False
    truncated: bool = False
    errored: bool = False
    episode_reward: float | None = None
    error: str | None = None


def _split_task_ids(entry: EnvEntry, split: str | None) -> list[str]:
    return [t.id for t in entry.split_tasks(split)]


def _tools(entry: EnvEntry) -> list[Tool]:
    return [Tool(name=t.name, description=t.description or "", input_schema=t.input_schema) for t in entry.tool_infos()]


class CodeGymEnvironment(OpenEnvEnvironment):
    """One codegym episode at a time behind OpenEnv's reset/step/state.

    `env` fixes the environment; without it, reset() takes `env=` or picks one from `split` by seed.
    reset() takes `task` (an id or a config object), or `seed` (+ `difficulty`) for a generated config;
    with neither, a frozen task of the split is picked at random.
    """

    SUPPORTS_CONCURRENT_SESSIONS = True  # each instance owns its episode; nothing is shared but the read-only registry

    def __init__(self, env: str | None = None, *, split: str | None = None, registry: Registry | None = None,
                 max_steps: int = DEFAULT_MAX_STEPS, reveal_answer: bool = False, sandbox: bool | None = None,
                 log_db: Any = None):
        super().__init__()
        self.registry = registry or default_registry()
        self.fixed = self.registry.get(env) if env else None
        self.entry = self.fixed  # the current episode's env
        self.split, self.max_steps, self.reveal_answer, self.sandbox = split, max_steps, reveal_answer, sandbox
        self.store = log_db  # a Store/LogWriter (see codegym_mcp.server.open_log) or None
        self.live: LiveEpisode | None = None  # the current episode, logged like the MCP server's

    @property
    def episode(self) -> Episode | None:
        return self.live.episode if self.live else None

    # ------------------------------------------------------------------ OpenEnv API
    def reset(self, seed: int | None = None, episode_id: str | None = None, **kwargs: Any) -> EpisodeStartObservation:
        entry, task = self._choose(seed, kwargs.get("env"), kwargs.get("task"), kwargs.get("difficulty"))
        self.close()
        self.entry = entry
        options = ServeOptions(max_steps=self.max_steps, reveal_answer=self.reveal_answer, sandbox=self.sandbox)
        self.live = open_episode(entry, task, options, self.store, episode_id or uuid.uuid4().hex, source="openenv")
        return EpisodeStartObservation(tools=_tools(entry), env=entry.name, task_id=task.id,
                                       prompt=self.live.episode.instructions(), reward=0.0, done=False)

    def step(self, action: Action, timeout_s: float | None = None, **kwargs: Any) -> ListToolsObservation | CallToolObservation:
        if isinstance(action, ListToolsAction):  # discovery works before reset() when the env is fixed
            if self.entry is None:
                raise ValueError("list_tools before reset(): this server has no fixed env; call reset(env=...) first")
            return ListToolsObservation(tools=_tools(self.entry), reward=0.0, done=self.episode is not None and self.episode.done)
        if not isinstance(action, CallToolAction):
            raise TypeError(f"codegym environments take ListToolsAction or CallToolAction, not {type(action).__name__}")
        if self.live is None:
            raise RuntimeError("call reset() before calling tools")
        ep = self.live.episode
        was_done, was_errored = ep.done, ep.errored
        start = time.perf_counter()
        result = _call_within(ep, action.tool_name, action.arguments, timeout_s)
        self.live.record(action.tool_name, action.arguments, result, (time.perf_counter() - start) * 1000)
        reward = float(ep.reward or 0.0) if ep.done and not was_done else 0.0  # paid once, on the ending step
        if ep.errored and not was_errored:  # the env failed: not the agent's fault, so not a tool result
            return CallToolObservation(tool_name=action.tool_name, reward=reward, done=True,
                                       error=ToolError(error_type=ToolErrorType.EXECUTION_ERROR, message=result.text))
        payload = {"content": [{"type": "text", "text": result.text}], "is_error": result.is_error,
                   "data": result.text if result.value is None else result.value}
        return CallToolObservation(tool_name=action.tool_name, result=payload, reward=reward, done=ep.done)

    @property
    def state(self) -> CodeGymState:
        if self.live is None:
            return CodeGymState(env=self.entry.name if self.entry else None, max_steps=self.max_steps)
        s = self.live.episode.state()
        return CodeGymState(episode_id=self.live.id, step_count=s.steps, env=s.env, task_id=self.live.task.id,
                            max_steps=s.max_steps, terminated=s.terminated, truncated=s.truncated, errored=s.errored,
                            episode_reward=s.reward, error=s.error)

    def get_metadata(self) -> EnvironmentMetadata:
        name = self.entry.name if self.entry else "codegym"
        desc = (self.entry.description.strip() if self.entry else "") or "CodeGym tool-use environments (codegym-mcp)"
        return EnvironmentMetadata(name=name, description=desc.splitlines()[0], version="1.0.0", author="codegym-mcp")

    def close(self) -> None:
        if self.live is not None:
            self.live.close()  # logs it as abandoned if it had not ended
            self.live = None

    # ------------------------------------------------------------------ helpers
    def _choose(self, seed: int | None, env: str | None, task: Any, difficulty: str | None) -> tuple[EnvEntry, Task]:
        rng = random.Random(seed)
        if env:
            entry = self.registry.get(env)
        elif self.fixed is not None:
            entry = self.fixed
        else:
            names = [n for n in self.registry.names() if _split_task_ids(self.registry.get(n), self.split)]
            if not names:
                raise TaskError(f"no environments in split {self.split!r}")
            entry = self.registry.get(rng.choice(names))
        if task is not None:
            return entry, entry.resolve_task(task)
        if seed is not None and entry.kind == "native" and difficulty is not None:
            return entry, entry.resolve_task(seed=seed, difficulty=difficulty)
        ids = _split_task_ids(entry, self.split)
        if ids:
            return entry, entry.get_task(rng.choice(ids))
        return entry, entry.resolve_task(seed=seed if seed is not None else rng.randrange(2**31), difficulty=difficulty)


def _call_within(ep: Episode, name: str, arguments: dict[str, Any], timeout_s: float | None) -> EpisodeToolResult:
    """One tool call; with `timeout_s`, a call that runs longer ends the episode as errored (the env's fault)."""
    if timeout_s is None:
        return ep.call(name, arguments)
    box: list[EpisodeToolResult] = []
    worker = threading.Thread(target=lambda: box.append(ep.call(name, arguments)), daemon=True)
    worker.start()
    worker.join(timeout_s)
    return box[0] if box else timed_out(ep, name, timeout_s)  # the thread is abandoned; the episode takes no more calls


def create_openenv_app(env: str | None = None, *, split: str | None = None, registry: Registry | None = None,
                       max_steps: int = DEFAULT_MAX_STEPS, max_sessions: int = 64, session_timeout: float | None = 600.0,
                       reveal_answer: bool = False, sandbox: bool | None = None, log_db: Any = None) -> Any:
    """OpenEnv's FastAPI app (`/reset`, `/step`, `/state`, `/schema`, `/ws`) serving codegym episodes.

    Every WebSocket client gets its own `CodeGymEnvironment`; idle sessions are reaped after `session_timeout`.
    """
    from openenv.core.env_server.types import ConcurrencyConfig

    reg = registry or default_registry()
    if env:
        reg.get(env)  # fail now on an unknown name, not on the first client

    def factory() -> CodeGymEnvironment:
        return CodeGymEnvironment(env, split=split, registry=reg, max_steps=max_steps, reveal_answer=reveal_answer,
                                  sandbox=sandbox, log_db=log_db)

    config = ConcurrencyConfig(max_concurrent_envs=max_sessions, session_timeout=session_timeout)
    return create_app(factory, CallToolAction, CallToolObservation, env_name=env or "codegym", concurrency_config=config)


# ---------------------------------------------------------------------- harness sessions (RFC 005)
class _LocalDriver:
    def __init__(self, environment: CodeGymEnvironment):
        self.environment = environment

    def reset(self, **kwargs: Any) -> dict[str, Any]:
        return serialize_observation(self.environment.reset(**kwargs))

    def step(self, action: Action) -> dict[str, Any]:
        return serialize_observation(self.environment.step(action))

    def state(self) -> dict[str, Any]:
        return self.environment.state.model_dump()

    def close(self) -> None:
        self.environment.close()


class _RemoteDriver:
    """The same calls against a served instance, through OpenEnv's generic WebSocket client."""

    def __init__(self, base_url: str):
        from openenv.core.generic_client import GenericEnvClient

        self.client = GenericEnvClient(base_url=base_url).sync()
        self.client.connect()

    @staticmethod
    def _payload(result: Any) -> dict[str, Any]:
        return {"observation": result.observation, "reward": result.reward, "done": result.done}

    def reset(self, **kwargs: Any) -> dict[str, Any]:
        return self._payload(self.client.reset(**kwargs))

    def step(self, action: Action) -> dict[str, Any]:
        return self._payload(self.client.step(action.model_dump(exclude={"metadata"})))

    def state(self) -> dict[str, Any]:
        return dict(self.client.state())

    def close(self) -> None:
        self.client.close()


class CodeGymSession(ResourceSession):
    """One rollout's episode for `openenv.core.harness` (MCPHarnessAdapter, build_harness_rollout_func)."""

    def __init__(self, driver: _LocalDriver | _RemoteDriver, *, task: Any = None, seed: int | None = None,
                 episode_id: str | None = None):
        self.driver = driver
        spec = _task_spec(task)
        start = driver.reset(seed=seed, episode_id=episode_id, **spec)["observation"]
        self.env, self.task_id, self.prompt = start["env"], start["task_id"], start["prompt"]
        self.tools = [Tool(**t) for t in start["tools"]]
        self.done, self.reward = False, 0.0

    def initial_messages(self) -> list[dict[str, Any]]:
        return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": self.prompt}]

    def list_tools(self) -> list[Tool]:
        return list(self.tools)

    def call_tool(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        # An unknown tool is the agent's mistake: the episode answers it (and counts it) rather than raising.
        payload = self.driver.step(CallToolAction(tool_name=name, arguments=dict(arguments)))
        obs = payload["observation"]
        if payload["done"] and not self.done:
            self.done, self.reward = True, float(payload["reward"] or 0.0)
        meta = {"reward": self.reward}  # the episode's reward so far: what verify() forwards
        if obs.get("error"):
            return ToolResult(data=obs["error"]["message"], done=self.done, metadata=meta, error=obs["error"]["message"])
        result = obs["result"]
        return ToolResult(data=result["content"][0]["text"], done=self.done, metadata={**meta, "is_error": result["is_error"]})

    def verify(self, transcript: list[dict[str, Any]], final_state: Any | None = None) -> VerifyResult:
        state = self.driver.state()
        metrics = {k: state.get(k) for k in ("step_count", "terminated", "truncated", "errored")}
        return VerifyResult(env_reward=self.reward, done=self.done, metrics=metrics,
                            artifacts={"env": self.env, "task_id": self.task_id, "transcript_length": len(transcript)})

    def close(self) -> None:
        self.driver.close()


def _task_spec(task: Any) -> dict[str, Any]:
    """A rollout's task as reset() arguments: "Env/task-id", "Env", {"env":..., "task":...}, or None."""
    if task is None:
        return {}
    if isinstance(task, dict):
        return {k: task[k] for k in ("env", "task", "difficulty") if task.get(k) is not None}
    if isinstance(task, str):
        env, _, task_id = task.partition("/")
        return {"env": env, **({"task": task_id} if task_id else {})}
    raise TypeError(f"a task is 'Env/task-id', 'Env' or a dict with env/task keys, not {type(task).__name__}")


class CodeGymSessionFactory(ResourceSessionFactory):
    """Isolated sessions, in-process or against a served `create_openenv_app` (`base_url`)."""

    def __init__(self, env: str | None = None, *, base_url: str | None = None, split: str | None = None,
                 registry: Registry | None = None, max_steps: int = DEFAULT_MAX_STEPS, sandbox: bool | None = None,
                 log_db: Any = None):
        self.base_url = base_url
        self.kwargs = {"env": env, "split": split, "registry": registry, "max_steps": max_steps, "sandbox": sandbox,
                       "log_db": log_db}
        if base_url is None and registry is None:
            self.kwargs["registry"] = default_registry()

    def create(self, task: Any = None, seed: int | None = None, episode_id: str | None = None) -> CodeGymSession:
        driver = _RemoteDriver(self.base_url) if self.base_url else _LocalDriver(CodeGymEnvironment(**self.kwargs))
        try:
            return CodeGymSession(driver, task=task, seed=seed, episode_id=episode_id)
        except BaseException:
            driver.close()
            raise

    def task_specs(self, split: str | None = None) -> list[dict[str, str]]:
        """Every frozen task of a split as a rollout prompt for `create` (in-process registries only)."""
        reg: Registry = self.kwargs["registry"] or default_registry()
        split = split or self.kwargs["split"]
        names = [self.kwargs["env"]] if self.kwargs["env"] else reg.names()
        return [{"env": name, "task": i} for name in names for i in _split_task_ids(reg.get(name), split)]
