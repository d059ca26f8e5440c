"""Scripted baselines that show an environment's difficulty without a model.

- random: schema-valid random calls, Done with a random answer with probability `p_done` per turn;
- free-read: calls every tool that needs no arguments once, then submits the most plausible answer it
  can form from what it saw. On a partially observable environment its pass rate should be near 0.

Both play through the Episode API, like any agent, and never see the reference answer.
"""

from __future__ import annotations

import json
import random
import re
from typing import Any

from .registry import EnvEntry, Task

__all__ = ["free_read_pass_rate", "random_pass_rate", "random_value"]

BASELINE_MAX_STEPS = 64


def random_value(schema: dict[str, Any], rng: random.Random, depth: int = 0) -> Any:
    """A random value valid for a (simple) JSON Schema: types, enums, bounds, required properties."""
    if not isinstance(schema, dict) or not schema:
        return rng.choice([0, 1, -1, "", [], True])
    if "enum" in schema:
        return rng.choice(schema["enum"])
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return random_value(rng.choice(schema[key]), rng, depth)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = rng.choice(kind)
    if kind == "integer":
        lo = int(schema.get("minimum", -3))
        hi = int(schema.get("maximum", max(lo, 0) + 20))
        return rng.randint(lo, max(lo, hi))
    if kind == "number":
        low = float(schema.get("minimum", -3.0))
        high = float(schema.get("maximum", max(low, 0.0) + 20.0))
        return round(rng.uniform(low, max(low, high)), 3)
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "string":
        return rng.choice(["", "a", "abc", "0", "x y"])
    if kind == "null":
        return None
    if kind == "array":
        if depth > 3:
            return []
        lo = int(schema.get("minItems", 0))
        hi = int(schema.get("maxItems", lo + 4))
        return [random_value(schema.get("items") or {}, rng, depth + 1) for _ in range(rng.randint(lo, max(lo, hi)))]
    if kind == "object" or "properties" in schema:
        props: dict[str, Any] = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        return {k: random_value(v, rng, depth + 1) for k, v in props.items()
                if k in required or (depth < 3 and rng.random() < 0.5)}
    return rng.choice([0, 1, "", None])


def _answer_schema(entry: EnvEntry, tools: list[Any]) -> dict[str, Any]:
    done = next((t for t in tools if t.name == "Done"), None)
    return ((done.input_schema.get("properties") or {}).get("answer") or {}) if done else {}


def random_pass_rate(entry: EnvEntry, tasks: list[Task], *, seed: int = 0, p_done: float = 0.1) -> float:
    """Share of tasks a random-call agent solves (one episode each, at most 64 calls)."""
    wins = 0
    for task in tasks:
        rng = random.Random(f"{seed}:{entry.name}:{task.id}")
        episode = entry.episode(task, reveal_answer=False, max_steps=BASELINE_MAX_STEPS)
        try:
            tools = episode.tools()
            others = [t for t in tools if t.name != "Done"]
            while not episode.done:
                pick = next(t for t in tools if t.name == "Done") if not others or rng.random() < p_done else rng.choice(others)
                episode.call(pick.name, random_value({**pick.input_schema, "type": "object"}, rng))
            wins += episode.reward == 1.0
        finally:
            episode.close()
    return wins / len(tasks) if tasks else 0.0


def _fits(value: Any, schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if "anyOf" in schema:
        return any(_fits(value, s) for s in schema["anyOf"])
    checks = {"integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
              "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
              "boolean": lambda v: isinstance(v, bool), "string": lambda v: isinstance(v, str),
              "array": lambda v: isinstance(v, list), "object": lambda v: isinstance(v, dict)}
    return checks[kind](value) if kind in checks else value is not None


def plausible_answer(seen: list[Any], texts: list[str], schema: dict[str, Any]) -> Any:
    """The first value seen that has the answer's type; else the last number in the texts; else a default."""
    for value in seen:
        if _fits(value, schema):
            return value
    numbers = [float(x) for t in texts for x in re.findall(r"-?\d+(?:\.\d+)?", t)]
    kind = schema.get("type")
    if numbers and kind in ("integer", "number"):
        return int(numbers[-1]) if kind == "integer" else numbers[-1]
    defaults: dict[str, Any] = {"integer": 0, "number": 0.0, "boolean": False, "string": "", "array": [], "object": {}}
    return defaults.get(str(kind), 0)


def free_read_pass_rate(entry: EnvEntry, tasks: list[Task]) -> float:
    """Share of tasks solved by reading every argument-free tool once and answering from that alone."""
    wins = 0
    for task in tasks:
        episode = entry.episode(task, reveal_answer=False)
        try:
            tools = episode.tools()
            seen, texts = [], []
            for t in tools:
                if t.name == "Done" or (t.input_schema.get("required") or []):
                    continue
                result = episode.call(t.name, {})
                if result.is_error:
                    continue
                texts.append(result.text)
                value = result.value
                if value is None:
                    try:
                        value = json.loads(result.text)
                    except ValueError:
                        value = result.text
                if t.name != "Observe":
                    seen.append(value)
            episode.call("Done", {"answer": plausible_answer(seen, texts, _answer_schema(entry, tools))})
            wins += episode.reward == 1.0
        finally:
            episode.close()
    return wins / len(tasks) if tasks else 0.0
