"""Maximal square: the largest all-ones square in a hidden 0/1 grid, by a side-length DP table."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import DPTableMixin, GridEnv

SIZES = {"easy": ((3, 4), (3, 4)), "medium": ((4, 5), (5, 6)), "hard": ((6, 7), (7, 8))}


def solve(grid: list[list[int]]) -> int:
    """Independent reference: test every square of every size directly."""
    rows, cols = len(grid), len(grid[0])
    best = 0
    for r in range(rows):
        for c in range(cols):
            k = best + 1
            while r + k <= rows and c + k <= cols and all(grid[y][x] for y in range(r, r + k) for x in range(c, c + k)):
                best, k = k, k + 1
    return best * best


class MaximalSquareEnv(DPTableMixin, GridEnv):
    """A rectangular grid of 0s and 1s is hidden. Find the area of the largest square whose cells are all 1
    (0 if there is no 1). The answer is an integer. Tools keep a table side[row][col]: the side of the largest
    all-ones square whose bottom-right corner is that cell."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: maximal square (LeetCode 221)", license="original", split="test",
                   tags=("grid", "dynamic programming"))
    source_solution = staticmethod(solve)
    missing_message = "record the side of cell(s) {cells} with SetSide first"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        density = rng.choice((0.55, 0.7, 0.8))
        grid = [[int(rng.random() < density) for _ in range(cols)] for _ in range(rows)]
        return cls.Config(grid=grid)

    def observe(self) -> str:
        g = self.config.grid
        return f"A {len(g)}x{len(g[0])} grid of 0s and 1s is hidden. Table cells recorded: {len(self.table)}."

    def reference_answer(self) -> int:
        g = self.config.grid
        prev = [0] * (len(g[0]) + 1)
        best = 0
        for values in g:
            row = [0]
            for c, v in enumerate(values):
                row.append(min(prev[c], prev[c + 1], row[c]) + 1 if v else 0)
            best, prev = max(best, *row), row
        return best * best

    @tool
    def GetCell(self, row: int, col: int) -> int:
        """Return the value (0 or 1) of one grid cell.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        return self.config.grid[row][col]

    @tool
    def MinNeighbourSide(self, row: int, col: int) -> int:
        """Return the smallest recorded side among the cells above, to the left and diagonally above-left;
        0 if the cell is in the first row or column. Those neighbours must already be recorded with SetSide.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        if row == 0 or col == 0:
            return 0
        return min(self.recorded_values([(row - 1, col), (row, col - 1), (row - 1, col - 1)]))

    @tool
    def SetSide(self, row: int, col: int, side: int) -> int:
        """Record the side of the largest all-ones square ending at a cell; returns the largest side recorded so far.

        Args:
            row: zero-based row index.
            col: zero-based column index.
            side: the side length (0 for a cell holding 0).
        """
        self.check_cell(row, col)
        if side < 0:
            raise ToolError("a side cannot be negative")
        self.table[row, col] = side
        return max(self.table.values())

    @tool
    def GetLargestSide(self) -> int:
        """Return the largest side recorded in the table so far (0 if none)."""
        return max(self.table.values(), default=0)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        rows, cols = env.GetRows(), env.GetCols()
        for r in range(rows):  # row by row, so the three neighbours are always recorded
            for c in range(cols):
                one = env.GetCell(row=r, col=c) == 1
                env.SetSide(row=r, col=c, side=env.MinNeighbourSide(row=r, col=c) + 1 if one else 0)
        side = env.GetLargestSide()
        env.Done(answer=side * side)
