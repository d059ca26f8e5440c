"""Minimum size subarray sum: a window over hidden positive numbers that grows right and shrinks left."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (7, 10), "medium": (20, 35), "hard": (60, 80)}


def solve(target: int, nums: list[int]) -> int:
    """Independent reference: prefix sums and every (start, end) pair."""
    prefix = [0]
    for x in nums:
        prefix.append(prefix[-1] + x)
    n = len(nums)
    lengths = [j - i for i in range(n) for j in range(i + 1, n + 1) if prefix[j] - prefix[i] >= target]
    return min(lengths, default=0)


class MinSizeSubarraySumEnv(Environment):
    """An array of positive integers and a target are hidden. Return the smallest length of a contiguous subarray
    whose sum is greater than or equal to the target, or 0 if no subarray reaches it. The answer is an integer.
    A window [left, right) over the array starts empty at 0; it can grow at the right end and shrink at the left."""

    class Config(BaseModel):
        nums: list[int]
        target: int

    answer_type = int
    meta = EnvMeta(source="classic: minimum size subarray sum (LeetCode 209)", license="original", split="test",
                   tags=("sliding window",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        nums = [rng.randint(1, 20) for _ in range(n)]
        width = rng.randint(2, max(2, n // 3))
        target = rng.randint(width * 8, width * 12) if rng.random() < 0.9 else sum(nums) + rng.randint(1, 10)
        return cls.Config(nums=nums, target=target)

    def setup(self) -> None:
        self.left = self.right = self.total = 0

    def observe(self) -> str:
        return (f"An array of {len(self.config.nums)} positive integers and a target are hidden. "
                f"Window: [{self.left}, {self.right}) of size {self.right - self.left}.")

    def source_args(self) -> tuple[int, list[int]]:
        return (self.config.target, list(self.config.nums))

    def reference_answer(self) -> int:
        a, t = self.config.nums, self.config.target
        best, left, s = len(a) + 1, 0, 0
        for right, x in enumerate(a):
            s += x
            while s >= t:
                best = min(best, right - left + 1)
                s -= a[left]
                left += 1
        return 0 if best > len(a) else best

    @tool
    def GetLength(self) -> int:
        """Return the number of elements in the array."""
        return len(self.config.nums)

    @tool
    def GetTarget(self) -> int:
        """Return the target sum."""
        return self.config.target

    @tool
    def Expand(self) -> int:
        """Grow the window by one element at the right end; returns the window's new sum."""
        if self.right >= len(self.config.nums):
            raise ToolError("the window already reaches the end of the array")
        self.total += self.config.nums[self.right]
        self.right += 1
        return self.total

    @tool
    def Shrink(self) -> int:
        """Drop the leftmost element of the window; returns the window's new sum."""
        if self.left >= self.right:
            raise ToolError("the window is empty")
        self.total -= self.config.nums[self.left]
        self.left += 1
        return self.total

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, target = env.GetLength(), env.GetTarget()
        best, size = 0, 0
        for _ in range(n):
            s = env.Expand()
            size += 1
            while s >= target:  # shortest window ending here: shrink while it still reaches the target
                best = size if best == 0 else min(best, size)
                s = env.Shrink()
                size -= 1
        env.Done(answer=best)
