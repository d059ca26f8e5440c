"""Container with most water: two pointers moving inwards over hidden line heights."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (6, 9), "medium": (20, 35), "hard": (55, 75)}


def solve(height: list[int]) -> int:
    """Independent reference: every pair of lines."""
    n = len(height)
    return max(min(height[i], height[j]) * (j - i) for i in range(n) for j in range(i + 1, n))


class ContainerMostWaterEnv(Environment):
    """Vertical lines stand at positions 0..n-1 with hidden heights. Two lines i < j and the x-axis form a
    container holding min(height[i], height[j]) * (j - i) units of water. Return the largest amount of water
    any container can hold. The answer is an integer."""

    class Config(BaseModel):
        height: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: container with most water (LeetCode 11)", license="original", split="train",
                   tags=("two pointers", "greedy"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(height=[rng.randint(0, 10 * n) for _ in range(n)])

    def setup(self) -> None:
        self.best = 0

    def observe(self) -> str:
        return f"{len(self.config.height)} lines with hidden heights. Best amount recorded: {self.best}."

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.height),)

    def reference_answer(self) -> int:
        h, i, j, best = self.config.height, 0, len(self.config.height) - 1, 0
        while i < j:
            best = max(best, min(h[i], h[j]) * (j - i))
            i, j = (i + 1, j) if h[i] < h[j] else (i, j - 1)
        return best

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.config.height):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.height)})")

    @tool
    def GetLength(self) -> int:
        """Return the number of lines."""
        return len(self.config.height)

    @tool
    def GetHeight(self, index: int) -> int:
        """Return the height of one line.

        Args:
            index: zero-based position of the line, 0 <= index < length.
        """
        self._check(index)
        return self.config.height[index]

    @tool
    def ContainerArea(self, left: int, right: int) -> int:
        """Return the water held between two lines: min(height[left], height[right]) * (right - left).

        Args:
            left: position of the left line.
            right: position of the right line, greater than left.
        """
        self._check(left)
        self._check(right)
        if right <= left:
            raise ToolError(f"right ({right}) must be greater than left ({left})")
        return min(self.config.height[left], self.config.height[right]) * (right - left)

    @tool
    def RecordBest(self, amount: int) -> int:
        """Keep the larger of the recorded best amount and a new amount; returns the recorded best.

        Args:
            amount: an amount of water some container holds.
        """
        self.best = max(self.best, amount)
        return self.best

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        i, j = 0, env.GetLength() - 1
        hi, hj = env.GetHeight(index=i), env.GetHeight(index=j)
        best = 0
        while i < j:
            area = env.ContainerArea(left=i, right=j)
            if area > best:
                best = env.RecordBest(amount=area)
            if hi < hj:  # the shorter line can never do better with a narrower partner: move it
                i += 1
                if i < j:
                    hi = env.GetHeight(index=i)
            else:
                j -= 1
                if i < j:
                    hj = env.GetHeight(index=j)
        env.Done(answer=best)
