"""Search insert position: the lower bound of a target in a hidden sorted array, by binary search."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import ArrayEnv, MidpointMixin

SIZES = {"easy": (20, 60), "medium": (200, 800), "hard": (2_000, 8_000)}


def solve(nums: list[int], target: int) -> int:
    """Independent reference: count the elements smaller than the target."""
    return sum(1 for x in nums if x < target)


class SearchInsertPositionEnv(MidpointMixin, ArrayEnv):
    """A sorted array of distinct integers (increasing) and a target are hidden. Return the index of the target
    if it is in the array; otherwise return the index where it would be inserted to keep the array sorted
    (this may equal the array's length). Indices start at 0. The answer is an integer."""

    class Config(BaseModel):
        nums: list[int]
        target: int

    answer_type = int
    meta = EnvMeta(source="classic: search insert position (LeetCode 35)", license="original", split="train",
                   tags=("binary search", "lower bound"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        nums = sorted(rng.sample(range(-5 * n, 5 * n), n))
        roll = rng.random()
        if roll < 0.4:
            target = rng.choice(nums)
        elif roll < 0.9:
            target = rng.randint(nums[0] - 3, nums[-1] + 3)
        else:
            target = nums[0] - rng.randint(1, 5) if rng.random() < 0.5 else nums[-1] + rng.randint(1, 5)
        return cls.Config(nums=nums, target=target)

    def observe(self) -> str:
        return f"A sorted array of {len(self.config.nums)} distinct integers and a target are hidden."

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.nums), self.config.target)

    def reference_answer(self) -> int:
        lo, hi = 0, len(self.config.nums)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.config.nums[mid] < self.config.target:
                lo = mid + 1
            else:
                hi = mid
        return lo

    @tool
    def GetTarget(self) -> int:
        """Return the target value."""
        return self.config.target

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        target = env.GetTarget()
        lo, hi = 0, env.GetLength()
        while lo < hi:  # invariant: everything before lo is < target, everything from hi on is >= target
            mid = env.Midpoint(left=lo, right=hi)
            if env.GetElement(index=mid) < target:
                lo = mid + 1
            else:
                hi = mid
        env.Done(answer=lo)
