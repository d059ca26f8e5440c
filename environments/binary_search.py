"""Classic binary search, as in the CodeGym paper's running example."""

from __future__ import annotations

import bisect
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

def solve(nums: list[int], target: int) -> int:
    """Independent reference: a linear scan."""
    return nums.index(target) if target in nums else -1


SIZES = {"easy": (64, 200), "medium": (300, 1_500), "hard": (2_000, 6_000)}


class BinarySearchEnv(Environment):
    """Given a sorted array of distinct integers and a target, find the index of the target,
    or -1 if it is not in the array. Indices start at 0. The answer is an integer."""

    class Config(BaseModel):
        nums: list[int]
        target: int

    answer_type = int
    meta = EnvMeta(source="classic: binary search (LeetCode 704)", license="original", split="train", tags=("search",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        lo, hi = SIZES[difficulty]
        n = rng.randint(lo, hi)
        nums = sorted(rng.sample(range(-10 * n, 10 * n), n))
        target = rng.choice(nums) if rng.random() < 0.8 else rng.randint(-10 * n, 10 * n)
        return cls.Config(nums=nums, target=target)

    def setup(self) -> None:
        self.nums = self.config.nums
        self.target = self.config.target

    def observe(self) -> str:
        return f"A sorted array of {len(self.nums)} distinct integers is hidden. Target: {self.target}."

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.nums), self.target)

    def reference_answer(self) -> int:
        i = bisect.bisect_left(self.nums, self.target)
        return i if i < len(self.nums) and self.nums[i] == self.target else -1

    @tool
    def GetLength(self) -> int:
        """Return the number of elements in the array."""
        return len(self.nums)

    @tool
    def GetTarget(self) -> int:
        """Return the target value to search for."""
        return self.target

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at a position of the array.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.nums):
            raise ToolError(f"index {index} is out of range [0, {len(self.nums)})")
        return self.nums[index]

    @tool
    def CompareWithTarget(self, index: int) -> int:
        """Compare the element at a position with the target.

        Args:
            index: zero-based position, 0 <= index < length.

        Returns:
            -1 if the element is smaller than the target, 0 if equal, 1 if larger.
        """
        value = self.GetElement(index)
        return (value > self.target) - (value < self.target)

    @tool
    def Midpoint(self, left: int, right: int) -> int:
        """Return the middle index between two indices, rounded down.

        Args:
            left: the lower index.
            right: the upper index.
        """
        return (left + right) // 2

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        left, right = 0, n
        while left < right:  # lower bound: first index whose element is >= target
            mid = env.Midpoint(left=left, right=right)
            if env.CompareWithTarget(index=mid) < 0:
                left = mid + 1
            else:
                right = mid
        found = left < n and env.GetElement(index=left) == env.GetTarget()
        env.Done(answer=left if found else -1)
