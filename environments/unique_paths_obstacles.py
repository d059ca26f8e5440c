"""Unique paths with obstacles: count right/down paths through a hidden grid, one DP cell at a time."""

from __future__ import annotations

import functools
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import DPTableMixin, GridEnv

SIZES = {"easy": ((3, 3), (3, 4)), "medium": ((4, 5), (4, 6)), "hard": ((6, 7), (7, 8))}


def solve(grid: list[list[int]]) -> int:
    """Independent reference: memoised recursion counting paths from each cell to the goal."""
    rows, cols = len(grid), len(grid[0])

    @functools.cache
    def paths(r: int, c: int) -> int:
        if r >= rows or c >= cols or grid[r][c] == 1:
            return 0
        if (r, c) == (rows - 1, cols - 1):
            return 1
        return paths(r + 1, c) + paths(r, c + 1)

    return paths(0, 0)


class UniquePathsObstaclesEnv(DPTableMixin, GridEnv):
    """A rectangular grid is hidden; each cell is 0 (free) or 1 (obstacle). A robot starts at the top-left cell
    and moves only right or down, never onto an obstacle. Count the distinct paths that reach the bottom-right
    cell (0 if the start or the goal is an obstacle or no path exists). The answer is an integer. Tools keep a
    table ways[row][col] of the number of paths from the start to each cell."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: unique paths II (LeetCode 63)", license="original", split="train",
                   tags=("grid", "dynamic programming"))
    source_solution = staticmethod(solve)
    missing_message = "record the ways of cell(s) {cells} with SetWays first"
    unrecorded_message = "no ways recorded for cell ({row}, {col}) yet"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        density = rng.choice((0.1, 0.2, 0.3))
        grid = [[int(rng.random() < density) for _ in range(cols)] for _ in range(rows)]
        if rng.random() < 0.9:  # usually the start and goal are free
            grid[0][0] = grid[-1][-1] = 0
        return cls.Config(grid=grid)

    def observe(self) -> str:
        g = self.config.grid
        return f"A {len(g)}x{len(g[0])} grid with hidden obstacles. Table cells recorded: {len(self.table)}."

    def reference_answer(self) -> int:
        g = self.config.grid
        row = [0] * len(g[0])
        row[0] = 1
        for values in g:
            for c, v in enumerate(values):
                row[c] = 0 if v else row[c] + (row[c - 1] if c else 0)
        return row[-1]

    @tool
    def IsObstacle(self, row: int, col: int) -> bool:
        """Return whether a cell holds an obstacle.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        return self.config.grid[row][col] == 1

    @tool
    def WaysFromNeighbours(self, row: int, col: int) -> int:
        """Return the sum of the recorded ways of the cell above and the cell to the left (those inside the
        grid); 1 for the top-left cell. Those neighbours must already be recorded with SetWays.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        if row == col == 0:
            return 1
        needed = [cell for cell in ((row - 1, col), (row, col - 1)) if min(cell) >= 0]
        return sum(self.recorded_values(needed))

    @tool
    def SetWays(self, row: int, col: int, value: int) -> int:
        """Record the number of paths from the start to a cell; returns how many cells are recorded.

        Args:
            row: zero-based row index.
            col: zero-based column index.
            value: the number of paths reaching this cell (0 for an obstacle); not negative.
        """
        self.check_cell(row, col)
        if value < 0:
            raise ToolError("a number of paths cannot be negative")
        self.table[row, col] = value
        return len(self.table)

    @tool
    def GetWays(self, row: int, col: int) -> int:
        """Return the number of paths recorded for a cell.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        return self.recorded(row, col)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        rows, cols = env.GetRows(), env.GetCols()
        for r in range(rows):  # row by row, so the cells above and to the left are always recorded
            for c in range(cols):
                blocked = env.IsObstacle(row=r, col=c)
                env.SetWays(row=r, col=c, value=0 if blocked else env.WaysFromNeighbours(row=r, col=c))
        env.Done(answer=env.GetWays(row=rows - 1, col=cols - 1))
