"""Longest increasing subsequence by patience sorting: keep the smallest tail of every run length."""

from __future__ import annotations

import bisect
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 9), "medium": (15, 30), "hard": (45, 70)}


def solve(nums: list[int]) -> int:
    """Independent reference: quadratic DP, best[i] = longest run ending at i."""
    best = [1] * len(nums)
    for i in range(len(nums)):
        for j in range(i):
            if nums[j] < nums[i]:
                best[i] = max(best[i], best[j] + 1)
    return max(best, default=0)


class LongestIncreasingSubsequenceEnv(SequenceEnv):
    """A list of integers is hidden. Find the length of its longest strictly increasing subsequence (elements
    in their original order, not necessarily adjacent, each larger than the one before). The answer is an
    integer. Tools keep a `tails` list for you: tails[k] is the smallest last element of an increasing
    subsequence of length k + 1 seen so far."""

    class Config(BaseModel):
        nums: list[int]

    sequence_field = "nums"
    answer_type = int
    meta = EnvMeta(source="classic: longest increasing subsequence (LeetCode 300)", license="original",
                   split="train", tags=("dp", "binary search", "array"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        if rng.random() < 0.3:  # a noisy upward trend gives long answers; small ranges give repeats
            nums = [i + rng.randint(-n // 3, n // 3) for i in range(n)]
        else:
            nums = [rng.randint(0, rng.choice((9, 50, 200))) for _ in range(n)]
        return cls.Config(nums=nums)

    def setup(self) -> None:
        self.tails: list[int] = []

    def observe(self) -> str:
        return f"{len(self.config.nums)} integers are hidden. The tails list holds {len(self.tails)} value(s)."

    def reference_answer(self) -> int:
        tails: list[int] = []
        for x in self.config.nums:
            k = bisect.bisect_left(tails, x)
            tails[k:k + 1] = [x]
        return len(tails)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def LowerBound(self, value: int) -> int:
        """Return the first position in tails whose value is >= value (the tails length if there is none).

        Args:
            value: the number to place.
        """
        return bisect.bisect_left(self.tails, value)

    @tool
    def SetTail(self, position: int, value: int) -> int:
        """Write value at a position of tails, or append it when position equals the tails length.
        Returns the new tails length.

        Args:
            position: 0 <= position <= tails length.
            value: the new smallest tail for that length.
        """
        if not 0 <= position <= len(self.tails):
            raise ToolError(f"position {position} is out of range [0, {len(self.tails)}] (tails length)")
        if position == len(self.tails):
            self.tails.append(value)
        else:
            self.tails[position] = value
        return len(self.tails)

    @tool
    def TailsLength(self) -> int:
        """Return how many values the tails list holds."""
        return len(self.tails)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            value = env.GetElement(index=i)
            env.SetTail(position=env.LowerBound(value=value), value=value)
        env.Done(answer=env.TailsLength())
