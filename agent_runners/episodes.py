"""One episode through MCP: what the harness runs concurrently (`harness.py`) or on Ray workers (`ray_backend.py`).

Connect (stdio, HTTP or in memory), list the tools, take the system prompt from the server's instructions,
then loop: the agent acts, its calls go to the server, the results go back. It ends on Done, the step limit,
the turn limit, the token budget or an error. The reward is read from the `codegym://episode/state`
resource, never parsed from text.

Errors stay apart: the agent's mistakes (tool errors, malformed calls, replies without a call) are
shown to it and counted; API failures and environment/server failures mark the episode `errored`
(not failed); anything else is our bug and raises, after the episode row says so.
"""


from __future__ import annotations

import asyncio
import json
import logging
import time
import traceback
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import asdict, dataclass, fields
from typing import Any

import anyio
import httpx2
from mcp import Client
from mcp.shared.exceptions import MCPError

from codegym_mcp.server import STATE_URI
from codegym_mcp.store import LogWriter, Store
from codegym_mcp.threads import offload

from .agents import make_agent
from .formats import NUDGE
from .llm import RetryPolicy
from .plan import EpisodeSpec
from .protocol import APIFailure, Agent, AgentSession, CallResult, EpisodeContext, Message, ToolCall, ToolSpec
from .scripted import AgentFailure, rehearse_oracle
from .targets import Target, TargetError

__all__ = ["EpisodeRunner", "Progress", "RunConfig", "RunStats", "call_tool", "count_oracle_steps", "make_run_agent"]

log = logging.getLogger("agent_runners.episodes")

ORACLE_TIMEOUT = 120.0  # seconds for a whole oracle episode when counting its steps
MAX_IDLE_TURNS = 3  # replies without any tool call in a row before the episode is called off
FAIL_FAST_EPISODES = 3  # episodes in a row that cannot reach the model API, before any answer, that stop the run
SCRIPTED_AGENTS = ("oracle", "random", "replay")  # agents without a model API: served in memory by default
UNFINISHED = ("running", "interrupted")


@dataclass
class RunConfig:
    """Everything that defines a run; stored with it, so `--resume` needs nothing else."""

    agent: str = "oracle"
    split: str = "train"
    envs: list[str] | None = None
    tasks_per_env: int | None = None
    max_base_pass: float | None = None  # only instances whose recorded base-model pass rate is at most this
    samples: int = 1
    concurrency: int = 8
    max_turns: int = 256
    max_steps: int = 256
    token_budget: int | None = None  # input + output tokens billed over one episode
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = 4096  # per model reply
    base_url: str | None = None
    tool_format: str = "native"
    transport: str = "auto"  # memory for scripted agents (oracle, random, replay), http for models
    server_url: str | None = None  # a running codegym-mcp HTTP server instead of one hosted here
    mcp: str | None = None  # any MCP server (URL or command): one connection = one episode
    eval_mode: bool | None = None  # hide reference answers; default: on for the test split
    tool_timeout: float = 10.0
    oracle_steps: bool = True  # also play each task's oracle (in memory) to compare step counts
    retry_attempts: int = 6
    retry_base: float = 1.0
    kind: str = "run"
    backend: str = "local"  # or "ray": episodes become Ray tasks (see ray_backend.py)
    ray_address: str | None = None

    def to_params(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> "RunConfig":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in params.items() if k in known})

    def resolved_transport(self) -> str:
        """`auto`: scripted agents play in memory (fast, no network), models over our HTTP server."""
        if self.transport != "auto":
            return self.transport
        return "memory" if self.agent.partition(":")[0] in SCRIPTED_AGENTS else "http"

    @property
    def reveal_answer(self) -> bool:
        return not (self.eval_mode if self.eval_mode is not None else self.split == "test")


@dataclass
class RunStats:
    total: int = 0
    done: int = 0
    success: int = 0
    failed: int = 0
    errored: int = 0
    interrupted: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    tool_calls: int = 0

    def count(self, status: str, reward: float | None) -> None:
        if status == "interrupted":
            self.interrupted += 1
            return
        self.done += 1
        if status == "errored":
            self.errored += 1
        elif reward is not None and reward >= 1.0:
            self.success += 1
        else:
            self.failed += 1

    @property
    def success_rate(self) -> float | None:
        scored = self.success + self.failed
        return self.success / scored if scored else None


Progress = Callable[[RunStats], None]


# ---------------------------------------------------------------- one episode


class _Recorder:
    """Queues one episode's rows as they happen (the store's writer thread commits them in batches); the
    counters go into the episode row once, with its end."""

    def __init__(self, writer: LogWriter, episode_id: str):
        self.writer = writer
        self.id = episode_id
        self.msg_idx = 0
        self.call_idx = 0
        self.meta: str | None = None  # the episode's meta with the server's tools, once connected
        self.counters: dict[str, Any] = {"turns": 0, "tool_errors": 0, "parse_errors": 0, "api_retries": 0, "input_tokens": 0,
                         "output_tokens": 0, "llm_latency_ms": 0.0, "tool_latency_ms": 0.0, "steps": 0,
                         "truncated_replies": 0}

    def messages(self, messages: list[Message], turn: int, *, tokens: tuple[int, int] | None = None,
                 latency_ms: float | None = None) -> None:
        for m in messages:
            self.writer.log_message(
                self.id, self.msg_idx, m.role, m.content,
                tool_calls=[c.as_dict() for c in m.tool_calls] if m.tool_calls else None,
                tool_call_id=m.tool_call_id, name=m.name, kind=m.kind, turn=turn, reasoning=m.reasoning or None,
                input_tokens=tokens[0] if tokens and m.role == "assistant" else None,
                output_tokens=tokens[1] if tokens and m.role == "assistant" else None,
                latency_ms=latency_ms if m.role == "assistant" else None)
            self.msg_idx += 1

    def tool_call(self, result: CallResult, turn: int) -> None:
        self.call_idx += 1
        self.writer.log_tool_call(self.id, self.call_idx, result.call.name, result.call.arguments or {}, result.text,
                                  result.is_error, result.latency_ms, source="harness", call_id=result.call.id, turn=turn)

    async def end(self, status: str, end_reason: str, reward: float | None, error: str | None = None,
                  oracle_steps: int | None = None) -> None:
        """Queue the end row (status and counters) and return once it is committed: a finished episode is never
        lost to a crash, so it may be counted. Shielded: an interrupted episode's row is written too."""
        done = self.writer.end_episode(self.id, status=status, reward=reward, end_reason=end_reason, error=error,
                                       oracle_steps=oracle_steps, meta=self.meta, **self.counters)
        with anyio.CancelScope(shield=True):
            await _committed(done)


async def _committed(done: Future[None]) -> None:
    """Wait for the writer thread to commit, without blocking the event loop (it resolves `done` thread-safely)."""
    await asyncio.wrap_future(done)


@dataclass
class _Outcome:
    status: str
    end_reason: str
    reward: float | None = None
    error: str | None = None
    fatal: bool = False  # the model API is unreachable or refuses us: later episodes would fail the same way


async def _read_state(client: Client) -> dict[str, Any] | None:
    """The episode state resource, or None when the server has none (a foreign MCP server)."""
    try:
        result = await client.read_resource(STATE_URI)
    except MCPError:
        return None
    for content in result.contents:
        text = getattr(content, "text", None)
        if text:
            return json.loads(text)
    return None


def _outcome_from_state(state: dict[str, Any]) -> _Outcome | None:
    if state.get("errored"):
        return _Outcome("errored", "env_error", None, state.get("error"))
    if state.get("terminated"):
        return _Outcome("terminated", "done", state.get("reward"))
    if state.get("truncated"):
        return _Outcome("truncated", "step_limit", state.get("reward") or 0.0)
    return None


async def call_tool(client: Client, call: ToolCall) -> CallResult:
    start = time.perf_counter()
    response = await client.call_tool(call.name, call.arguments or {})
    latency = (time.perf_counter() - start) * 1000
    text = "\n".join(str(getattr(c, "text", "")) for c in response.content if getattr(c, "type", None) == "text")
    structured = response.structured_content
    value = structured.get("result") if isinstance(structured, dict) else None
    return CallResult(call, text, value, bool(response.is_error), True, latency)


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for e in exc.exceptions for leaf in _leaves(e)]
    return [exc]


def _only_cancelled(exc: BaseException) -> bool:
    if isinstance(exc, BaseExceptionGroup):
        return all(_only_cancelled(e) for e in exc.exceptions)
    return isinstance(exc, anyio.get_cancelled_exc_class())


def _is_transport_failure(exc: BaseException) -> bool:
    return isinstance(exc, (MCPError, TargetError, httpx2.HTTPError, anyio.BrokenResourceError, anyio.ClosedResourceError,
                            anyio.EndOfStream, OSError, TimeoutError))


class EpisodeRunner:
    """Plays episodes of one run: shared agent, target, store and oracle-step cache."""

    def __init__(self, cfg: RunConfig, agent: Agent, target: Target, store: Store, run_id: str, stats: RunStats,
                 progress: Progress | None = None, stop: anyio.Event | None = None):
        self.cfg = cfg
        self.stop = stop
        self.answered = False  # the agent produced at least one turn (the model API answered)
        self.unreachable = 0  # episodes ended by an unreachable or refusing API, while nothing has answered yet
        self.aborted: str | None = None
        self.agent = agent
        self.target = target
        self.store = store
        self.run_id = run_id
        self.stats = stats
        self.progress = progress
        self.writer = store.writer()
        self._oracle: dict[tuple[str, str], int | None] = {}
        self._oracle_locks: dict[tuple[str, str], anyio.Lock] = {}

    async def oracle_steps(self, spec: EpisodeSpec) -> int | None:
        """Tool calls the environment's oracle needs for this task, played once per task over in-memory MCP."""
        if not self.cfg.oracle_steps or spec.entry is None or spec.task is None or self.agent.name == "oracle":
            return None
        key = (spec.env, spec.task_id)
        lock = self._oracle_locks.setdefault(key, anyio.Lock())
        async with lock:
            if key not in self._oracle:
                self._oracle[key] = await count_oracle_steps(spec, self.cfg)
        return self._oracle[key]

    async def play(self, spec: EpisodeSpec) -> None:
        oracle_steps = await self.oracle_steps(spec)
        episode_id = self.writer.start_episode(
            env=spec.env, task_id=spec.task_id, run_id=self.run_id, split=spec.split, difficulty=spec.difficulty,
            sample=spec.sample, agent=self.agent.name, model=self.agent.model, source="harness",
            meta={"tool_format": self.agent.tool_format, "transport": self.target.transport})
        with anyio.CancelScope(shield=True):  # an episode in flight is on record as `running` (for readers and resume)
            await _committed(self.writer.committed())
        rec = _Recorder(self.writer, episode_id)
        outcome: _Outcome | None = None
        try:
            outcome = await self._play(spec, rec, episode_id)
        except BaseException as exc:  # noqa: BLE001 - sorted below: ours to record, or ours to raise
            if _only_cancelled(exc):
                await rec.end("interrupted", "interrupted", None, oracle_steps=oracle_steps)
                self.stats.count("interrupted", None)
                raise
            outcome = self._classify(exc, rec, spec, episode_id)
            if outcome is None:
                await rec.end("errored", "harness_bug", None, "".join(traceback.format_exception(exc))[-4000:], oracle_steps)
                raise
        if self.agent.name == "oracle" and outcome.status == "terminated":
            oracle_steps = rec.counters["steps"]  # the oracle's own episode is the reference
        await rec.end(outcome.status, outcome.end_reason, outcome.reward, outcome.error, oracle_steps)
        self.stats.count(outcome.status, outcome.reward)
        if outcome.fatal and not self.answered:
            self._fail_fast(outcome)
        if self.progress:
            self.progress(self.stats)

    def _fail_fast(self, outcome: _Outcome) -> None:
        """Stop the run when its first episodes all fail to reach the model API: retrying every episode cannot help."""
        self.unreachable += 1
        if self.unreachable < FAIL_FAST_EPISODES or self.aborted or self.stop is None:
            return
        where = getattr(self.agent, "endpoint", None)
        self.aborted = (f"stopped the run: its first {self.unreachable} episodes could not use the model API and no "
                        f"request has succeeded (last error: {(outcome.error or '').splitlines()[0][:300]})"
                        + (f"; the API is {where()}" if callable(where) else ""))
        log.error("%s", self.aborted)
        self.stop.set()

    def _classify(self, exc: BaseException, rec: _Recorder, spec: EpisodeSpec, episode_id: str) -> _Outcome | None:
        """The outcome an exception means for the episode; None if it is our bug."""
        leaves = [e for e in _leaves(exc) if not isinstance(e, anyio.get_cancelled_exc_class())]
        api = next((e for e in leaves if isinstance(e, APIFailure)), None)
        if api is not None:
            rec.counters["api_retries"] += api.retries
            return _Outcome("errored", "api_error", None, str(api), fatal=api.fatal)
        agent = next((e for e in leaves if isinstance(e, AgentFailure)), None)
        if agent is not None:
            return _Outcome("errored", "agent_error", None, str(agent))
        if leaves and all(_is_transport_failure(e) for e in leaves):
            log.warning("episode %s (%s %s #%d): server failure", episode_id, spec.env, spec.task_id, spec.sample, exc_info=exc)
            first = leaves[0]
            return _Outcome("errored", "server_error", None, f"{type(first).__name__}: {first}"[:2000])
        return None

    async def _play(self, spec: EpisodeSpec, rec: _Recorder, episode_id: str) -> _Outcome:
        async with self.target.connect(spec) as client:
            tools = [ToolSpec(t.name, t.description or "", dict(t.input_schema or {})) for t in (await client.list_tools()).tools]
            instructions = client.instructions or await self._task_prompt(client)
            rec.meta = json.dumps({"tool_format": self.agent.tool_format, "transport": self.target.transport,
                                   "tools": [asdict(t) for t in tools]})
            state = await _read_state(client)
            max_steps = int(state["max_steps"]) if state and state.get("max_steps") else None
            ctx = EpisodeContext(instructions, tools, spec.env, spec.task_id, spec.sample, spec.entry, spec.task)
            session = self.agent.start(ctx)
            try:
                rec.messages(session.messages, 0)
                outcome = await self._loop(client, session, rec, max_steps)
            finally:
                with anyio.CancelScope(shield=True):
                    await session.aclose()
            final = await _read_state(client)
            if final is not None:
                rec.counters["steps"] = int(final.get("steps", rec.counters["steps"]))
            return outcome

    async def _task_prompt(self, client: Client) -> str:
        try:
            prompt = await client.get_prompt("task")
        except MCPError:
            return ""
        return "\n".join(getattr(m.content, "text", "") for m in prompt.messages)

    async def _loop(self, client: Client, session: AgentSession, rec: _Recorder, max_steps: int | None) -> _Outcome:
        cfg = self.cfg
        idle = 0
        c = rec.counters
        for turn_no in range(1, cfg.max_turns + 1):
            turn = await session.act()
            self.answered = True
            c["turns"] = turn_no
            c["input_tokens"] += turn.input_tokens
            c["output_tokens"] += turn.output_tokens
            c["llm_latency_ms"] += turn.latency_ms
            c["api_retries"] += turn.retries
            c["truncated_replies"] += turn.truncated
            self.stats.input_tokens += turn.input_tokens
            self.stats.output_tokens += turn.output_tokens
            rec.messages([turn.message], turn_no, tokens=(turn.input_tokens, turn.output_tokens), latency_ms=turn.latency_ms)
            if turn.stop and not turn.calls:
                return _Outcome("truncated", "agent_stopped", 0.0, "the agent stopped without calling Done")
            results: list[CallResult] = []
            check_state = False
            for call in turn.calls:
                if call.error is not None:
                    result = CallResult(call, f"Error: {call.error}", None, True, executed=False)
                    c["parse_errors"] += 1
                else:
                    result = await call_tool(client, call)
                    c["steps"] += 1
                    c["tool_latency_ms"] += result.latency_ms
                    self.stats.tool_calls += 1
                    if result.is_error:
                        c["tool_errors"] += 1
                    rec.tool_call(result, turn_no)
                    check_state |= call.name == "Done" or result.is_error or (max_steps is not None and c["steps"] >= max_steps)
                results.append(result)
                if call.name == "Done" and result.executed:
                    break  # the episode is over: later calls of this turn are never sent
            note = None
            if turn.parse_error:
                note = f"Error: {turn.parse_error}"
                c["parse_errors"] += 1
            elif not turn.calls:
                note = NUDGE
                idle += 1
            else:
                idle = 0
            rec.messages(await session.observe(results, note), turn_no)
            if self.progress:
                self.progress(self.stats)
            if check_state:
                state = await _read_state(client)
                if state is None and any(r.call.name == "Done" and r.executed for r in results):
                    return _Outcome("terminated", "done", None)  # a server without the state resource
                if state is not None and (outcome := _outcome_from_state(state)) is not None:
                    return outcome
            if cfg.token_budget and c["input_tokens"] + c["output_tokens"] >= cfg.token_budget:
                return _Outcome("truncated", "token_budget", 0.0, f"token budget of {cfg.token_budget} spent")
            if idle >= MAX_IDLE_TURNS:
                return _Outcome("truncated", "agent_stopped", 0.0, f"{idle} replies in a row without a tool call")
        return _Outcome("truncated", "turn_limit", 0.0, f"turn limit of {cfg.max_turns} reached")


async def count_oracle_steps(spec: EpisodeSpec, cfg: RunConfig) -> int | None:
    """The task's oracle played on a private episode (the oracle agent's rehearsal, without the agent's step
    limit); its step count, or None if it fails."""
    assert spec.entry is not None and spec.task is not None
    try:
        run = await offload(ORACLE_TIMEOUT, rehearse_oracle, spec.entry, spec.task)
    except Exception as exc:  # noqa: BLE001 - a broken env shows up in the agent's episode too; here it is only a statistic
        log.warning("oracle steps for %s %s: %s", spec.env, spec.task_id, exc or type(exc).__name__)
        return None
    if run.failure is not None:  # the verifier, not the harness, judges oracles
        log.warning("oracle of %s %s failed: %s", spec.env, spec.task_id, run.failure or type(run.failure).__name__)
        return None
    return run.steps if run.terminated else None


# ---------------------------------------------------------------- a run


def make_run_agent(cfg: RunConfig) -> Agent:
    return make_agent(cfg.agent, base_url=cfg.base_url, tool_format=cfg.tool_format, temperature=cfg.temperature,
                      max_tokens=cfg.max_tokens, top_p=cfg.top_p,
                      retry=RetryPolicy(attempts=cfg.retry_attempts, base=cfg.retry_base))
