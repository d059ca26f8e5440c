"""Largest rectangle in a histogram of hidden bar heights, with a monotonic stack of bar positions."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 7), "medium": (18, 30), "hard": (55, 75)}


def solve(heights: list[int]) -> int:
    """Independent reference: for every bar, spread left and right while bars are at least as tall."""
    best, n = 0, len(heights)
    for i, h in enumerate(heights):
        lo, hi = i, i
        while lo > 0 and heights[lo - 1] >= h:
            lo -= 1
        while hi < n - 1 and heights[hi + 1] >= h:
            hi += 1
        best = max(best, h * (hi - lo + 1))
    return best


class LargestRectangleHistogramEnv(Environment):
    """A histogram of bars of width 1 with hidden non-negative heights stands side by side. Return the area of the
    largest axis-aligned rectangle that fits inside the histogram. The answer is an integer. A stack of bar
    positions is available."""

    class Config(BaseModel):
        heights: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: largest rectangle in histogram (LeetCode 84)", license="original",
                   split="test", tags=("monotonic stack",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(heights=[rng.randint(0, 12) for _ in range(n)])

    def setup(self) -> None:
        self.stack: list[int] = []

    def observe(self) -> str:
        return f"A histogram of {len(self.config.heights)} bars is hidden. Stack size: {len(self.stack)}."

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.heights),)

    def reference_answer(self) -> int:
        h, best, n = self.config.heights, 0, len(self.config.heights)
        for lo in range(n):  # every range, with its running minimum
            low = h[lo]
            for hi in range(lo, n):
                low = min(low, h[hi])
                best = max(best, low * (hi - lo + 1))
        return best

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.config.heights):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.heights)})")

    @tool
    def GetLength(self) -> int:
        """Return the number of bars."""
        return len(self.config.heights)

    @tool
    def GetHeight(self, index: int) -> int:
        """Return the height of one bar.

        Args:
            index: zero-based position of the bar, 0 <= index < length.
        """
        self._check(index)
        return self.config.heights[index]

    @tool
    def Push(self, index: int) -> int:
        """Push a bar position onto the stack; returns the new stack size.

        Args:
            index: zero-based position of the bar.
        """
        self._check(index)
        self.stack.append(index)
        return len(self.stack)

    @tool
    def Pop(self) -> int:
        """Remove the top bar position from the stack and return it."""
        if not self.stack:
            raise ToolError("the stack is empty")
        return self.stack.pop()

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        h: list[int] = []
        stack: list[int] = []  # bar positions with increasing heights
        best = 0
        for i in range(n + 1):
            cur = env.GetHeight(index=i) if i < n else -1  # a final bar of height -1 empties the stack
            while stack and h[stack[-1]] >= cur:
                top = env.Pop()
                stack.pop()
                left = stack[-1] + 1 if stack else 0  # the popped bar spans (previous stack bar, i)
                best = max(best, h[top] * (i - left))
            if i < n:
                h.append(cur)
                env.Push(index=i)
                stack.append(i)
        env.Done(answer=best)
