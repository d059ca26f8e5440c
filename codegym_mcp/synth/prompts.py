"""Prompts for the synthesis stages. The env prompt carries our contract and one worked example."""

from __future__ import annotations

import json
from pathlib import Path

from .inputs import Problem

__all__ = ["env_prompt", "oracle_prompt", "repair_message"]

CONTRACT = """You turn a coding problem into an interactive tool-use environment (a POMDP) for LLM agents.
Write ONE Python module with ONE class deriving from codegym_mcp.env.Environment:
- the class docstring is the problem statement shown to the agent; say what the answer is and its type;
- `class Config(BaseModel)` holds the task's data (keep it small: at most ~2,000 values);
- `answer_type` is the answer's type; `meta = EnvMeta(source=<problem id>, license=..., split="train")`;
- `@classmethod generate(cls, rng, difficulty)` builds a random Config using ONLY `rng` (random.Random);
  difficulty is "easy" | "medium" | "hard" and scales the input size; inputs must satisfy the problem's preconditions;
- `setup(self)` builds state from self.config; `observe(self) -> str` describes the visible state but never
  reveals the hidden data or the answer; `reference_answer(self)` computes the answer with your own code;
- `source_args(self) -> tuple`: the positional arguments of this task for the original problem's function;
- 4 to 10 atomic tools: methods decorated with @tool, CamelCase names, every parameter annotated and described in
  a Google-style Args section, JSON return types (int, float, str, bool, list, dict[str, ...]); raise
  ToolError("helpful message") on invalid input; never a tool that returns the answer directly;
- do not define Observe or Done (the base class has them); a solver should need 10 to 256 tool calls;
- imports only from: codegym_mcp.env, pydantic, random, math, typing, collections, itertools, functools, heapq,
  bisect, re, string, dataclasses, statistics;
- `@staticmethod def oracle(env): raise NotImplementedError` (the oracle is written separately).
Answer with the module in one ```python block."""


def _example() -> str:
    path = Path(__file__).resolve().parents[2] / "environments" / "binary_search.py"
    if path.exists():
        return path.read_text()
    return ""


def env_prompt(problem: Problem) -> list[dict[str, str]]:
    example = _example()
    user = (f"Worked example of an environment (for a different problem):\n```python\n{example}```\n\n" if example else "")
    user += (f"Problem id: {problem.id}\n\nProblem statement:\n{problem.statement}\n\n"
             f"Original solution (entry point `{problem.entry_point}`; source_args() must fit its signature):\n"
             f"```python\n{problem.solution}\n```\n\nWrite the environment module.")
    return [{"role": "system", "content": CONTRACT}, {"role": "user", "content": user}]


def oracle_prompt(problem_id: str, doc: str, tools: list[dict]) -> list[dict[str, str]]:
    listing = "\n".join(f"- {t['name']}: {t['description']}\n  arguments: {json.dumps(t['input_schema'].get('properties', {}))}"
                        for t in tools)
    user = (f"Problem id: {problem_id}\nTask statement:\n{doc}\n\nTools (call them as env.Name(arg=value); each returns "
            f"its value, a failing call raises ToolError):\n{listing}\n\n"
            "Write `def oracle(env):` that solves any task of this environment using ONLY these tool calls: start with "
            "env.Observe(), end with env.Done(answer=...). You cannot see the environment's code or data. "
            "Answer with one ```python block.")
    return [{"role": "system", "content": "You write solvers that act only through tool calls."},
            {"role": "user", "content": user}]


def repair_message(problems: list[str]) -> dict[str, str]:
    return {"role": "user", "content": "Your module was rejected:\n- " + "\n- ".join(problems) +
            "\nFix these problems and answer with the whole corrected module in one ```python block."}
