"""Stage 1: the LLM writes the environment; static checks and a sandboxed load, with repair rounds."""

from __future__ import annotations

import ast
from typing import Any

from .checks import extract_code, static_env_problems
from .config import Rejected, SynthConfig
from .inputs import Problem
from .isolate import IsolationError, run_job
from .llm import ChatClient
from .prompts import env_prompt, repair_message

__all__ = ['class_name', 'stage_environment']


def class_name(code: str) -> str:
    for node in ast.parse(code).body:
        if isinstance(node, ast.ClassDef):
            return node.name
    raise ValueError("no class")




def stage_environment(problem: Problem, llm: ChatClient, cfg: SynthConfig) -> dict[str, Any]:
    messages = env_prompt(problem)
    problems: list[str] = []
    for attempt in range(cfg.repairs + 1):
        reply = llm.complete(messages, stage="environment")
        code = extract_code(reply, "env")
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
