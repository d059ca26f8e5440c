"""Sliding window maximum over a hidden array, with a deque of positions kept by the environment."""

from __future__ import annotations

import random
from collections import deque

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import ArrayEnv

SIZES = {"easy": (5, 7), "medium": (18, 28), "hard": (50, 62)}


def solve(nums: list[int], k: int) -> list[int]:
    """Independent reference: the maximum of every window directly."""
    return [max(nums[i:i + k]) for i in range(len(nums) - k + 1)]


class SlidingWindowMaxEnv(ArrayEnv):
    """An array of integers and a window size k (1 <= k <= length) are hidden. A window of k consecutive elements
    slides from the left end to the right end one position at a time. Return the maximum of every window. The
    answer is a list of integers (length - k + 1 of them), from the leftmost window to the rightmost. A
    double-ended queue of positions is available."""

    class Config(BaseModel):
        nums: list[int]
        k: int

    answer_type = list[int]
    meta = EnvMeta(source="classic: sliding window maximum (LeetCode 239)", license="original", split="train",
                   tags=("monotonic deque", "sliding window"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(nums=[rng.randint(-20, 40) for _ in range(n)], k=rng.randint(2, max(2, n // 3)))

    def setup(self) -> None:
        self.dq: deque[int] = deque()

    def observe(self) -> str:
        return (f"An array of {len(self.config.nums)} integers and a window size are hidden. "
                f"Deque size: {len(self.dq)}.")

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.nums), self.config.k)

    def reference_answer(self) -> list[int]:
        a, k, dq, out = self.config.nums, self.config.k, deque(), []
        for i, x in enumerate(a):
            while dq and a[dq[-1]] <= x:
                dq.pop()
            dq.append(i)
            if dq[0] <= i - k:
                dq.popleft()
            if i >= k - 1:
                out.append(a[dq[0]])
        return out

    @tool
    def GetK(self) -> int:
        """Return the window size k."""
        return self.config.k

    @tool
    def PushBack(self, index: int) -> int:
        """Append a position at the back of the deque; returns the deque's new size.

        Args:
            index: zero-based position of the array.
        """
        self.check_index(index)
        self.dq.append(index)
        return len(self.dq)

    @tool
    def PopBack(self) -> int:
        """Remove the position at the back of the deque and return it."""
        if not self.dq:
            raise ToolError("the deque is empty")
        return self.dq.pop()

    @tool
    def PopFront(self) -> int:
        """Remove the position at the front of the deque and return it."""
        if not self.dq:
            raise ToolError("the deque is empty")
        return self.dq.popleft()

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, k = env.GetLength(), env.GetK()
        vals: list[int] = []
        dq: deque[int] = deque()  # positions whose values decrease from front to back
        out: list[int] = []
        for i in range(n):
            vals.append(env.GetElement(index=i))
            while dq and vals[dq[-1]] <= vals[i]:  # a smaller earlier value can never be a maximum again
                env.PopBack()
                dq.pop()
            env.PushBack(index=i)
            dq.append(i)
            if dq[0] <= i - k:  # the front left the window
                env.PopFront()
                dq.popleft()
            if i >= k - 1:
                out.append(vals[dq[0]])
        env.Done(answer=out)
