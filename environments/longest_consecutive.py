"""Longest consecutive sequence in a hidden unsorted array, with a hash set kept by the environment."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import ArrayEnv

SIZES = {"easy": (5, 7), "medium": (16, 26), "hard": (44, 56)}


def solve(nums: list[int]) -> int:
    """Independent reference: sort the distinct values and measure runs of +1 steps."""
    vals = sorted(set(nums))
    best = run = 1 if vals else 0
    for a, b in zip(vals, vals[1:]):
        run = run + 1 if b == a + 1 else 1
        best = max(best, run)
    return best


class LongestConsecutiveEnv(ArrayEnv):
    """An unsorted array of integers (values may repeat) is hidden. Return the length of the longest run of
    consecutive integers x, x+1, ..., x+L-1 that all occur in the array (in any positions). The answer is an
    integer. A hash set of integers is available."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: longest consecutive sequence (LeetCode 128)", license="original",
                   split="train", tags=("hashing",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        nums: list[int] = []
        while len(nums) < n:  # runs of consecutive values scattered over a range, plus some repeats
            start, length = rng.randint(-3 * n, 3 * n), rng.randint(1, max(2, n // 4))
            nums.extend(range(start, start + length))
            if nums and rng.random() < 0.3:
                nums.append(rng.choice(nums))
        nums = nums[:n]
        rng.shuffle(nums)
        return cls.Config(nums=nums)

    def setup(self) -> None:
        self.seen: set[int] = set()

    def observe(self) -> str:
        return f"An array of {len(self.config.nums)} integers is hidden. Set size: {len(self.seen)}."

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    def reference_answer(self) -> int:
        s, best = set(self.config.nums), 0
        for x in s:
            if x - 1 not in s:  # x starts a run
                y = x
                while y + 1 in s:
                    y += 1
                best = max(best, y - x + 1)
        return best

    @tool
    def AddToSet(self, value: int) -> int:
        """Add a value to the hash set; returns the set's size.

        Args:
            value: the value to add.
        """
        self.seen.add(value)
        return len(self.seen)

    @tool
    def Contains(self, value: int) -> bool:
        """Whether the hash set holds a value.

        Args:
            value: the value to look up.
        """
        return value in self.seen

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        distinct: list[int] = []
        size = 0
        for i in range(env.GetLength()):
            x = env.GetElement(index=i)
            if env.AddToSet(value=x) > size:  # a new value
                size += 1
                distinct.append(x)
        best = 0
        for x in distinct:
            if not env.Contains(value=x - 1):  # only start counting at the first value of a run
                length = 1
                while env.Contains(value=x + length):
                    length += 1
                best = max(best, length)
        env.Done(answer=best)
