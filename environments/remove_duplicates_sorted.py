"""Remove duplicates from a sorted array in place, with a read and a write pointer."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (6, 9), "medium": (20, 30), "hard": (55, 70)}


def solve(nums: list[int]) -> int:
    """Independent reference: the number of distinct values."""
    return len(set(nums))


class RemoveDuplicatesSortedEnv(Environment):
    """A sorted array of integers is hidden. Remove duplicates in place so each value appears once at the front,
    and return how many distinct values there are (an integer). Values can be copied within the array."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: remove duplicates from sorted array (LeetCode 26)", license="original",
                   split="train", tags=("two pointers", "in place"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(nums=sorted(rng.randint(0, 30) for _ in range(rng.randint(*SIZES[difficulty]))))

    def setup(self) -> None:
        self.values = list(self.config.nums)

    def observe(self) -> str:
        return f"A sorted array of {len(self.values)} integers is hidden."

    def reference_answer(self) -> int:
        write = 1
        for read in range(1, len(self.values)):
            if self.config.nums[read] != self.config.nums[read - 1]:
                write += 1
        return write

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
    def Get(self, index: int) -> int:
        """Return the value at an index (as currently stored).

        Args:
            index: zero-based index.
        """
        self._check(index)
        return self.values[index]

    @tool
    def Copy(self, source: int, target: int) -> int:
        """Copy the value at one index onto another; returns the copied value.

        Args:
            source: the index to read.
            target: the index to overwrite.
        """
        self._check(source)
        self._check(target)
        self.values[target] = self.values[source]
        return self.values[target]

    @tool
    def Prefix(self, length: int) -> list[int]:
        """Return the first `length` values of the array.

        Args:
            length: how many values, 0 <= length <= array length.
        """
        if not 0 <= length <= len(self.values):
            raise ToolError("length is out of range")
        return self.values[:length]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        write, last = 1, env.Get(index=0)
        for read in range(1, n):
            value = env.Get(index=read)
            if value != last:
                env.Copy(source=read, target=write)
                write += 1
                last = value
        env.Prefix(length=write)
        env.Done(answer=write)
