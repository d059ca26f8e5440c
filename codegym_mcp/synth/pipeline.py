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

import sqlite_utils

from .config import STAGES, Rejected, SynthConfig
from .inputs import Problem
from .llm import ChatClient, LLMError
from .stage_environment import stage_environment
from .stage_export import stage_export, verify_output
from .stage_filters import agent_difficulty_filter, remember, stage_difficulty, stage_filters
from .stage_oracle import stage_oracle
from .stage_tasks import stage_tasks

__all__ = ["STAGES", "SynthConfig", "SynthResult", "agent_difficulty_filter", "synthesize"]


@dataclass
class SynthResult:
    funnel: list[dict[str, Any]]
    accepted: list[str]
    rejections: dict[str, dict[str, int]]
    usage: dict[str, Any]
    verify: dict[str, Any] | None = None



class StateDB:
    def __init__(self, path: Path):
        self.db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=False, timeout=30))
        self.db.enable_wal()
        self.lock = threading.Lock()
        if not self.db.table("synth_state").exists():
            self.db.table("synth_state").create({"problem_id": str, "stage": str, "status": str, "reason": str, "data": str,
                                           "updated_at": float}, pk=("problem_id", "stage"))

    def get(self, pid: str, stage: str) -> dict[str, Any] | None:
        with self.lock:
            rows = list(self.db.query("select * from synth_state where problem_id = ? and stage = ?", [pid, stage]))
        return rows[0] if rows else None

    def put(self, pid: str, stage: str, status: str, reason: str = "", data: Any = None) -> None:
        with self.lock:
            self.db.table("synth_state").upsert({"problem_id": pid, "stage": stage, "status": status, "reason": reason,
                                           "data": json.dumps(data), "updated_at": time.time()}, pk=("problem_id", "stage"))



def synthesize(problems: list[Problem], llm: ChatClient, cfg: SynthConfig, *, state_path: Path | None = None,
               progress: Callable[[str, str, str], None] | None = None) -> SynthResult:
    """Run every problem through the stages (resuming from `state_path`); returns the funnel and rejections."""
    cfg.out_dir.mkdir(parents=True, exist_ok=True)
    workdir = cfg.out_dir / ".synth-work"
    workdir.mkdir(exist_ok=True)
    state = StateDB(state_path or cfg.out_dir / "synth_state.db")
    seen: dict[str, list[dict[str, Any]]] = {}
    seen_lock = threading.Lock()
    notify = progress or (lambda pid, stage, status: None)

    def run_stage(pid: str, stage: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        row = state.get(pid, stage)
        if row and row["status"] == "ok":
            return json.loads(row["data"])
        if row and row["status"] == "rejected":
            raise Rejected(stage, row["reason"])
        try:
            data = fn()
        except Rejected as rej:
            state.put(pid, stage, "rejected", rej.reason)
            raise
        except LLMError as exc:  # the endpoint failed: not a verdict on the problem; a rerun retries it
            state.put(pid, stage, "error", str(exc))
            raise
        state.put(pid, stage, "ok", data=data)
        notify(pid, stage, "ok")
        return data

    def one(problem: Problem) -> tuple[str, str | None, str]:
        pid = problem.id
        try:
            env = run_stage(pid, "environment", lambda: stage_environment(problem, llm, cfg))
            tasks = run_stage(pid, "tasks", lambda: stage_tasks(problem, env, cfg))
            oracle = run_stage(pid, "oracle", lambda: stage_oracle(problem, env, tasks, llm, cfg, workdir))
            done = state.get(pid, "filters")
            if done and done["status"] == "ok":
                remember(env, tasks, oracle, seen, seen_lock)
            run_stage(pid, "filters", lambda: stage_filters(env, tasks, oracle, cfg, seen, seen_lock, workdir))
            if cfg.difficulty_filter is not None:
                run_stage(pid, "difficulty", lambda: stage_difficulty(env, tasks, oracle, cfg))
            run_stage(pid, "export", lambda: stage_export(env, tasks, oracle, cfg))
            return pid, None, env["name"]
        except Rejected as rej:
            notify(pid, rej.stage, "rejected")
            return pid, rej.stage, rej.reason
        except LLMError as exc:
            notify(pid, "llm", "error")
            return pid, "llm error", str(exc)

    with ThreadPoolExecutor(max_workers=max(1, cfg.concurrency)) as pool:
        outcomes = list(pool.map(one, problems))

    rejections: dict[str, dict[str, int]] = {}
    for _, stage, reason in outcomes:
        if stage is not None:
            key = reason.split(":")[0][:80]
            rejections.setdefault(stage, {}).setdefault(key, 0)
            rejections[stage][key] += 1
    funnel = [{"stage": "problems in", "kept": len(problems)}]
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
        funnel.append({"stage": stage, "kept": survivors, "rejected": lost})
    accepted = [name for _, stage, name in outcomes if stage is None]
    usage = {"calls": llm.usage.calls, "input_tokens": llm.usage.input_tokens, "output_tokens": llm.usage.output_tokens,
             "by_stage": llm.usage.by_stage}
    result = SynthResult(funnel, accepted, rejections, usage)
    if cfg.verify and accepted:
        result.verify = verify_output(cfg.out_dir)
    return result
