"""Before the LLM: the original solution must pass the input's own unit tests. Stage 2: generate tasks in
isolation; each reference answer comes from that solution and must agree with the env's own."""

from __future__ import annotations

import json
from typing import Any

from ..env import DIFFICULTIES, answers_match
from .config import Rejected, SynthConfig
from .inputs import Problem
from .isolate import IsolationError, run_job

__all__ = ['stage_solution', 'stage_tasks']


def stage_solution(problem: Problem, cfg: SynthConfig) -> dict[str, Any]:
    """Run the problem's unit tests (HumanEval `check`, KodCode `test_*`) on its solution, isolated; a solution
    that fails them cannot be the reference. Problems without tests pass with `tests: None`."""
    if not problem.tests.strip():
        return {"tests": None}
    try:
        report = run_job("tests", {"code": problem.solution, "entry_point": problem.entry_point, "tests": problem.tests},
                         cfg.limits)
    except IsolationError as exc:
        raise Rejected("solution", f"solution fails its own unit tests: {exc}") from None
    if "error" in report:
        raise Rejected("solution", f"unit tests do not run: {report['error']}")
    if report["failed"]:
        raise Rejected("solution", f"solution fails its own unit tests: {len(report['failed'])} of "
                                   f"{report['passed'] + len(report['failed'])} fail; first: {report['failed'][0]}")
    if not report["passed"]:
        raise Rejected("solution", f"unit tests do not run: no test ran ({report['skipped']} need pytest fixtures)")
    return {"tests": report["passed"], "skipped": report["skipped"]}


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
