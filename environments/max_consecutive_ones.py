"""Longest run of consecutive ones in a hidden binary array, with a run counter."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (6, 10), "medium": (25, 40), "hard": (60, 75)}


def solve(nums: list[int]) -> int:
    """Independent reference: split the array at zeros."""
    return max((len(run) for run in "".join(map(str, nums)).split("0")), default=0)


class MaxConsecutiveOnesEnv(SequenceEnv):
    """A binary array (zeros and ones) is hidden. Return the length of its longest run of consecutive ones
    (an integer)."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: max consecutive ones (LeetCode 485)", license="original", split="train",
                   tags=("scan",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(nums=[int(rng.random() < 0.65) for _ in range(rng.randint(*SIZES[difficulty]))])

    def setup(self) -> None:
        self.run = 0
        self.best = 0

    def observe(self) -> str:
        return f"A binary array of {len(self.config.nums)} values is hidden. Current run {self.run}, best {self.best}."

    def reference_answer(self) -> int:
        best = run = 0
        for x in self.config.nums:
            run = run + 1 if x == 1 else 0
            best = max(best, run)
        return best

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def ExtendRun(self) -> int:
        """Add one to the current run of ones; returns the run length (the best is updated too)."""
        self.run += 1
        self.best = max(self.best, self.run)
        return self.run

    @tool
    def BreakRun(self) -> int:
        """End the current run (a zero was seen); returns 0."""
        self.run = 0
        return 0

    @tool
    def GetBest(self) -> int:
        """Return the longest run seen so far."""
        return self.best

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            if env.GetElement(index=i) == 1:
                env.ExtendRun()
            else:
                env.BreakRun()
        env.Done(answer=env.GetBest())
