"""The synthesis pipeline: problem -> environment -> tasks -> oracle -> filters -> export, each stage resumable.

State lives in SQLite (`synth_state`, one row per problem and stage), so a rerun skips finished work and
never redoes an LLM call whose result was kept. All synthesized code runs in isolated child processes.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Callable

import sqlite_utils

from ..env import DIFFICULTIES, answers_match
from ..episode import Episode, EnvironmentFailure
from .checks import extract_code, static_env_problems, static_oracle_problems
from .inputs import Problem
from .isolate import IsolationError, Limits, run_job, run_oracle
from .llm import ChatClient, LLMError
from .prompts import env_prompt, oracle_prompt, repair_message

__all__ = ["STAGES", "SynthConfig", "SynthResult", "agent_difficulty_filter", "synthesize"]

STAGES = ("environment", "tasks", "oracle", "filters", "difficulty", "export")


@dataclass
class SynthConfig:
    out_dir: Path
    repairs: int = 2
    oracle_samples: int = 10
    tasks_per_difficulty: int = 6
    min_valid_tasks: int = 10
    min_valid_fraction: float = 0.8
    min_steps: int = 10
    max_steps: int = 256
    concurrency: int = 4
    limits: Limits = field(default_factory=Limits)
    format: str = "native"  # or "codegym"
    verify: bool = True
    difficulty_filter: Callable[[Path, Path, str], float] | None = None  # (env file, task file, env name) -> pass rate
    difficulty_threshold: float = 0.25


@dataclass
class SynthResult:
    funnel: list[dict[str, Any]]
    accepted: list[str]
    rejections: dict[str, dict[str, int]]
    usage: dict[str, Any]
    verify: dict[str, Any] | None = None


class Rejected(Exception):
    def __init__(self, stage: str, reason: str):
        super().__init__(reason)
        self.stage = stage
        self.reason = reason


class StateDB:
    def __init__(self, path: Path):
        import sqlite3

        self.db = sqlite_utils.Database(sqlite3.connect(str(path), check_same_thread=False, timeout=30))
        self.db.enable_wal()
        self.lock = threading.Lock()
        if not self.db["synth_state"].exists():
            self.db["synth_state"].create({"problem_id": str, "stage": str, "status": str, "reason": str, "data": str,
                                           "updated_at": float}, pk=("problem_id", "stage"))

    def get(self, pid: str, stage: str) -> dict[str, Any] | None:
        with self.lock:
            rows = list(self.db.query("select * from synth_state where problem_id = ? and stage = ?", [pid, stage]))
        return rows[0] if rows else None

    def put(self, pid: str, stage: str, status: str, reason: str = "", data: Any = None) -> None:
        with self.lock:
            self.db["synth_state"].upsert({"problem_id": pid, "stage": stage, "status": status, "reason": reason,
                                           "data": json.dumps(data), "updated_at": time.time()}, pk=("problem_id", "stage"))


def _class_name(code: str) -> str:
    import ast

    for node in ast.parse(code).body:
        if isinstance(node, ast.ClassDef):
            return node.name
    raise ValueError("no class")


# ---------------------------------------------------------------- stages


def stage_environment(problem: Problem, llm: ChatClient, cfg: SynthConfig) -> dict[str, Any]:
    messages = env_prompt(problem)
    problems: list[str] = []
    for attempt in range(cfg.repairs + 1):
        reply = llm.complete(messages, stage="environment")
        code = extract_code(reply)
        problems = static_env_problems(code)
        if not problems:
            try:
                info = run_job("env", {"code": code, "tasks": [[0, "easy"]]}, cfg.limits)
                if "error" in info["tasks"][0]:
                    problems = [f"generate/reset failed: {info['tasks'][0]['error']}"]
            except IsolationError as exc:
                problems = [str(exc)]
        if not problems:
            return {"code": code, "attempts": attempt + 1, "name": info["name"], "tools": info["tools"], "doc": info["doc"]}
        messages = [*messages, {"role": "assistant", "content": reply}, repair_message(problems)]
    raise Rejected("environment", "; ".join(problems)[:300])


def stage_tasks(problem: Problem, env: dict[str, Any], cfg: SynthConfig) -> dict[str, Any]:
    wanted = [[1000 * d + i, diff] for d, diff in enumerate(DIFFICULTIES) for i in range(cfg.tasks_per_difficulty)]
    try:
        info = run_job("env", {"code": env["code"], "tasks": wanted}, cfg.limits)
    except IsolationError as exc:
        raise Rejected("tasks", f"task generator failed: {exc}") from None
    generated = [t for t in info["tasks"] if "error" not in t]
    if not generated:
        raise Rejected("tasks", f"no task could be generated: {info['tasks'][0].get('error')}")
    try:
        originals = run_job("solution", {"code": problem.solution, "entry_point": problem.entry_point,
                                         "args": [t["source_args"] or [] for t in generated]}, cfg.limits)
    except IsolationError as exc:
        raise Rejected("tasks", f"original solution failed: {exc}") from None
    valid, disagreements = [], 0
    for task, original in zip(generated, originals):
        if "error" in original or task["source_args"] is None:
            continue
        if not answers_match(task["reference"], original["value"]):
            disagreements += 1
            continue
        if json.dumps(task["reference"]) in task["observe"] and len(json.dumps(task["reference"])) >= 4:
            continue  # the answer shows in Observe: not a valid hidden-answer task
        valid.append({**task, "reference": original["value"]})
    fraction = len(valid) / len(wanted)
    if len(valid) < cfg.min_valid_tasks or fraction < cfg.min_valid_fraction:
        raise Rejected("tasks", f"{len(valid)}/{len(wanted)} valid tasks ({disagreements} disagree with the original "
                                f"solution); need >= {cfg.min_valid_tasks} and >= {cfg.min_valid_fraction:.0%}")
    return {"tasks": valid, "generated": len(wanted)}


def _episode(env_file: Path, name: str, task: dict[str, Any], cfg: SynthConfig) -> Episode:
    from ..sandbox import SandboxBackend

    entry = SimpleNamespace(name=name, kind="native", path=env_file)
    backend = SandboxBackend(entry, SimpleNamespace(config=task["config"], seed=task["seed"], id=str(task["seed"])))
    return Episode(backend, max_steps=cfg.max_steps)


def _play(oracle_code: str, env_file: Path, name: str, task: dict[str, Any], cfg: SynthConfig) -> tuple[Episode, list]:
    episode = _episode(env_file, name, task, cfg)
    log: list[tuple[str, str, str]] = []

    def call(tool: str, args: dict[str, Any]) -> Any:
        result = episode.call(tool, args)
        log.append((tool, json.dumps(args, sort_keys=True), result.text))
        return result

    try:
        run_oracle(oracle_code, call, cfg.limits, max_calls=cfg.max_steps + 5)
    finally:
        episode.close()
    return episode, log


def stage_oracle(problem: Problem, env: dict[str, Any], tasks: dict[str, Any], llm: ChatClient, cfg: SynthConfig,
                 workdir: Path) -> dict[str, Any]:
    env_file = workdir / f"{env['name']}.py"
    env_file.write_text(env["code"])
    messages = oracle_prompt(problem.id, env["doc"], env["tools"])
    reasons = []
    for k in range(cfg.oracle_samples):
        code = extract_code(llm.complete(messages, stage="oracle", temperature=0.8))
        problems = static_oracle_problems(code)
        if problems:
            reasons.append("; ".join(problems))
            continue
        steps, first_log, failure = [], None, None
        for task in tasks["tasks"]:
            try:
                episode, log = _play(code, env_file, env["name"], task, cfg)
            except (IsolationError, EnvironmentFailure) as exc:
                failure = str(exc)
                break
            if episode.reward != 1.0:
                failure = f"reward {episode.reward} on task seed {task['seed']} ({episode.steps} steps)"
                break
            steps.append(episode.steps)
            first_log = first_log or log
        if failure is None:
            return {"code": code, "samples": k + 1, "steps": steps, "log": first_log}
        reasons.append(failure)
    raise Rejected("oracle", f"no oracle of {cfg.oracle_samples} solved every task; last: {reasons[-1][:200] if reasons else '-'}")


def stage_filters(env: dict[str, Any], tasks: dict[str, Any], oracle: dict[str, Any], cfg: SynthConfig,
                  seen: dict[str, dict[str, Any]], lock: threading.Lock, workdir: Path) -> dict[str, Any]:
    low, high = min(oracle["steps"]), max(oracle["steps"])
    if low < cfg.min_steps or high > cfg.max_steps:
        raise Rejected("filters", f"oracle tool calls {low}..{high} outside [{cfg.min_steps}, {cfg.max_steps}]")
    signature = _signature(env)
    mine = remember(env, tasks, oracle, seen, lock)
    with lock:
        others = [o for o in seen[signature] if o["name"] != env["name"]]
    for other in others:  # same tools: a duplicate if it also behaves the same on the other's task
        if _replays_identically(workdir / f"{env['name']}.py", env["name"], other["task"], other["log"], cfg):
            with lock:
                seen[signature].remove(mine)
            raise Rejected("filters", f"near-duplicate of {other['name']} (same tools and behaviour)")
    return {"steps_min": low, "steps_max": high}


def _signature(env: dict[str, Any]) -> str:
    return json.dumps(sorted((t["name"], json.dumps(t["input_schema"], sort_keys=True)) for t in env["tools"]))


def remember(env: dict[str, Any], tasks: dict[str, Any], oracle: dict[str, Any], seen: dict[str, list[dict[str, Any]]],
             lock: threading.Lock) -> dict[str, Any]:
    """Register an env for near-duplicate checks (also for envs accepted in an earlier, resumed run)."""
    mine = {"name": env["name"], "task": tasks["tasks"][0], "log": oracle["log"]}
    with lock:
        bucket = seen.setdefault(_signature(env), [])
        if all(o["name"] != env["name"] for o in bucket):
            bucket.append(mine)
    return mine


def _replays_identically(env_file: Path, name: str, task: dict[str, Any], log: list, cfg: SynthConfig) -> bool:
    try:
        episode = _episode(env_file, name, task, cfg)
    except (EnvironmentFailure, OSError):
        return False
    try:
        return all(episode.call(tool, json.loads(args)).text == text for tool, args, text in log)
    finally:
        episode.close()


def _native_module(env: dict[str, Any], oracle_code: str) -> str:
    cls = _class_name(env["code"])
    return (env["code"].rstrip() + "\n\n\n# The oracle, written against the tool schemas only (see codegym_mcp.synth).\n"
            "from codegym_mcp.env import ToolError  # noqa: E402\n\n" + oracle_code.rstrip() + "\n\n\n"
            f"{cls}.oracle = staticmethod(oracle)\n")


def _codegym_module(env: dict[str, Any], oracle_code: str) -> str:
    """A CodeGym-format file: gymnasium class with func_mapping/step/solve around the native env."""
    native = _native_module(env, oracle_code)
    cls = _class_name(env["code"])
    names = [t["name"] for t in env["tools"]]
    return native + f'''

import ast as _ast
import json as _json

import gymnasium as _gymnasium


class CodeGym{cls}(_gymnasium.Env):
    """CodeGym-format adapter of {cls}: build with "CodeGym{cls}@{{...config...}}"."""

    def __init__(self, env_str: str = None):
        super().__init__()
        self.func_mapping = {{{", ".join(f'"{n}": {i}' for i, n in enumerate(names))}}}
        self._env = None
        self._done = False
        self._reward = 0
        if env_str is not None:
            self.reset(_ast.literal_eval(env_str.split("@", 1)[1]))

    def reset(self, options: dict = {{}}):
        self._env = {cls}()
        self._env.reset(options)
        self._done, self._reward = False, 0
        return self._env.observe(), {{}}

    def get_ref_answer(self):
        return self._env.reference_answer()

    def step(self, action: str):
        call = _json.loads(action)
        name, params = call["name"], call.get("parameters", {{}})
        if name == "Done":
            ref = self._env.reference_answer()
            ok = self._env.match(params.get("answer"), ref)
            self._done, self._reward = True, int(ok)
            msg = f"Your answer: {{params.get('answer')}}, Reference answer: {{ref}}, Result: {{'Correct' if ok else 'Incorrect'}}, reward={{int(ok)}}"
            return True, msg
        try:
            value = self._env.call_tool(name, params)
        except Exception as e:
            return False, f"Error: {{e}}"
        return False, value if isinstance(value, str) else _json.dumps(value)

{chr(10).join(f"    def {n}(self, **kwargs):{chr(10)}        return self.step(_json.dumps({{'name': '{n}', 'parameters': kwargs}}))[1]{chr(10)}" for n in names)}
    def solve(self):
        adapter = self

        class _Tools:
            def __getattr__(self, name):
                def call(**kwargs):
                    text = adapter.step(_json.dumps({{"name": name, "parameters": kwargs}}))[1]
                    if str(text).startswith("Error:"):
                        raise ToolError(text)
                    try:
                        return _json.loads(text)
                    except (ValueError, TypeError):
                        return text
                return call

        oracle(_Tools())
'''


def stage_export(env: dict[str, Any], tasks: dict[str, Any], oracle: dict[str, Any], cfg: SynthConfig) -> dict[str, Any]:
    out = cfg.out_dir
    (out / "tasks").mkdir(parents=True, exist_ok=True)
    rows = []
    for i, task in enumerate(tasks["tasks"]):
        split = "train" if i % 2 == 0 else "test"
        rows.append({"id": f"{split}-{i:03d}", "split": split, "difficulty": task["difficulty"], "seed": task["seed"],
                     "config": task["config"]})
    if cfg.format == "codegym":
        name = "CodeGym" + env["name"]
        (out / f"{name}.py").write_text(_codegym_module(env, oracle["code"]))
        (out / "tasks" / f"{name}.jsonl").write_text("".join(json.dumps({**r, "config": r["config"]}) + "\n" for r in rows))
        _update_manifest(out, name, f"{name}.py", f"tasks/{name}.jsonl")
        return {"file": f"{name}.py"}
    module = out / f"{_snake(env['name'])}.py"
    module.write_text(_native_module(env, oracle["code"]))
    (out / "tasks" / f"{env['name']}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return {"file": module.name}


def _update_manifest(out: Path, name: str, file: str, tasks: str) -> None:
    path = out / "codegym_library.json"
    manifest = json.loads(path.read_text()) if path.exists() else {"format": "codegym", "envs": [], "skipped": []}
    manifest["envs"] = [e for e in manifest["envs"] if e["name"] != name] + [
        {"name": name, "file": file, "tasks": tasks, "split": "train", "source": "synthesized"}]
    path.write_text(json.dumps(manifest, indent=2))


def _snake(name: str) -> str:
    import re

    return re.sub(r"(?<!^)(?=[A-Z])", "_", name.removesuffix("Env")).lower() + "_env"


# ---------------------------------------------------------------- driver


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
                run_stage(pid, "difficulty", lambda: _difficulty(env, tasks, oracle, cfg))
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
        result.verify = _verify(cfg.out_dir)
    return result


def _difficulty(env: dict[str, Any], tasks: dict[str, Any], oracle: dict[str, Any], cfg: SynthConfig) -> dict[str, Any]:
    assert cfg.difficulty_filter is not None
    with tempfile.TemporaryDirectory(prefix="codegym-difficulty-") as tmp:  # not in the library until it passes
        probe = SynthConfig(out_dir=Path(tmp), format="native")
        written = stage_export(env, tasks, oracle, probe)
        rate = cfg.difficulty_filter(Path(tmp) / written["file"], Path(tmp) / "tasks" / f"{env['name']}.jsonl", env["name"])
    if rate > cfg.difficulty_threshold:
        raise Rejected("difficulty", f"agent pass rate {rate:.0%} > {cfg.difficulty_threshold:.0%}")
    return {"pass_rate": rate}


def agent_difficulty_filter(agent: str, *, samples: int = 4, tasks: int = 5, base_url: str | None = None,
                            max_turns: int = 64) -> Callable[[Path, Path, str], float]:
    """A difficulty filter that plays `agent` through the harness (sandboxed env, in-memory MCP) and returns
    its pass rate over `tasks` tasks x `samples` samples."""

    def pass_rate(env_file: Path, task_file: Path, name: str) -> float:
        from agent_runners import RunConfig, run

        from ..registry import Registry
        from ..store import Store

        registry = Registry()
        registry.add_file(env_file, trusted=False, task_file=task_file)
        cfg = RunConfig(agent=agent, envs=[name], tasks_per_env=tasks, samples=samples, transport="memory",
                        oracle_steps=False, base_url=base_url, max_turns=max_turns, concurrency=4)
        store = Store(":memory:")
        result = run(cfg, store, registry=registry)
        scored = result.stats.success + result.stats.failed
        return result.stats.success / scored if scored else 1.0  # nothing scored: cannot call it hard

    return pass_rate


def _verify(out_dir: Path) -> dict[str, Any]:
    """`codegym-mcp verify` on the output, in its own process (the code is synthesized, not ours)."""
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "codegym_mcp.cli", "verify", str(out_dir), "--json", "--generated", "5"],
                          capture_output=True, text=True, timeout=600)
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError:
        return {"error": (proc.stderr or proc.stdout)[-500:], "exit_code": proc.returncode}
