"""Read coding problems from JSONL: KodCode-style, HumanEval, or plain rows. Bad rows are reported, not fatal."""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from .checks import parse_python

__all__ = ["Problem", "read_problems"]


@dataclass(frozen=True)
class Problem:
    id: str
    statement: str
    solution: str  # Python source defining the reference function
    entry_point: str  # the function in `solution` that solves the problem
    source: str  # "humaneval" | "kodcode" | "plain"
    tests: str = ""


def _first_function(code: str) -> str | None:
    try:
        tree = parse_python(code)
    except SyntaxError:
        return None
    names = [n.name for n in tree.body if isinstance(n, ast.FunctionDef)]
    return names[-1] if names else None  # helpers usually come first, the solution last


def _problem(row: dict, lineno: int) -> Problem:
    if "canonical_solution" in row and "prompt" in row:  # HumanEval
        return Problem(row["task_id"], row["prompt"], row["prompt"] + row["canonical_solution"], row["entry_point"],
                       "humaneval", row.get("test", ""))
    if "question" in row and "solution" in row:  # KodCode
        entry = row.get("entry_point") or _first_function(row["solution"])
        if not entry:
            raise ValueError("solution defines no function")
        pid = row.get("question_id") or row.get("id") or "kodcode-" + hashlib.sha256(row["question"].encode()).hexdigest()[:10]
        return Problem(str(pid), row["question"], row["solution"], entry, "kodcode", row.get("test", ""))
    if "problem" in row and "solution" in row:
        entry = row.get("entry_point") or _first_function(row["solution"])
        if not entry:
            raise ValueError("solution defines no function")
        return Problem(str(row.get("id", f"line-{lineno}")), row["problem"], row["solution"], entry, "plain", row.get("test", ""))
    raise ValueError("row has none of the known shapes (HumanEval, KodCode question/solution, id/problem/solution)")


def read_problems(path: Path) -> tuple[list[Problem], list[dict]]:
    """Problems and a list of {line, reason} for rows that were skipped."""
    problems: list[Problem] = []
    skipped: list[dict] = []
    seen: set[str] = set()
    for lineno, line in enumerate(Path(path).read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("not a JSON object")
            problem = _problem(row, lineno)
            compile(problem.solution, problem.id, "exec")
        except (ValueError, KeyError, TypeError, SyntaxError) as exc:
            skipped.append({"line": lineno, "reason": f"{type(exc).__name__}: {exc}"})
            continue
        if problem.id in seen:
            skipped.append({"line": lineno, "reason": f"duplicate id {problem.id}"})
            continue
        seen.add(problem.id)
        problems.append(problem)
    return problems, skipped
