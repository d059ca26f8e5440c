"""Contains duplicate II: equal values at most k positions apart, with a last-seen map kept by the environment."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import ArrayEnv

SIZES = {"easy": (6, 9), "medium": (20, 32), "hard": (55, 74)}
KS = {"easy": (1, 3), "medium": (2, 6), "hard": (3, 10)}


def solve(nums: list[int], k: int) -> bool:
    """Independent reference: compare every pair of positions at most k apart."""
    return any(nums[i] == nums[j] for i in range(len(nums)) for j in range(i + 1, min(len(nums), i + k + 1)))


class NearbyDuplicateEnv(ArrayEnv):
    """An array of integers and a number k are hidden. Answer true if two different positions i and j hold equal
    values with |i - j| <= k, else false. The answer is a boolean. A map from values to positions is
    available."""

    class Config(BaseModel):
        nums: list[int]
        k: int

    answer_type = bool
    meta = EnvMeta(source="classic: contains duplicate II (LeetCode 219)", license="original", split="test",
                   tags=("hashing", "sliding window"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n, k = rng.randint(*SIZES[difficulty]), rng.randint(*KS[difficulty])
        pool = list(range(-k - 3, k + 4))
        nums: list[int] = []
        for _ in range(n):  # no value repeats within k positions
            nums.append(rng.choice([v for v in pool if v not in nums[-k:]]))
        if rng.random() < 0.5:  # plant one close repeat, not too early
            j = rng.randint(max(2, n // 3), n - 1)
            nums[j] = nums[j - rng.randint(1, k)]
        return cls.Config(nums=nums, k=k)

    def setup(self) -> None:
        self.last: dict[int, int] = {}

    def observe(self) -> str:
        return (f"An array of {len(self.config.nums)} integers and a number k are hidden. "
                f"Values with a recorded position: {len(self.last)}.")

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.nums), self.config.k)

    def reference_answer(self) -> bool:
        window: set[int] = set()
        for i, x in enumerate(self.config.nums):
            if x in window:
                return True
            window.add(x)
            if i >= self.config.k:
                window.discard(self.config.nums[i - self.config.k])
        return False

    @tool
    def GetK(self) -> int:
        """Return k, the largest allowed distance between the two positions."""
        return self.config.k

    @tool
    def LastIndex(self, value: int) -> int:
        """Return the last position recorded for a value, or -1 if none was recorded.

        Args:
            value: the value to look up.
        """
        return self.last.get(value, -1)

    @tool
    def RecordIndex(self, value: int, index: int) -> str:
        """Record the latest position of a value (replacing any earlier record).

        Args:
            value: the value.
            index: its zero-based position.
        """
        self.last[value] = index
        return f"{value} last seen at {index}"

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, k = env.GetLength(), env.GetK()
        for i in range(n):
            x = env.GetElement(index=i)
            prev = env.LastIndex(value=x)
            if prev >= 0 and i - prev <= k:
                env.Done(answer=True)
                return
            env.RecordIndex(value=x, index=i)
        env.Done(answer=False)
