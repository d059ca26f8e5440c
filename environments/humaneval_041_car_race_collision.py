"""HumanEval/41: total collisions over a hidden batch of roads, each with n cars driving each way."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import BatchEnv

SHAPE = {"easy": ((5, 5), 20), "medium": ((6, 8), 100), "hard": ((9, 12), 1000)}  # (batch size range, largest n)


class CarRaceCollisionsEnv(BatchEnv):
    """A batch of roads is hidden; each road is a straight infinite line with a hidden number n of cars. On a road, n
    cars drive left to right and, far away, n other cars drive right to left, all at the same speed. A collision is
    a left-to-right car meeting a right-to-left car; cars are indestructible and keep going, so every such pair
    meets exactly once. Return the total number of collisions over all roads of the batch (the sum of the
    per-road counts). The answer is an integer."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = int
    meta = EnvMeta(source="HumanEval/41", license="MIT (human-eval)", split="train", tags=("math", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), top = SHAPE[difficulty]
        return cls.Config(ns=[rng.randint(1, top) for _ in range(rng.randint(lo, hi))])

    def setup(self) -> None:
        pass

    def observe(self) -> str:
        return f"A batch of {len(self.config.ns)} roads is hidden."

    def reference_answer(self) -> int:
        return sum(n * n for n in self.config.ns)

    def combine_source(self, results: list[int]) -> int:
        return sum(results)

    @tool
    def GetCount(self) -> int:
        """Return how many roads the batch holds."""
        return len(self.config.ns)

    @tool
    def GetCars(self, index: int) -> int:
        """Return n, the number of cars driving in each direction on one road.

        Args:
            index: zero-based road number, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.ns[index]

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
            a: first term.
            b: second term.
        """
        return a + b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        total = 0
        for i in range(env.GetCount()):
            n = env.GetCars(index=i)
            total = env.Add(a=total, b=env.Multiply(a=n, b=n))  # each of n cars meets all n oncoming cars
        env.Done(answer=total)
