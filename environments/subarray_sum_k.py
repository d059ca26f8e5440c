"""Subarray sum equals k: prefix sums of a hidden array counted in a hash map kept by the environment."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import ArrayEnv

SIZES = {"easy": (5, 7), "medium": (18, 30), "hard": (55, 74)}


def solve(nums: list[int], k: int) -> int:
    """Independent reference: the sum of every subarray."""
    count = 0
    for i in range(len(nums)):
        s = 0
        for x in nums[i:]:
            s += x
            count += s == k
    return count


class SubarraySumKEnv(ArrayEnv):
    """An array of integers (some negative) and a target k are hidden. Return how many contiguous, non-empty
    subarrays have a sum equal to k. The answer is an integer. A counting hash map of prefix sums is
    available."""

    class Config(BaseModel):
        nums: list[int]
        k: int

    answer_type = int
    meta = EnvMeta(source="classic: subarray sum equals k (LeetCode 560)", license="original", split="train",
                   tags=("prefix sums", "hashing"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        nums = [rng.randint(-4, 6) for _ in range(n)]
        i = rng.randrange(n)
        j = rng.randint(i, min(n - 1, i + 4))
        return cls.Config(nums=nums, k=sum(nums[i:j + 1]))  # at least one subarray matches

    def setup(self) -> None:
        self.prefix_counts: dict[int, int] = {}

    def observe(self) -> str:
        return (f"An array of {len(self.config.nums)} integers and a target are hidden. "
                f"Prefix sums recorded: {sum(self.prefix_counts.values())}.")

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.nums), self.config.k)

    def reference_answer(self) -> int:
        seen, s, count = {0: 1}, 0, 0
        for x in self.config.nums:
            s += x
            count += seen.get(s - self.config.k, 0)
            seen[s] = seen.get(s, 0) + 1
        return count

    @tool
    def GetK(self) -> int:
        """Return the target sum k."""
        return self.config.k

    @tool
    def RecordPrefix(self, total: int) -> int:
        """Record one occurrence of a prefix sum; returns how many times that sum has been recorded.

        Args:
            total: a prefix sum (the sum of the first few elements; 0 for the empty prefix).
        """
        self.prefix_counts[total] = self.prefix_counts.get(total, 0) + 1
        return self.prefix_counts[total]

    @tool
    def CountPrefix(self, total: int) -> int:
        """Return how many times a prefix sum has been recorded (0 if never).

        Args:
            total: the prefix sum to look up.
        """
        return self.prefix_counts.get(total, 0)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, k = env.GetLength(), env.GetK()
        env.RecordPrefix(total=0)
        s = count = 0
        for i in range(n):
            s += env.GetElement(index=i)
            count += env.CountPrefix(total=s - k)  # earlier prefixes p with s - p == k end a match here
            env.RecordPrefix(total=s)
        env.Done(answer=count)
