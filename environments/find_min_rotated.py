"""Find the minimum of a hidden rotated sorted array by binary search against the right end."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import ArrayEnv, MidpointMixin

SIZES = {"easy": (24, 80), "medium": (200, 800), "hard": (2_000, 8_000)}


def solve(nums: list[int]) -> int:
    """Independent reference: the built-in minimum."""
    return min(nums)


class FindMinRotatedEnv(MidpointMixin, ArrayEnv):
    """A sorted array of distinct integers was rotated at an unknown pivot (e.g. [0, 1, 2, 4, 5, 6, 7] may become
    [4, 5, 6, 7, 0, 1, 2]) and is hidden. Return the minimum element of the array (its value, not its index).
    The answer is an integer."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: find minimum in rotated sorted array (LeetCode 153)", license="original",
                   split="train", tags=("binary search",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        base = sorted(rng.sample(range(-5 * n, 5 * n), n))
        pivot = rng.randrange(n) if rng.random() < 0.9 else 0
        return cls.Config(nums=base[pivot:] + base[:pivot])

    def observe(self) -> str:
        return f"A rotated sorted array of {len(self.config.nums)} distinct integers is hidden."

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    def reference_answer(self) -> int:
        a = self.config.nums
        drops = [i + 1 for i in range(len(a) - 1) if a[i] > a[i + 1]]  # the one place the order breaks
        return a[drops[0]] if drops else a[0]

    @tool
    def IsGreater(self, i: int, j: int) -> bool:
        """Whether the element at position i is greater than the element at position j.

        Args:
            i: zero-based position of the first element.
            j: zero-based position of the second element.
        """
        self.check_index(i)
        self.check_index(j)
        return self.config.nums[i] > self.config.nums[j]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        lo, hi = 0, env.GetLength() - 1
        while lo < hi:  # the minimum stays in [lo, hi]
            mid = env.Midpoint(left=lo, right=hi)
            if env.IsGreater(i=mid, j=hi):  # the drop is to the right of mid
                lo = mid + 1
            else:
                hi = mid
        env.Done(answer=env.GetElement(index=lo))
