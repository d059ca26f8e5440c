"""Maximum subarray sum (Kadane's algorithm), explored one element at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (6, 12), "medium": (25, 45), "hard": (60, 80)}


def solve(nums: list[int]) -> int:
    """Independent reference: best sum over all non-empty contiguous subarrays (quadratic, obviously right)."""
    best = nums[0]
    for i in range(len(nums)):
        total = 0
        for j in range(i, len(nums)):
            total += nums[j]
            best = max(best, total)
    return best


class MaxSubarrayEnv(Environment):
    """A list of integers is hidden. Find the largest sum of a non-empty contiguous subarray.
    The answer is an integer. Tools keep a running sum and a best-so-far for you (Kadane's method)."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: maximum subarray (LeetCode 53)", license="original", split="train", tags=("dp", "array"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(nums=[rng.randint(-50, 40) for _ in range(n)])

    def setup(self) -> None:
        self.current = 0
        self.best: int | None = None

    def observe(self) -> str:
        best = "none yet" if self.best is None else str(self.best)
        return f"{len(self.config.nums)} integers are hidden. Running sum: {self.current}; best recorded: {best}."

    def reference_answer(self) -> int:
        best = current = self.config.nums[0]
        for x in self.config.nums[1:]:
            current = max(x, current + x)
            best = max(best, current)
        return best

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def GetLength(self) -> int:
        """Return how many integers the list holds."""
        return len(self.config.nums)

    @tool
    def GetNumber(self, index: int) -> int:
        """Return the integer at a position.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.nums):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.nums)})")
        return self.config.nums[index]

    @tool
    def ExtendOrRestart(self, value: int) -> int:
        """Update the running sum with the next value: max(value, running + value). Returns the new running sum.

        Args:
            value: the next integer of the list.
        """
        self.current = max(value, self.current + value) if self.best is not None else value
        return self.current

    @tool
    def RecordBest(self, value: int) -> int:
        """Keep the larger of the recorded best and a value; returns the best so far.

        Args:
            value: a candidate sum (usually the running sum).
        """
        self.best = value if self.best is None else max(self.best, value)
        return self.best

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        best = None
        for i in range(env.GetLength()):
            running = env.ExtendOrRestart(value=env.GetNumber(index=i))
            best = env.RecordBest(value=running)
        env.Done(answer=best)
