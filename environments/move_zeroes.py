"""Move zeroes to the end of a hidden array, keeping the order of the rest (two pointers, in place)."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (7, 9), "medium": (20, 30), "hard": (55, 70)}


def solve(nums: list[int]) -> list[int]:
    """Independent reference: a stable partition."""
    return [x for x in nums if x != 0] + [0] * nums.count(0)


class MoveZeroesEnv(Environment):
    """An array of integers is hidden. Rearrange it so all zeros are at the end while the non-zero values keep
    their relative order, and return the resulting array. The answer is a list of integers. The array can only
    be changed by swapping two positions."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="classic: move zeroes (LeetCode 283)", license="original", split="test",
                   tags=("two pointers", "in place"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(nums=[0 if rng.random() < 0.35 else rng.randint(1, 9) for _ in range(n)])

    def setup(self) -> None:
        self.values = list(self.config.nums)

    def observe(self) -> str:
        return f"An array of {len(self.values)} integers is hidden."

    def reference_answer(self) -> list[int]:
        out, write = list(self.config.nums), 0
        for read in range(len(out)):
            if out[read] != 0:
                out[write], out[read] = out[read], out[write]
                write += 1
        return out

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    def _check(self, i: int) -> None:
        if not 0 <= i < len(self.values):
            raise ToolError(f"index {i} is out of range [0, {len(self.values)})")

    @tool
    def GetLength(self) -> int:
        """Return the length of the array."""
        return len(self.values)

    @tool
    def IsZero(self, index: int) -> bool:
        """Whether the value at an index is zero.

        Args:
            index: zero-based index.
        """
        self._check(index)
        return self.values[index] == 0

    @tool
    def Swap(self, i: int, j: int) -> str:
        """Swap the values at two indices.

        Args:
            i: first index.
            j: second index.
        """
        self._check(i)
        self._check(j)
        self.values[i], self.values[j] = self.values[j], self.values[i]
        return f"swapped {i} and {j}"

    @tool
    def GetElement(self, index: int) -> int:
        """Return the value at an index of the array in its current order.

        Args:
            index: zero-based index.
        """
        self._check(index)
        return self.values[index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, write = env.GetLength(), 0
        for read in range(n):
            if not env.IsZero(index=read):
                if read != write:
                    env.Swap(i=read, j=write)
                write += 1
        # [0, write) now holds the non-zero values in order, the rest are zeros: read the front back.
        env.Done(answer=[env.GetElement(index=i) for i in range(write)] + [0] * (n - write))
