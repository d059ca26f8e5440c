"""Stage 3: oracles written from tool schemas only, each run in its own process against a sandboxed env."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..episode import Episode, EnvironmentFailure
from .checks import extract_code, static_oracle_problems
from .config import Rejected, SynthConfig
from .inputs import Problem
from .isolate import IsolationError, run_oracle
from .llm import ChatClient
from .prompts import oracle_prompt

__all__ = ['sandboxed_episode', 'stage_oracle']


def sandboxed_episode(env_file: Path, name: str, task: dict[str, Any], cfg: SynthConfig) -> Episode:
    from ..sandbox import SandboxBackend

    entry = SimpleNamespace(name=name, kind="native", path=env_file)
    backend = SandboxBackend(entry, SimpleNamespace(config=task["config"], seed=task["seed"], id=str(task["seed"])))
    return Episode(backend, max_steps=cfg.max_steps)


def _play(oracle_code: str, env_file: Path, name: str, task: dict[str, Any], cfg: SynthConfig) -> tuple[Episode, list]:
    episode = sandboxed_episode(env_file, name, task, cfg)
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
        code = extract_code(llm.complete(messages, stage="oracle", temperature=0.8), "oracle")
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
