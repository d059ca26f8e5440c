"""A Gymnasium view of an environment: text observations, JSON tool-call actions, reward 0/1.

    env = codegym_mcp.gym.make("codegym/BinarySearchEnv", task="train-000")      # in-process
    env = codegym_mcp.gym.make("codegym/BinarySearchEnv", url="http://127.0.0.1:8000")  # over MCP (HTTP)
    obs, info = env.reset(seed=3)
    obs, reward, terminated, truncated, info = env.step('{"name": "GetLength", "arguments": {}}')

An action is a JSON object `{"name": TOOL, "arguments": {...}}` (`"parameters"` is accepted too, as in CodeGym).
The first observation is the task statement plus the tool list; then each observation is a tool's result text.
`terminated` means Done was called; `truncated` means the step limit was hit (or the env failed).
"""

from __future__ import annotations

import json
import string
from typing import Any

import gymnasium
from gymnasium import spaces

from .registry import EnvEntry, default_registry

__all__ = ["CodeGymEnv", "make", "register_envs"]

MAX_TEXT = 1 << 16
_CHARSET = string.printable + "µ–—…’“”→≤≥"


def _tools_text(tools: list[Any]) -> str:
    lines = []
    for t in tools:
        name, desc, schema = (t.name, t.description, t.input_schema) if hasattr(t, "input_schema") else (t.name, t.description, t.inputSchema)
        lines.append(f"- {name}({', '.join(schema.get('properties', {}))}): {(desc or '').splitlines()[0] if desc else ''}")
    return "\n".join(lines)


def parse_action(action: Any) -> tuple[str, dict[str, Any]] | str:
    """(name, arguments), or an error message for the agent."""
    if isinstance(action, (bytes, bytearray)):
        action = action.decode(errors="replace")
    if isinstance(action, str):
        try:
            action = json.loads(action)
        except json.JSONDecodeError as exc:
            return f"Invalid action: not JSON ({exc.msg}). Send {{\"name\": TOOL, \"arguments\": {{...}}}}."
    if not isinstance(action, dict) or not isinstance(action.get("name"), str):
        return 'Invalid action: expected an object with a "name" string and an "arguments" object.'
    args = action.get("arguments", action.get("parameters", {}))
    if args is None:
        args = {}
    if not isinstance(args, dict):
        return 'Invalid action: "arguments" must be an object.'
    return action["name"], args


class _Local:
    def __init__(self, entry: EnvEntry, max_steps: int, reveal: bool):
        self.entry, self.max_steps, self.reveal = entry, max_steps, reveal
        self.episode: Any = None

    def open(self, task: Any) -> tuple[str, str]:
        if self.episode is not None:
            self.episode.close()
        self.episode = self.entry.episode(task, max_steps=self.max_steps, reveal_answer=self.reveal)
        return self.episode.instructions(), _tools_text(self.episode.tools())

    def call(self, name: str, args: dict[str, Any]) -> tuple[str, bool, dict[str, Any]]:
        r = self.episode.call(name, args)
        return r.text, r.is_error, self.episode.state().as_dict()

    def close(self) -> None:
        if self.episode is not None:
            self.episode.close()


class _Remote:
    """The same episode over MCP (streamable HTTP), driven from synchronous code through a portal thread."""

    def __init__(self, url: str, env_name: str, token: str | None):
        from anyio.from_thread import start_blocking_portal

        self.base, self.env_name, self.token = url.rstrip("/"), env_name, token
        self._portal_cm = start_blocking_portal()
        self.portal = self._portal_cm.__enter__()
        self.client: Any = None

    def open(self, task: dict[str, Any]) -> tuple[str, str]:
        import httpx2
        from mcp import Client

        self._close_client()
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        r = httpx2.post(self.base + "/episodes", json={"env": self.env_name, **task}, headers=headers, timeout=30)
        if r.status_code != 201:
            raise RuntimeError(f"could not create an episode: HTTP {r.status_code} {r.text[:200]}")
        url = self.base + r.json()["url"]

        async def hold(*, task_status: Any) -> None:  # the client lives (enters and exits) in this one task
            import anyio

            transport: Any = url
            if self.token:
                from mcp.client.streamable_http import streamable_http_client

                transport = streamable_http_client(url, http_client=httpx2.AsyncClient(headers=headers))
            stop = anyio.Event()
            async with Client(transport) as client:
                task_status.started((client, stop))
                await stop.wait()

        self._holder, (self.client, self._stop) = self.portal.start_task(hold)
        tools = self.portal.call(self.client.list_tools).tools
        return self.client.instructions or "", _tools_text(tools)

    def call(self, name: str, args: dict[str, Any]) -> tuple[str, bool, dict[str, Any]]:
        result = self.portal.call(self.client.call_tool, name, args)
        state = self.portal.call(self.client.read_resource, "codegym://episode/state")
        text = "".join(getattr(c, "text", "") for c in result.content)
        return text, bool(result.is_error), json.loads(state.contents[0].text)

    def _close_client(self) -> None:
        if self.client is not None:
            self.portal.call(self._stop.set)
            self._holder.result(timeout=30)
            self.client = None

    def close(self) -> None:
        self._close_client()
        self._portal_cm.__exit__(None, None, None)


class CodeGymEnv(gymnasium.Env):
    """One codegym environment as a `gymnasium.Env` (see the module docstring)."""

    metadata = {"render_modes": ["ansi"]}

    def __init__(self, env: str, *, task: str | dict[str, Any] | None = None, difficulty: str | None = None,
                 seed: int | None = None, url: str | None = None, token: str | None = None, max_steps: int = 256,
                 reveal_answer: bool = True, render_mode: str | None = None):
        self.entry = default_registry().get(env)
        self.task_spec, self.difficulty = task, difficulty
        self.backend: _Local | _Remote = _Remote(url, self.entry.name, token) if url else _Local(self.entry, max_steps, reveal_answer)
        self.observation_space = spaces.Text(max_length=MAX_TEXT, charset=_CHARSET)
        self.action_space = spaces.Text(max_length=4096, charset=_CHARSET)
        self.render_mode = render_mode
        self._last = ""
        self._done = False
        self._first_seed = seed  # used by the first reset() that gives none

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
        if seed is None and self._first_seed is not None:
            seed, self._first_seed = self._first_seed, None
        super().reset(seed=seed)
        options = options or {}
        task_spec = options.get("task", self.task_spec)
        difficulty = options.get("difficulty", self.difficulty)
        if task_spec is None and seed is None:
            seed = int(self.np_random.integers(0, 2**31 - 1))
        if isinstance(self.backend, _Remote):
            spec = {"task": task_spec} if task_spec is not None else {"seed": seed, "difficulty": difficulty or "medium"}
            instructions, tools = self.backend.open(spec)
            task_id = str(task_spec) if task_spec is not None else f"seed-{seed}-{difficulty or 'medium'}"
        else:
            task = self.entry.resolve_task(task_spec, seed=seed if task_spec is None else None, difficulty=difficulty)
            instructions, tools = self.backend.open(task)
            task_id = task.id
        self._done = False
        self._last = self._clip(f"{instructions}\n\nTools:\n{tools}")
        return self._last, {"task_id": task_id, "env": self.entry.name}

    def step(self, action: Any) -> tuple[str, float, bool, bool, dict[str, Any]]:
        if self._done:
            raise RuntimeError("step() called after the episode ended; call reset()")
        parsed = parse_action(action)
        if isinstance(parsed, str):  # a malformed action is the agent's mistake: shown, not counted by the env
            self._last = parsed
            return parsed, 0.0, False, False, {"is_error": True, "parse_error": True}
        text, is_error, state = self.backend.call(*parsed)
        terminated = bool(state["terminated"])
        truncated = bool(state["truncated"] or state["errored"])
        self._done = terminated or truncated
        reward = float(state["reward"] or 0.0) if terminated else 0.0
        self._last = self._clip(text)
        return self._last, reward, terminated, truncated, {"is_error": is_error, "state": state, "tool": parsed[0]}

    def render(self) -> str | None:
        return self._last if self.render_mode == "ansi" else None

    def close(self) -> None:
        self.backend.close()

    @staticmethod
    def _clip(text: str) -> str:
        text = "".join(ch if ch in _CHARSET_SET else "?" for ch in text)
        return text[:MAX_TEXT]


_CHARSET_SET = frozenset(_CHARSET)


def make(env_id: str, **kwargs: Any) -> CodeGymEnv:
    """`make("codegym/BinarySearchEnv", task=..., seed=...)`; a `seed` here seeds the first reset."""
    name = env_id.split("/", 1)[1] if env_id.startswith("codegym/") else env_id
    return CodeGymEnv(name, **kwargs)


def register_envs() -> list[str]:
    """Register every codegym environment with Gymnasium as `codegym/NAME` (for `gymnasium.make`)."""
    ids = []
    for name in default_registry().names():
        env_id = f"codegym/{name}"
        if env_id not in gymnasium.registry:
            gymnasium.register(env_id, entry_point="codegym_mcp.gym:CodeGymEnv", kwargs={"env": name})
        ids.append(env_id)
    return ids
