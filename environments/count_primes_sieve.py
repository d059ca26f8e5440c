"""Count the primes below n with the sieve of Eratosthenes, crossing out multiples through tools."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

RANGES = {"easy": (50, 90), "medium": (200, 500), "hard": (1_200, 2_500)}


def solve(n: int) -> int:
    """Independent reference: trial division of every number."""
    return sum(1 for k in range(2, n) if all(k % d for d in range(2, int(k**0.5) + 1)))


class SieveCountPrimesEnv(Environment):
    """An integer n is hidden. Return how many prime numbers are strictly less than n (an integer). Tools let you
    cross out all multiples of a number in one call, as in the sieve of Eratosthenes."""

    class Config(BaseModel):
        n: int

    answer_type = int
    meta = EnvMeta(source="classic: count primes (LeetCode 204)", license="original", split="train",
                   tags=("math", "sieve"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(n=rng.randint(*RANGES[difficulty]))

    def setup(self) -> None:
        self.crossed = bytearray(max(self.config.n, 2))
        self.crossed[0] = self.crossed[1] = 1

    def observe(self) -> str:
        return f"n is hidden; {sum(self.crossed)} numbers below n are crossed out."

    def reference_answer(self) -> int:
        n = self.config.n
        sieve = bytearray([1]) * max(n, 2)
        sieve[0] = sieve[1] = 0
        for p in range(2, int(n**0.5) + 1):
            if sieve[p]:
                sieve[p * p:n:p] = bytearray(len(range(p * p, n, p)))
        return sum(sieve[:n])

    def source_args(self) -> tuple[int]:
        return (self.config.n,)

    @tool
    def GetN(self) -> int:
        """Return n."""
        return self.config.n

    @tool
    def IsCrossed(self, k: int) -> bool:
        """Whether k has been crossed out (0 and 1 start crossed out).

        Args:
            k: 0 <= k < n.
        """
        if not 0 <= k < self.config.n:
            raise ToolError(f"k must be in [0, {self.config.n})")
        return bool(self.crossed[k])

    @tool
    def CrossOutMultiples(self, p: int) -> int:
        """Cross out p*p, p*p+p, ... below n; returns how many numbers are crossed out in total.

        Args:
            p: a number >= 2 that is not crossed out.
        """
        if p < 2 or p >= self.config.n or self.crossed[p]:
            raise ToolError(f"{p} must be an uncrossed number between 2 and n - 1")
        for m in range(p * p, self.config.n, p):
            self.crossed[m] = 1
        return sum(self.crossed[: self.config.n])

    @tool
    def CountUncrossed(self) -> int:
        """Return how many numbers below n are not crossed out."""
        return self.config.n - sum(self.crossed[: self.config.n]) if self.config.n >= 2 else 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetN()
        p = 2
        while p * p < n:
            if not env.IsCrossed(k=p):
                env.CrossOutMultiples(p=p)
            p += 1
        env.Done(answer=env.CountUncrossed())
