"""Trapping rain water, solved with two pointers over hidden bar heights."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 9), "medium": (18, 30), "hard": (45, 60)}


def solve(height: list[int]) -> int:
    """Independent reference: water above each bar = min(max left, max right) - height."""
    total = 0
    for i, h in enumerate(height):
        total += max(0, min(max(height[: i + 1]), max(height[i:])) - h)
    return total


class TrappingRainWaterEnv(Environment):
    """Bar heights of an elevation map are hidden (each bar has width 1). Compute how many units of rain water
    the map traps. The answer is an integer. Tools let you walk two pointers inward."""

    class Config(BaseModel):
        height: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: trapping rain water (LeetCode 42)", license="original", split="train",
                   tags=("two pointers",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(height=[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 8]) for _ in range(n)])

    def setup(self) -> None:
        self.left = 0
        self.right = len(self.config.height) - 1
        self.water = 0

    def observe(self) -> str:
        return (f"{len(self.config.height)} bars are hidden. Left pointer at {self.left}, right pointer at "
                f"{self.right}; water counted so far: {self.water}.")

    def reference_answer(self) -> int:
        h = self.config.height
        left, right, lmax, rmax, water = 0, len(h) - 1, 0, 0, 0
        while left < right:
            if h[left] < h[right]:
                lmax = max(lmax, h[left])
                water += lmax - h[left]
                left += 1
            else:
                rmax = max(rmax, h[right])
                water += rmax - h[right]
                right -= 1
        return water

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.height),)

    @tool
    def GetPointers(self) -> dict[str, int]:
        """Return the positions of the left and right pointers."""
        return {"left": self.left, "right": self.right}

    @tool
    def GetHeight(self, index: int) -> int:
        """Return the height of one bar.

        Args:
            index: zero-based bar position.
        """
        if not 0 <= index < len(self.config.height):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.height)})")
        return self.config.height[index]

    @tool
    def MovePointer(self, side: str) -> dict[str, int]:
        """Move the left pointer right, or the right pointer left, by one bar. Returns both pointers.

        Args:
            side: "left" or "right".
        """
        if side not in ("left", "right"):
            raise ToolError('side must be "left" or "right"')
        if self.left >= self.right:
            raise ToolError("the pointers have met: there is nothing left to scan")
        if side == "left":
            self.left += 1
        else:
            self.right -= 1
        return {"left": self.left, "right": self.right}

    @tool
    def AddWater(self, amount: int) -> int:
        """Add trapped water to the running total (must not be negative); returns the total.

        Args:
            amount: units of water above the bar being passed.
        """
        if amount < 0:
            raise ToolError("water cannot be negative")
        self.water += amount
        return self.water

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        p = env.GetPointers()
        left_max = right_max = 0
        total = 0
        while p["left"] < p["right"]:
            hl, hr = env.GetHeight(index=p["left"]), env.GetHeight(index=p["right"])
            if hl < hr:
                left_max = max(left_max, hl)
                total = env.AddWater(amount=left_max - hl)
                p = env.MovePointer(side="left")
            else:
                right_max = max(right_max, hr)
                total = env.AddWater(amount=right_max - hr)
                p = env.MovePointer(side="right")
        env.Done(answer=total)
