"""The synthesis driver: problem -> environment -> tasks -> oracle -> filters -> export, each stage resumable.

Each stage is its own module (`stage_*.py`). State lives in SQLite (`synth_state`, one row per problem and
stage), so a rerun skips finished work and never redoes an LLM call whose result was kept. All synthesized
code runs in isolated child processes.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..store import sqlite_utils  # without pandas/numpy (see store.py)
from .config import STAGES, Rejected, SynthConfig
from .inputs import Problem
from .llm import ChatClient, LLMError
from .stage_environment import stage_environment
from .stage_export import stage_export, verify_output
from .stage_filters import remember, stage_difficulty, stage_filters
from .stage_oracle import stage_oracle
from .stage_tasks import stage_solution, stage_tasks

__all__ = ["STAGES", "SynthConfig", "SynthResult", "synthesize"]


@dataclass
class SynthResult:
    funnel: list[dict[str, Any]]
    accepted: list[str]
    rejections: dict[str, dict[str, int]]
    usage: dict[str, Any]
    verify: dict[str, Any] | None = None
    seconds: float = 0.0  # wall time of the whole run



class StageClock:
    """When each stage ran in this run, per problem; a stage's wall time is the union of those intervals
    (problems run concurrently, so summing their times overstates how long a stage took)."""

    def __init__(self) -> None:
        self.spans: dict[str, list[tuple[float, float]]] = {}
        self.lock = threading.Lock()

    def add(self, stage: str, start: float, end: float) -> None:
        with self.lock:
            self.spans.setdefault(stage, []).append((start, end))

    def wall(self, stage: str) -> float:
        total, reach = 0.0, float("-inf")
        for start, end in sorted(self.spans.get(stage, [])):
            if end > reach:
                total += end - max(start, reach)
                reach = end
        return total


class StateDB:
    def __init__(self, path: Path):
        self.db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=False, timeout=30))
        self.db.enable_wal()
        self.lock = threading.Lock()
        if not self.db.table("synth_state").exists():
            self.db.table("synth_state").create({"problem_id": str, "stage": str, "status": str, "reason": str, "data": str,
                                           "updated_at": float}, pk=("problem_id", "stage"))
        columns = self.db.table("synth_state").columns_dict
        for name, kind in (("tokens_in", int), ("tokens_out", int), ("seconds", float)):  # cost of the stage
            if name not in columns:
                self.db.table("synth_state").add_column(name, kind)

    def get(self, pid: str, stage: str) -> dict[str, Any] | None:
        with self.lock:
            rows = list(self.db.query("select * from synth_state where problem_id = ? and stage = ?", [pid, stage]))
        return rows[0] if rows else None

    def put(self, pid: str, stage: str, status: str, reason: str = "", data: Any = None,
            cost: tuple[int, int, float] = (0, 0, 0.0)) -> None:
        with self.lock:
            self.db.table("synth_state").upsert({"problem_id": pid, "stage": stage, "status": status, "reason": reason,
                                           "data": json.dumps(data), "updated_at": time.time(), "tokens_in": cost[0],
                                           "tokens_out": cost[1], "seconds": round(cost[2], 3)}, pk=("problem_id", "stage"))

    def costs(self, pids: list[str]) -> dict[str, list[float]]:
        """stage -> [tokens in, tokens out, busy seconds] summed over these problems, earlier runs included."""
        out: dict[str, list[float]] = {}
        with self.lock:
            rows = list(self.db.query("select problem_id, stage, tokens_in, tokens_out, seconds from synth_state"))
        wanted = set(pids)
        for r in rows:
            if r["problem_id"] in wanted:
                c = out.setdefault(r["stage"], [0, 0, 0.0])
                c[0] += r["tokens_in"] or 0
                c[1] += r["tokens_out"] or 0
                c[2] += r["seconds"] or 0.0
        return out



def synthesize(problems: list[Problem], llm: ChatClient, cfg: SynthConfig, *, state_path: Path | None = None,
               progress: Callable[[str, str, str], None] | None = None) -> SynthResult:
    """Run every problem through the stages (resuming from `state_path`); returns the funnel and rejections.
    Raises LLMError if the endpoint is unusable (wrong key, URL or model): every problem would fail the same way."""
    started = time.perf_counter()
    cfg.out_dir.mkdir(parents=True, exist_ok=True)
    workdir = cfg.out_dir / ".synth-work"
    workdir.mkdir(exist_ok=True)
    state = StateDB(state_path or cfg.out_dir / "synth_state.db")
    seen: dict[str, list[dict[str, Any]]] = {}
    seen_lock = threading.Lock()
    notify = progress or (lambda pid, stage, status: None)
    fatal: list[LLMError] = []  # the first endpoint error that no retry or other problem can get past
    failures = [0]
    clock = StageClock()

    def run_stage(pid: str, stage: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        row = state.get(pid, stage)
        if row and row["status"] == "ok":
            return json.loads(row["data"])
        if row and row["status"] == "rejected":
            raise Rejected(stage, row["reason"])
        t0 = time.perf_counter()
        with llm.meter() as spent:
            try:
                data = fn()
            except Rejected as rej:
                state.put(pid, stage, "rejected", rej.reason,
                          cost=(spent[0] + rej.spent[0], spent[1] + rej.spent[1], time.perf_counter() - t0))
                raise
            except LLMError as exc:  # the endpoint failed: not a verdict on the problem; a rerun retries it
                state.put(pid, stage, "error", str(exc), cost=(spent[0], spent[1], time.perf_counter() - t0))
                raise
            finally:
                clock.add(stage, t0, time.perf_counter())
        extra = (data.get("input_tokens", 0), data.get("output_tokens", 0)) if stage == "difficulty" else (0, 0)
        state.put(pid, stage, "ok", data=data, cost=(spent[0] + extra[0], spent[1] + extra[1], time.perf_counter() - t0))
        notify(pid, stage, "ok")
        return data

    def one(problem: Problem) -> tuple[str, str | None, str]:
        pid = problem.id
        if fatal:
            return pid, "llm error", f"not tried: {fatal[0]}"
        try:
            run_stage(pid, "solution", lambda: stage_solution(problem, cfg))
            env = run_stage(pid, "environment", lambda: stage_environment(problem, llm, cfg))
            tasks = run_stage(pid, "tasks", lambda: stage_tasks(problem, env, cfg))
            oracle = run_stage(pid, "oracle", lambda: stage_oracle(problem, env, tasks, llm, cfg, workdir))
            done = state.get(pid, "filters")
            if done and done["status"] == "ok":
                remember(env, tasks, oracle, seen, seen_lock)
            run_stage(pid, "filters", lambda: stage_filters(env, tasks, oracle, cfg, seen, seen_lock, workdir))
            difficulty = None
            if cfg.difficulty_filter is not None:
                difficulty = run_stage(pid, "difficulty", lambda: stage_difficulty(env, tasks, oracle, cfg))
            exported = run_stage(pid, "export", lambda: stage_export(env, tasks, oracle, cfg))
            record_metadata(cfg.out_dir, env["name"], {"problem": pid, "file": exported.get("file"),
                                                       "oracle_steps": [min(oracle["steps"]), max(oracle["steps"])],
                                                       **({"difficulty": difficulty} if difficulty else {})}, seen_lock)
            return pid, None, env["name"]
        except Rejected as rej:
            notify(pid, rej.stage, "rejected")
            return pid, rej.stage, rej.reason
        except LLMError as exc:
            notify(pid, "llm", "error")
            with seen_lock:
                failures[0] += 1
                # a refused key or URL, or the first requests all failing: stop instead of failing every problem
                if exc.fatal or (llm.usage.calls == 0 and failures[0] >= max(2, cfg.concurrency)):
                    fatal.append(exc)
            return pid, "llm error", str(exc)

    with ThreadPoolExecutor(max_workers=max(1, cfg.concurrency)) as pool:
        outcomes = list(pool.map(one, problems))
    if fatal:
        raise fatal[0]

    rejections: dict[str, dict[str, int]] = {}
    for _, stage, reason in outcomes:
        if stage is not None:
            key = reason.split(":")[0][:80]
            rejections.setdefault(stage, {}).setdefault(key, 0)
            rejections[stage][key] += 1
    costs = state.costs([p.id for p in problems])
    funnel: list[dict[str, Any]] = [{"stage": "problems in", "kept": len(problems)}]
    survivors = len(problems)
    for stage in (*STAGES, "llm error"):
        lost = sum(1 for _, s, _ in outcomes if s == stage)
        if stage == "difficulty" and cfg.difficulty_filter is None:
            continue
        if stage == "llm error":
            if lost:
                funnel.append({"stage": "LLM endpoint errors", "kept": survivors - lost, "rejected": lost})
            continue
        survivors -= lost
        c = costs.get(stage, [0, 0, 0.0])
        # wall: how long the stage took in this run; busy: its time summed over problems, earlier runs included
        funnel.append({"stage": stage, "kept": survivors, "rejected": lost, "tokens_in": int(c[0]),
                       "tokens_out": int(c[1]), "wall_seconds": round(clock.wall(stage), 2), "busy_seconds": round(c[2], 2)})
    accepted = [name for _, stage, name in outcomes if stage is None]
    total_in = sum(int(c[0]) for c in costs.values())
    total_out = sum(int(c[1]) for c in costs.values())
    usage = {"calls": llm.usage.calls, "input_tokens": llm.usage.input_tokens, "output_tokens": llm.usage.output_tokens,
             "by_stage": llm.usage.by_stage,
             # every token spent on these problems (rejected ones and earlier runs included), per accepted env
             "all_runs": {"input_tokens": total_in, "output_tokens": total_out},
             "per_accepted_env": ({"input_tokens": round(total_in / len(accepted)), "output_tokens": round(total_out / len(accepted))}
                                  if accepted else None)}
    result = SynthResult(funnel, accepted, rejections, usage)
    if cfg.verify and accepted:
        result.verify = verify_output(cfg.out_dir)
    result.seconds = round(time.perf_counter() - started, 2)
    return result


METADATA = "synthesis.json"


def record_metadata(out_dir: Path, name: str, info: dict[str, Any], lock: threading.Lock) -> None:
    """What synthesis knows about each accepted env (source problem, oracle steps, the difficulty agent's pass
    rate), in OUT/synthesis.json beside the library."""
    path = out_dir / METADATA
    with lock:
        data: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {"envs": {}}
        data["envs"][name] = info
        path.write_text(json.dumps(data, indent=1, sort_keys=True))
