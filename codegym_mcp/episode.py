"""One episode: step counting, the step limit, Done-once, reward and the reveal policy.

An `Episode` drives a `Backend` (a native `Environment`, a CodeGym-format file, or a sandboxed
worker). The server, the verifier and the oracle all go through `Episode.call`, so every tool call
is counted and checked the same way, whoever makes it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from pydantic import BaseModel

from .env import Environment, ToolError, ToolInfo, done_message

__all__ = ["Backend", "Episode", "EpisodeState", "NativeBackend", "ToolProxy", "ToolResult"]

DEFAULT_MAX_STEPS = 256


@dataclass
class ToolResult:
    """What one tool call returns to the agent."""

    text: str
    value: Any = None
    is_error: bool = False


@dataclass
class Outcome:
    """A backend's answer to one call: the result plus whether the episode ended and its reward."""

    result: ToolResult
    ended: bool = False
    reward: float | None = None


class EnvironmentFailure(Exception):
    """The environment itself failed (crash, timeout, limit): the episode is errored, the agent not blamed."""


class Backend(Protocol):
    """The environment side of an episode."""

    env_name: str

    def tools(self) -> list[ToolInfo]: ...
    def instructions(self) -> str: ...
    def invoke(self, name: str, arguments: dict[str, Any], *, reveal: bool) -> Outcome: ...
    def reference_answer(self) -> Any: ...
    def close(self) -> None: ...


def to_text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


class NativeBackend:
    """A trusted `Environment` subclass running in this process."""

    def __init__(self, env_cls: type[Environment], config: BaseModel | dict[str, Any], seed: int | None = None):
        self.env_name = env_cls.env_name
        self.env = env_cls()
        self.env.reset(config, seed)

    def tools(self) -> list[ToolInfo]:
        return self.env.tool_infos()

    def instructions(self) -> str:
        return self.env.task_statement()

    def reference_answer(self) -> Any:
        return self.env.reference_answer()

    def invoke(self, name: str, arguments: dict[str, Any], *, reveal: bool) -> Outcome:
        try:
            if name == "Done":
                if set(arguments) != {"answer"}:
                    raise ToolError("Done takes exactly one argument: answer")
                answer = arguments["answer"]
                ref = self.env.reference_answer()
                ok = bool(self.env.match(answer, ref))
                text = done_message(answer, ref, ok, reveal=reveal)
                return Outcome(ToolResult(text, text), ended=True, reward=1.0 if ok else 0.0)
            value = self.env.call_tool(name, arguments)
        except ToolError as exc:
            return Outcome(ToolResult(str(exc), None, is_error=True))
        except Exception as exc:  # noqa: BLE001 - env code failing is an environment error, not the agent's
            raise EnvironmentFailure(f"{type(exc).__name__} in {self.env_name}.{name}: {exc}") from exc
        try:
            text = to_text(value)
        except (TypeError, ValueError) as exc:
            raise EnvironmentFailure(f"{self.env_name}.{name} returned a non-JSON value: {exc}") from exc
        return Outcome(ToolResult(text, value))

    def close(self) -> None:
        pass


@dataclass
class EpisodeState:
    env: str
    steps: int
    max_steps: int
    terminated: bool
    truncated: bool
    errored: bool
    reward: float | None
    error: str | None = None

    @property
    def done(self) -> bool:
        return self.terminated or self.truncated or self.errored

    def as_dict(self) -> dict[str, Any]:
        return {
            "env": self.env,
            "steps": self.steps,
            "max_steps": self.max_steps,
            "terminated": self.terminated,
            "truncated": self.truncated,
            "errored": self.errored,
            "done": self.done,
            "reward": self.reward,
            "error": self.error,
        }


@dataclass
class Episode:
    """Counts steps and enforces the episode rules on top of a backend."""

    backend: Backend
    max_steps: int = DEFAULT_MAX_STEPS
    reveal_answer: bool = True
    steps: int = 0
    terminated: bool = False
    truncated: bool = False
    errored: bool = False
    reward: float | None = None
    error: str | None = None
    last_used: float = field(default_factory=time.monotonic)
    _tool_names: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self._tools = self.backend.tools()
        self._tool_names = frozenset(t.name for t in self._tools)

    @property
    def env_name(self) -> str:
        return self.backend.env_name

    def tools(self) -> list[ToolInfo]:
        return self._tools

    def instructions(self) -> str:
        return self.backend.instructions()

    @property
    def done(self) -> bool:
        return self.terminated or self.truncated or self.errored

    def state(self) -> EpisodeState:
        return EpisodeState(
            self.env_name, self.steps, self.max_steps, self.terminated, self.truncated, self.errored, self.reward, self.error
        )

    def call(self, name: str, arguments: dict[str, Any] | None = None) -> ToolResult:
        """Run one tool call. Agent mistakes come back as error results; env failures mark the episode errored."""
        self.last_used = time.monotonic()
        if self.done:
            why = "Done was already called" if self.terminated else "the step limit was reached" if self.truncated else f"the environment failed ({self.error})"
            return ToolResult(f"The episode is over: {why}. No further tool calls are accepted.", is_error=True)
        self.steps += 1
        if name not in self._tool_names:
            result = ToolResult(f"Unknown tool '{name}'. Available tools: {', '.join(sorted(self._tool_names))}", is_error=True)
        elif arguments is not None and not isinstance(arguments, dict):
            result = ToolResult(f"Arguments for {name} must be a JSON object", is_error=True)
        else:
            try:
                outcome = self.backend.invoke(name, dict(arguments or {}), reveal=self.reveal_answer)
            except EnvironmentFailure as exc:
                self.fail(str(exc))
                return ToolResult(f"Environment error (not your fault): {exc}. The episode has ended.", is_error=True)
            result = outcome.result
            if outcome.ended:
                self.terminated = True
                self.reward = outcome.reward if outcome.reward is not None else 0.0
                return result
        if self.steps >= self.max_steps:
            self.truncated = True
            self.reward = 0.0
            result = ToolResult(result.text + f"\n[Step limit of {self.max_steps} tool calls reached: the episode is over, reward=0]", result.value, result.is_error)
        return result

    def fail(self, message: str) -> None:
        """Mark the episode errored by an environment failure (timeout, crash)."""
        if not self.done:
            self.errored = True
            self.error = message

    def close(self) -> None:
        self.backend.close()


class ToolProxy:
    """What an oracle sees: tools as methods (`env.GetElement(index=3)`), nothing else.

    Wraps an `Episode` (each call counted like an agent's) or any `call(name, arguments) -> ToolResult`
    function, e.g. one that forwards over MCP. A tool error raises ToolError.
    """

    def __init__(self, target: "Episode | Callable[[str, dict[str, Any]], ToolResult]"):
        self._call = target.call if isinstance(target, Episode) else target

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(**arguments: Any) -> Any:
            result = self._call(name, arguments)
            if result.is_error:
                raise ToolError(result.text)
            return result.value

        return call
