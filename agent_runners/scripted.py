"""Agents without a model: the oracle, random valid calls, and replays of recorded trajectories.

They speak the native format, so their trajectories are stored and exported exactly like a model's
(useful as SFT data and as baselines). The oracle runs the environment's own oracle code on a private
rehearsal episode; each tool call it made becomes one turn of the ordinary harness loop, sent over MCP
and checked against the rehearsal, so what it does in the episode it does only through MCP, like any agent.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from codegym_mcp.baselines import random_value
from codegym_mcp.threads import CallTimeout, offload

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


ORACLE_TIMEOUT = 60.0  # seconds the oracle's rehearsal may take (its own computing and the env's answers)


@dataclass
class Rehearsal:
    """The oracle played on a private episode: its calls with their answers as an MCP client sees them, what it
    raised (if it did), and how the episode ended."""

    calls: list[CallResult]
    failure: BaseException | None
    steps: int
    terminated: bool


def rehearse_oracle(entry: Any, task: Any) -> Rehearsal:
    """Run `entry`'s oracle for `task` on a fresh episode (blocking: call it off the event loop)."""
    episode = entry.episode(task)
    calls: list[CallResult] = []

    def call(name: str, arguments: dict[str, Any]) -> CallResult:
        result = episode.call(name, dict(arguments or {}))
        # as the MCP client sees it: structured content only without an error, and through JSON
        value = None if result.is_error or result.value is None else json.loads(json.dumps(result.value))
        calls.append(CallResult(ToolCall(name, dict(arguments or {})), result.text, value, result.is_error))
        return calls[-1]

    try:
        entry.run_oracle(task, call)
        failure: BaseException | None = None
    except Exception as exc:  # noqa: BLE001 - the caller reports it as the oracle's failure
        failure = exc
    finally:
        episode.close()
    return Rehearsal(calls, failure, episode.steps, episode.terminated)


class OracleSession(_ScriptedSession):
    """The oracle rehearses on a private episode of the same task, then plays its calls over MCP, one turn each.

    Tools are deterministic given the task (`verify` checks it), so the server answers exactly as the rehearsal
    did; every answer is compared, and a difference ends the episode as the agent's failure. The trajectory is
    the one a thread forwarding each oracle call over MCP would record, without two thread hand-offs per call.
    The rehearsal runs under `ORACLE_TIMEOUT` in a worker thread; an oracle that raises is replayed up to its
    failure, which is then reported.
    """

    def __init__(self, ctx: EpisodeContext):
        super().__init__(ctx)
        self._plan: deque[CallResult] | None = None
        self._failure: BaseException | None = None  # what the oracle raised in its rehearsal, reported after its calls
        self._expected: CallResult | None = None
        self._mismatch: str | None = None

    async def act(self) -> Turn:
        if self._mismatch is not None:
            raise AgentFailure(self._mismatch)
        if self._plan is None:
            try:
                rehearsal = await offload(ORACLE_TIMEOUT, rehearse_oracle, self.ctx.entry, self.ctx.task)
            except CallTimeout:
                raise AgentFailure(f"the oracle did not finish within {ORACLE_TIMEOUT:g}s") from None
            self._plan, self._failure = deque(rehearsal.calls), rehearsal.failure
        if self._plan:
            self._expected = self._plan.popleft()
            return self._turn([ToolCall(self._expected.call.name, dict(self._expected.call.arguments or {}))])
        if self._failure is not None:
            raise AgentFailure(f"the oracle raised {type(self._failure).__name__}: {self._failure}")
        return self._turn([])

    async def observe(self, results: list[CallResult], note: str | None = None) -> list[Message]:
        new = await super().observe(results, note)
        expected, self._expected = self._expected, None
        if expected is not None and results and (results[0].text, results[0].is_error) != (expected.text, expected.is_error):
            # Reported at the next turn: if the episode is over (a step limit, a timeout), that is its end instead.
            self._mismatch = (f"the server answered {expected.call.name} differently from the oracle's rehearsal "
                              f"(got {results[0].text[:200]!r}, expected {expected.text[:200]!r}): the environment is "
                              "not deterministic given its task")
        return new


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
