"""Two sum in an unsorted array, with a hash map of values seen so far."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 8), "medium": (18, 28), "hard": (45, 60)}


def solve(nums: list[int], target: int) -> list[int]:
    """Independent reference: brute force, smallest j first, then smallest i."""
    for j in range(len(nums)):
        for i in range(j):
            if nums[i] + nums[j] == target:
                return [i, j]
    return []


class TwoSumHashEnv(Environment):
    """An unsorted array of integers and a target are hidden. Return the indices [i, j] (i < j) of the first pair
    that adds up to the target, "first" meaning the smallest j, then the smallest i. Exactly one such j exists
    with a partner. The answer is a list of two integers."""

    class Config(BaseModel):
        nums: list[int]
        target: int

    answer_type = list[int]
    meta = EnvMeta(source="classic: two sum (LeetCode 1), hash map", license="original", split="train",
                   tags=("hashing",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        while True:  # the first pair must sit in the second half, so the scan is long
            nums = rng.sample(range(1, 500), n)
            i, j = sorted(rng.sample(range(n // 2, n), 2))
            first = solve(nums, nums[i] + nums[j])
            if first and first[1] >= n // 2:
                return cls.Config(nums=nums, target=nums[i] + nums[j])

    def setup(self) -> None:
        self.seen: dict[int, int] = {}

    def observe(self) -> str:
        return f"An array of {len(self.config.nums)} integers and a target are hidden; {len(self.seen)} values stored."

    def reference_answer(self) -> list[int]:
        index: dict[int, int] = {}
        for j, x in enumerate(self.config.nums):
            if self.config.target - x in index:
                return [index[self.config.target - x], j]
            index.setdefault(x, j)
        return []

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.nums), self.config.target)

    @tool
    def GetLength(self) -> int:
        """Return the length of the array."""
        return len(self.config.nums)

    @tool
    def GetTarget(self) -> int:
        """Return the target sum."""
        return self.config.target

    @tool
    def GetValue(self, index: int) -> int:
        """Return the value at an index.

        Args:
            index: zero-based index.
        """
        if not 0 <= index < len(self.config.nums):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.nums)})")
        return self.config.nums[index]

    @tool
    def Lookup(self, value: int) -> int:
        """Return the index stored for a value, or -1 if it was not stored.

        Args:
            value: the value to look up.
        """
        return self.seen.get(value, -1)

    @tool
    def Store(self, value: int, index: int) -> int:
        """Store value -> index in the map (keeps the first index); returns the map's size.

        Args:
            value: the value.
            index: its index.
        """
        self.seen.setdefault(value, index)
        return len(self.seen)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        target = env.GetTarget()
        answer: list[int] = []
        for j in range(env.GetLength()):
            x = env.GetValue(index=j)
            i = env.Lookup(value=target - x)
            if i >= 0:
                answer = [i, j]
                break
            env.Store(value=x, index=j)
        env.Done(answer=answer)
