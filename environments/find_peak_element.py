"""Find a peak element of a hidden array by binary search on the slope."""

from __future__ import annotations

import ast
import random
from typing import Any

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import ArrayEnv, MidpointMixin

SIZES = {"easy": (16, 40), "medium": (150, 600), "hard": (2_000, 8_000)}


def solve(nums: list[int]) -> list[int]:
    """Independent reference: a linear scan for the first peak."""
    n = len(nums)
    for i in range(n):
        if (i == 0 or nums[i - 1] < nums[i]) and (i == n - 1 or nums[i] > nums[i + 1]):
            return [i, nums[i]]
    raise ValueError("no peak")


class FindPeakElementEnv(MidpointMixin, ArrayEnv):
    """An array of integers is hidden; neighbouring elements always differ. A peak is an element strictly greater
    than its neighbours (outside the array counts as minus infinity, so the ends need only one neighbour).
    Find any peak. The answer is a list [index, value]: the zero-based index of a peak and the value there.
    Any peak is accepted."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="classic: find peak element (LeetCode 162)", license="original", split="train",
                   tags=("binary search",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        peaks = rng.randint(1, max(1, n // 40))  # a few long rising and falling runs
        nums, x = [], rng.randint(-100, 100)
        cuts = sorted(rng.sample(range(1, n), 2 * peaks - 1)) if n > 2 * peaks else []
        rising, last = rng.random() < 0.85, 0  # sometimes start falling: a peak at index 0
        for cut in cuts + [n]:
            for _ in range(cut - last):
                x += rng.randint(1, 9) if rising else -rng.randint(1, 9)
                nums.append(x)
            rising, last = not rising, cut
        return cls.Config(nums=nums)

    def observe(self) -> str:
        return f"An array of {len(self.config.nums)} integers is hidden (neighbours always differ)."

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    def _is_peak(self, i: int) -> bool:
        a = self.config.nums
        return (i == 0 or a[i - 1] < a[i]) and (i == len(a) - 1 or a[i] > a[i + 1])

    def match(self, answer: Any, reference: Any) -> bool:
        try:
            pair = answer if isinstance(answer, (list, tuple)) else ast.literal_eval(str(answer).strip())
            i, v = (int(x) for x in pair)
        except (TypeError, ValueError, SyntaxError):
            return False
        return 0 <= i < len(self.config.nums) and self._is_peak(i) and self.config.nums[i] == v

    def reference_answer(self) -> list[int]:
        a, lo, hi = self.config.nums, 0, len(self.config.nums) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (mid + 1, hi) if a[mid] < a[mid + 1] else (lo, mid)
        return [lo, a[lo]]

    @tool
    def IsRising(self, index: int) -> bool:
        """Whether the array goes up right after a position: element[index] < element[index + 1].

        Args:
            index: zero-based position, 0 <= index < length - 1.
        """
        self.check_index(index)
        self.check_index(index + 1)
        return self.config.nums[index] < self.config.nums[index + 1]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        lo, hi = 0, env.GetLength() - 1
        while lo < hi:  # a peak always lies in [lo, hi]: climb towards the higher side
            mid = env.Midpoint(left=lo, right=hi)
            if env.IsRising(index=mid):
                lo = mid + 1
            else:
                hi = mid
        env.Done(answer=[lo, env.GetElement(index=lo)])

