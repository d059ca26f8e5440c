"""Rotate an array right by k steps using three in-place reversals."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (8, 10), "medium": (20, 30), "hard": (60, 80)}


def solve(nums: list[int], k: int) -> list[int]:
    """Independent reference: slicing."""
    k %= len(nums)
    return nums[-k:] + nums[:-k] if k else list(nums)


class RotateArrayEnv(Environment):
    """An array of integers and a number k are hidden. Return the array rotated to the right by k steps
    ([1, 2, 3, 4, 5] rotated by 2 is [4, 5, 1, 2, 3]). The answer is a list of integers. The array can only
    be changed by swapping two positions."""

    class Config(BaseModel):
        nums: list[int]
        k: int

    answer_type = list[int]
    meta = EnvMeta(source="classic: rotate array (LeetCode 189)", license="original", split="train",
                   tags=("in place", "reversal"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(nums=[rng.randint(0, 99) for _ in range(n)], k=rng.randint(1, 2 * n))

    def setup(self) -> None:
        self.values = list(self.config.nums)

    def observe(self) -> str:
        return f"An array of {len(self.values)} integers and a rotation amount are hidden."

    def reference_answer(self) -> list[int]:
        n, k = len(self.config.nums), self.config.k % len(self.config.nums)
        return [self.config.nums[(i - k) % n] for i in range(n)]

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.nums), self.config.k)

    @tool
    def GetLength(self) -> int:
        """Return the length of the array."""
        return len(self.values)

    @tool
    def GetK(self) -> int:
        """Return the rotation amount k (it may exceed the length)."""
        return self.config.k

    @tool
    def Mod(self, a: int, b: int) -> int:
        """Return a mod b.

        Args:
            a: the dividend.
            b: a positive divisor.
        """
        if b <= 0:
            raise ToolError("b must be positive")
        return a % b

    @tool
    def Swap(self, i: int, j: int) -> str:
        """Swap the values at two indices.

        Args:
            i: first index.
            j: second index.
        """
        for x in (i, j):
            if not 0 <= x < len(self.values):
                raise ToolError(f"index {x} is out of range [0, {len(self.values)})")
        self.values[i], self.values[j] = self.values[j], self.values[i]
        return f"swapped {i} and {j}"

    @tool
    def GetElement(self, index: int) -> int:
        """Return the value at an index of the array in its current order.

        Args:
            index: zero-based index.
        """
        if not 0 <= index < len(self.values):
            raise ToolError(f"index {index} is out of range [0, {len(self.values)})")
        return self.values[index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        k = env.Mod(a=env.GetK(), b=n)

        def reverse(lo: int, hi: int) -> None:
            while lo < hi:
                env.Swap(i=lo, j=hi)
                lo, hi = lo + 1, hi - 1

        reverse(0, n - 1)  # rotate right by k = reverse all, then each part
        reverse(0, k - 1)
        reverse(k, n - 1)
        env.Done(answer=[env.GetElement(index=i) for i in range(n)])
