"""Maximum sum of a window of k consecutive numbers, with a sliding window you move one step at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (7, 10), "medium": (25, 40), "hard": (60, 75)}


def solve(nums: list[int], k: int) -> int:
    """Independent reference: sum every window from scratch."""
    return max(sum(nums[i:i + k]) for i in range(len(nums) - k + 1))


class SlidingWindowSumEnv(Environment):
    """A list of integers and a window size k are hidden behind tools. Find the largest sum of k consecutive
    numbers. The answer is an integer. A window tool keeps the current window's sum as you slide it."""

    class Config(BaseModel):
        nums: list[int]
        k: int

    answer_type = int
    meta = EnvMeta(source="classic: maximum sum of a fixed-size window (sliding window)", license="original",
                   split="train", tags=("sliding window",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        k = rng.randint(2, max(2, n // 4))
        return cls.Config(nums=[rng.randint(-20, 30) for _ in range(n)], k=k)

    def setup(self) -> None:
        self.start = 0
        self.total = sum(self.config.nums[: self.config.k])

    def observe(self) -> str:
        return (f"{len(self.config.nums)} integers are hidden; the window covers positions {self.start}.."
                f"{self.start + self.config.k - 1}.")

    def reference_answer(self) -> int:
        nums, k = self.config.nums, self.config.k
        best = window = sum(nums[:k])
        for i in range(k, len(nums)):
            window += nums[i] - nums[i - k]
            best = max(best, window)
        return best

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.nums), self.config.k)

    @tool
    def GetLength(self) -> int:
        """Return how many integers the list holds."""
        return len(self.config.nums)

    @tool
    def GetWindowSize(self) -> int:
        """Return the window size k."""
        return self.config.k

    @tool
    def WindowSum(self) -> int:
        """Return the sum of the numbers currently inside the window."""
        return self.total

    @tool
    def SlideRight(self) -> int:
        """Move the window one position to the right; returns the new window sum."""
        if self.start + self.config.k >= len(self.config.nums):
            raise ToolError("the window already touches the end of the list")
        self.total += self.config.nums[self.start + self.config.k] - self.config.nums[self.start]
        self.start += 1
        return self.total

    @tool
    def Larger(self, a: int, b: int) -> int:
        """Return the larger of two integers.

        Args:
            a: first integer.
            b: second integer.
        """
        return max(a, b)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, k = env.GetLength(), env.GetWindowSize()
        best = env.WindowSum()
        for _ in range(n - k):
            best = env.Larger(a=best, b=env.SlideRight())
        env.Done(answer=best)
