"""Agents without a model: the oracle, random valid calls, and replays of recorded trajectories.

They speak the native format, so their trajectories are stored and exported exactly like a model's
(useful as SFT data and as baselines). The oracle runs the environment's own oracle code in a worker
thread; each tool call it makes becomes one turn of the ordinary harness loop, so it acts only
through MCP, like any agent.
"""

from __future__ import annotations

import asyncio
import json
import queue
import random
import sqlite3
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import anyio

from codegym_mcp.baselines import random_value

from .formats import Conversation
from .protocol import CallResult, EpisodeContext, Message, ToolCall, Turn

__all__ = ["AgentFailure", "OracleAgent", "RandomAgent", "ReplayAgent", "random_value"]


class AgentFailure(Exception):
    """A scripted agent could not go on for a reason that is not an agent's mistake (the oracle crashed)."""


class _ScriptedSession:
    """Native-format conversation bookkeeping shared by the scripted agents."""

    def __init__(self, ctx: EpisodeContext):
        self.ctx = ctx
        self.conv = Conversation(ctx, "native")
        self.messages = self.conv.messages

    def _turn(self, calls: list[ToolCall]) -> Turn:
        message, calls, _ = self.conv.reply("", calls)
        return Turn(message, calls, stop=not calls)

    async def observe(self, results: list[CallResult], note: str | None = None) -> list[Message]:
        return self.conv.feedback(results, note)

    async def aclose(self) -> None:
        pass


# ---------------------------------------------------------------- oracle


@dataclass
class OracleAgent:
    """Plays the environment's oracle (its `oracle` or CodeGym `solve()`), forwarding each call over MCP."""

    name: str = "oracle"
    model: str = ""
    tool_format: str = "native"
    sampling: dict[str, Any] = field(default_factory=dict)

    def start(self, ctx: EpisodeContext) -> "OracleSession":
        if ctx.entry is None or ctx.task is None:
            raise ValueError("the oracle agent needs a registered environment (not a foreign MCP server)")
        return OracleSession(ctx)

    async def aclose(self) -> None:
        pass


_END = object()
_CLOSED = object()
ORACLE_THINK_TIMEOUT = 60.0  # seconds the oracle may compute between two calls before it is given up


def _fail_if_pending(future: asyncio.Future[Any], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)


class OracleSession(_ScriptedSession):
    """The oracle runs in a daemon thread. Its calls reach the loop by `call_soon_threadsafe` and our results go
    back through a queue: one thread wake-up each way per call (anyio's from_thread started a task per call)."""

    def __init__(self, ctx: EpisodeContext):
        super().__init__(ctx)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._posted: deque[Any] = deque()  # the oracle's calls, then _END or its exception; read on the loop
        self._wake: asyncio.Future[None] | None = None
        self._results: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._waiting = False
        self._closed = False

    def _post(self, item: Any) -> None:  # on the loop
        self._posted.append(item)
        if self._wake is not None and not self._wake.done():
            self._wake.set_result(None)

    def _from_thread(self, item: Any) -> None:
        assert self._loop is not None
        try:
            self._loop.call_soon_threadsafe(self._post, item)
        except RuntimeError:  # the loop is gone: nobody will read it
            raise AgentFailure("the episode is over") from None

    def _start(self) -> None:
        self._loop = asyncio.get_running_loop()

        def call(name: str, arguments: dict[str, Any]) -> CallResult:
            if self._closed:
                raise AgentFailure("the episode is over")
            self._from_thread(ToolCall(name, dict(arguments or {})))
            result = self._results.get()
            if result is _CLOSED:
                raise AgentFailure("the episode is over")
            return cast(CallResult, result)

        def main() -> None:
            try:
                self.ctx.entry.run_oracle(self.ctx.task, call)
                outcome: Any = _END
            except BaseException as exc:  # noqa: BLE001 - reported to the harness as the oracle's failure
                outcome = exc
            try:
                self._from_thread(outcome)
            except AgentFailure:  # the episode is already over
                pass

        self._thread = threading.Thread(target=main, name=f"oracle-{self.ctx.env}-{self.ctx.task_id}", daemon=True)
        self._thread.start()

    async def act(self) -> Turn:
        if self._thread is None:
            self._start()
        if not self._posted:
            loop = asyncio.get_running_loop()
            wake = self._wake = loop.create_future()
            timer = loop.call_later(ORACLE_THINK_TIMEOUT, _fail_if_pending, wake,
                                    AgentFailure(f"the oracle made no call for {ORACLE_THINK_TIMEOUT:g}s"))
            try:
                await wake
            finally:
                timer.cancel()
                self._wake = None
        item = self._posted.popleft()
        if isinstance(item, ToolCall):
            self._waiting = True
            return self._turn([item])
        if isinstance(item, BaseException):
            raise AgentFailure(f"the oracle raised {type(item).__name__}: {item}")
        return self._turn([])

    async def observe(self, results: list[CallResult], note: str | None = None) -> list[Message]:
        new = await super().observe(results, note)
        if self._waiting and results:
            self._waiting = False
            self._results.put(results[0])
        return new

    async def aclose(self) -> None:
        # A still-running oracle's next call raises, so its thread ends.
        self._closed = True
        self._results.put(_CLOSED)
        if self._thread is not None and self._thread.is_alive():  # let it finish before the episode's end is recorded
            await anyio.to_thread.run_sync(self._thread.join, 1.0)


# ---------------------------------------------------------------- random


@dataclass
class RandomAgent:
    """Random schema-valid calls, one per turn; Done with probability `p_done` each turn."""

    seed: int = 0
    p_done: float = 0.1
    name: str = "random"
    model: str = ""
    tool_format: str = "native"
    sampling: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.sampling = {"seed": self.seed, "p_done": self.p_done}

    def start(self, ctx: EpisodeContext) -> "RandomSession":
        return RandomSession(ctx, random.Random(f"{self.seed}:{ctx.env}:{ctx.task_id}:{ctx.sample}"), self.p_done)

    async def aclose(self) -> None:
        pass


class RandomSession(_ScriptedSession):
    def __init__(self, ctx: EpisodeContext, rng: random.Random, p_done: float):
        super().__init__(ctx)
        self.rng = rng
        self.p_done = p_done

    async def act(self) -> Turn:
        tools = [t for t in self.ctx.tools if t.name != "Done"]
        done = next((t for t in self.ctx.tools if t.name == "Done"), None)
        pick = done if done is not None and (not tools or self.rng.random() < self.p_done) else self.rng.choice(tools)
        return self._turn([ToolCall(pick.name, random_value({**pick.input_schema, "type": "object"}, self.rng))])


# ---------------------------------------------------------------- replay


def load_trajectories(path: Path) -> dict[tuple[str, str, int], list[ToolCall]]:
    """Recorded call sequences by (env, task_id, sample), from a runs database or a JSONL file.

    A `.db` file: the latest finished episode of each key (append `#RUN` to the path to pick a run).
    A JSONL file: rows with `env`, `task_id` (top level or in `metadata`), optional `sample`, and either
    `calls` ([{"name", "arguments"}]) or OpenAI-chat `messages` (as written by `codegym-mcp export`).
    """
    text_path, _, run_id = str(path).partition("#")
    file = Path(text_path)
    if not file.exists():
        raise ValueError(f"replay file {file} does not exist")
    if file.suffix in (".db", ".sqlite", ".sqlite3"):
        return _from_db(file, run_id or None)
    out: dict[tuple[str, str, int], list[ToolCall]] = {}
    for lineno, line in enumerate(file.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            meta = row.get("metadata") or {}
            key = (row.get("env") or meta["env"], str(row.get("task_id") or meta["task_id"]),
                   int(row.get("sample", meta.get("sample", 0)) or 0))
            out[key] = _calls_of(row)
        except (json.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"{file}:{lineno}: not a trajectory row ({type(exc).__name__}: {exc})") from None
    return out


def _calls_of(row: dict[str, Any]) -> list[ToolCall]:
    if "calls" in row:
        return [ToolCall(c["name"], dict(c.get("arguments") or c.get("parameters") or {})) for c in row["calls"]]
    calls = []
    for m in row["messages"]:
        for c in m.get("tool_calls") or []:
            fn = c["function"]
            args = fn.get("arguments") or "{}"
            calls.append(ToolCall(fn["name"], json.loads(args) if isinstance(args, str) else dict(args)))
    return calls


def _from_db(file: Path, run_id: str | None) -> dict[tuple[str, str, int], list[ToolCall]]:
    conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        where = "status not in ('running', 'interrupted')" + (" and run_id = ?" if run_id else "")
        try:
            episodes = conn.execute(f"select id, env, task_id, sample from episodes where {where} order by started_at",
                                    [run_id] if run_id else []).fetchall()
        except sqlite3.DatabaseError as exc:
            raise ValueError(f"replay file {file} is not a trajectory database ({exc})") from None
        if run_id and not episodes:
            raise ValueError(f"replay file {file} has no finished episodes of run {run_id!r}")
        out: dict[tuple[str, str, int], list[ToolCall]] = {}
        for eid, env, task_id, sample in episodes:
            rows = conn.execute("select name, arguments from tool_calls where episode_id = ? order by idx, id", [eid]).fetchall()
            out[(env, str(task_id), int(sample or 0))] = [ToolCall(n, json.loads(a) if a else {}) for n, a in rows]
        return out
    finally:
        conn.close()


@dataclass
class ReplayAgent:
    """Replays recorded calls for the same (env, task, sample); falls back to sample 0 of that task."""

    path: str
    name: str = ""
    model: str = ""
    tool_format: str = "native"
    sampling: dict[str, Any] = field(default_factory=dict)
    trajectories: dict[tuple[str, str, int], list[ToolCall]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.name = self.name or f"replay:{self.path}"
        self.trajectories = load_trajectories(Path(self.path))

    def start(self, ctx: EpisodeContext) -> "ReplaySession":
        calls = self.trajectories.get((ctx.env, ctx.task_id, ctx.sample)) or self.trajectories.get((ctx.env, ctx.task_id, 0)) or []
        return ReplaySession(ctx, [ToolCall(c.name, dict(c.arguments or {})) for c in calls])

    async def aclose(self) -> None:
        pass


class ReplaySession(_ScriptedSession):
    def __init__(self, ctx: EpisodeContext, calls: list[ToolCall]):
        super().__init__(ctx)
        self.pending = calls

    async def act(self) -> Turn:
        return self._turn([self.pending.pop(0)] if self.pending else [])
