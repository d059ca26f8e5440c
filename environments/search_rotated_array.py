"""Search a target in a hidden rotated sorted array with one modified binary search."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import ArrayEnv, MidpointMixin

SIZES = {"easy": (20, 60), "medium": (200, 800), "hard": (2_000, 8_000)}


def solve(nums: list[int], target: int) -> int:
    """Independent reference: a linear scan."""
    return nums.index(target) if target in nums else -1


def _probes(a: list[int], t: int) -> int:
    """How many midpoints the one-pass rotated binary search looks at before it stops."""
    lo, hi, count = 0, len(a) - 1, 0
    while lo <= hi:
        mid, count = (lo + hi) // 2, count + 1
        if a[mid] == t:
            break
        if a[lo] <= a[mid]:
            lo, hi = (lo, mid - 1) if a[lo] <= t < a[mid] else (mid + 1, hi)
        else:
            lo, hi = (mid + 1, hi) if a[mid] < t <= a[hi] else (lo, mid - 1)
    return count


class SearchRotatedArrayEnv(MidpointMixin, ArrayEnv):
    """A sorted array of distinct integers was rotated at an unknown pivot (e.g. [0, 1, 2, 4, 5, 6, 7] may become
    [4, 5, 6, 7, 0, 1, 2]) and is hidden, together with a target. Return the index of the target in the rotated
    array, or -1 if it is not there. Indices start at 0. The answer is an integer."""

    class Config(BaseModel):
        nums: list[int]
        target: int

    answer_type = int
    meta = EnvMeta(source="classic: search in rotated sorted array (LeetCode 33)", license="original",
                   split="train", tags=("binary search",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        base = sorted(rng.sample(range(-5 * n, 5 * n), n))
        pivot = rng.randrange(n)
        nums = base[pivot:] + base[:pivot]
        target = rng.choice(nums) if rng.random() < 0.75 else rng.randint(base[0] - 2, base[-1] + 2)
        while _probes(nums, target) < 4:  # not one of the first few midpoints, so the search has some length
            target = rng.choice(nums)
        return cls.Config(nums=nums, target=target)

    def observe(self) -> str:
        return f"A rotated sorted array of {len(self.config.nums)} distinct integers and a target are hidden."

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.nums), self.config.target)

    def reference_answer(self) -> int:
        a, t = self.config.nums, self.config.target
        lo, hi = 0, len(a) - 1
        while lo < hi:  # find the rotation point (index of the minimum)
            mid = (lo + hi) // 2
            lo, hi = (mid + 1, hi) if a[mid] > a[hi] else (lo, mid)
        k, n = lo, len(a)
        lo, hi = 0, n - 1
        while lo <= hi:  # binary search in the unrotated order
            mid = (lo + hi) // 2
            x = a[(mid + k) % n]
            if x == t:
                return (mid + k) % n
            lo, hi = (mid + 1, hi) if x < t else (lo, mid - 1)
        return -1

    @tool
    def GetTarget(self) -> int:
        """Return the target value."""
        return self.config.target

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at a position of the rotated array.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.config.nums[index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        target = env.GetTarget()
        seen: dict[int, int] = {}

        def at(i: int) -> int:
            if i not in seen:
                seen[i] = env.GetElement(index=i)
            return seen[i]

        lo, hi = 0, env.GetLength() - 1
        while lo <= hi:
            mid = env.Midpoint(left=lo, right=hi)
            x = at(mid)
            if x == target:
                env.Done(answer=mid)
                return
            if at(lo) <= x:  # the left half [lo, mid] is sorted
                lo, hi = (lo, mid - 1) if at(lo) <= target < x else (mid + 1, hi)
            else:  # the right half [mid, hi] is sorted
                lo, hi = (mid + 1, hi) if x < target <= at(hi) else (lo, mid - 1)
        env.Done(answer=-1)
