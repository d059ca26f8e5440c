"""Sort colors (Dutch national flag): one pass with three pointers, changing the hidden array only by swaps."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (6, 9), "medium": (25, 40), "hard": (80, 110)}


def solve(nums: list[int]) -> list[int]:
    """Independent reference: counting sort."""
    return [c for c in (0, 1, 2) for _ in range(nums.count(c))]


class SortColorsEnv(Environment):
    """A hidden array holds colors coded as 0 (red), 1 (white) and 2 (blue). Sort it in place so that all 0s come
    first, then all 1s, then all 2s; the array can only be changed by swapping two positions. The answer is the
    sorted array: a list of integers."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="classic: sort colors / Dutch national flag (LeetCode 75)", license="original",
                   split="train", tags=("two pointers", "in place"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        weights = [rng.random() + 0.2 for _ in range(3)]
        return cls.Config(nums=rng.choices([0, 1, 2], weights=weights, k=n))

    def setup(self) -> None:
        self.values = list(self.config.nums)
        self.swaps = 0

    def observe(self) -> str:
        return f"An array of {len(self.values)} colors (0, 1, 2) is hidden. Swaps made: {self.swaps}."

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    def reference_answer(self) -> list[int]:
        return sorted(self.config.nums)

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.values):
            raise ToolError(f"index {index} is out of range [0, {len(self.values)})")

    @tool
    def GetLength(self) -> int:
        """Return the number of elements in the array."""
        return len(self.values)

    @tool
    def GetColor(self, index: int) -> int:
        """Return the color (0, 1 or 2) at a position of the array in its current order.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self._check(index)
        return self.values[index]

    @tool
    def Swap(self, i: int, j: int) -> str:
        """Swap the colors at two positions.

        Args:
            i: first position.
            j: second position.
        """
        self._check(i)
        self._check(j)
        self.values[i], self.values[j] = self.values[j], self.values[i]
        self.swaps += 1
        return f"swapped positions {i} and {j}"

    @tool
    def IsSorted(self) -> bool:
        """Whether the array, in its current order, is sorted (all 0s, then 1s, then 2s)."""
        return all(a <= b for a, b in zip(self.values, self.values[1:]))

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        low, mid, high = 0, 0, n - 1  # [0, low) are 0s, [low, mid) are 1s, (high, n) are 2s
        while mid <= high:
            color = env.GetColor(index=mid)
            if color == 0:
                if low != mid:
                    env.Swap(i=low, j=mid)
                low, mid = low + 1, mid + 1
            elif color == 1:
                mid += 1
            else:
                if mid != high:
                    env.Swap(i=mid, j=high)
                high -= 1
        if not env.IsSorted():  # the partition invariant guarantees this; confirm before answering
            raise RuntimeError("the array is not sorted")
        env.Done(answer=[0] * low + [1] * (mid - low) + [2] * (n - mid))
