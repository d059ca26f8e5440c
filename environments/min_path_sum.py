"""Minimum path sum: fill a dynamic-programming table of best sums over a hidden grid, cell by cell."""

from __future__ import annotations

import random
from itertools import combinations

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import DPTableMixin, GridEnv

SIZES = {"easy": ((2, 3), (3, 4)), "medium": ((4, 5), (4, 6)), "hard": ((6, 7), (7, 8))}


def solve(grid: list[list[int]]) -> int:
    """Independent reference: try every right/down path (choose which of the moves go down)."""
    rows, cols = len(grid), len(grid[0])
    moves = rows + cols - 2

    def path_sum(downs: set[int]) -> int:
        r = c = 0
        total = grid[0][0]
        for step in range(moves):
            r, c = (r + 1, c) if step in downs else (r, c + 1)
            total += grid[r][c]
        return total

    return min(path_sum(set(downs)) for downs in combinations(range(moves), rows - 1))


class MinPathSumEnv(DPTableMixin, GridEnv):
    """A rectangular grid of non-negative integers is hidden. Walk from the top-left cell to the bottom-right
    cell moving only right or down; a path's sum is the total of every cell it visits, both ends included.
    Return the smallest possible sum. The answer is an integer."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: minimum path sum (LeetCode 64)", license="original", split="train",
                   tags=("grid", "dynamic programming"))
    source_solution = staticmethod(solve)
    missing_message = "record the best sum of cell(s) {cells} with SetBest first"
    unrecorded_message = "no best sum recorded for cell ({row}, {col}) yet"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        top = rng.choice([5, 9, 20])
        return cls.Config(grid=[[rng.randint(0, top) for _ in range(cols)] for _ in range(rows)])

    def observe(self) -> str:
        g = self.config.grid
        return f"A {len(g)}x{len(g[0])} grid of non-negative integers is hidden. Table cells filled: {len(self.table)}."

    def reference_answer(self) -> int:
        g = self.config.grid
        row = [0] * len(g[0])  # row[c]: best sum reaching column c of the current row
        for r, values in enumerate(g):
            for c, v in enumerate(values):
                if r == 0 and c == 0:
                    row[c] = v
                elif r == 0:
                    row[c] = row[c - 1] + v
                elif c == 0:
                    row[c] = row[c] + v
                else:
                    row[c] = min(row[c], row[c - 1]) + v
        return row[-1]

    @tool
    def GetCell(self, row: int, col: int) -> int:
        """Return the value of one grid cell.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        return self.config.grid[row][col]

    @tool
    def BestBefore(self, row: int, col: int) -> int:
        """Return the smaller recorded best sum of the cell above and the cell to the left (only those inside
        the grid); 0 for the top-left cell. Those neighbours must already be recorded with SetBest.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        if row == col == 0:
            return 0
        needed = [cell for cell in ((row - 1, col), (row, col - 1)) if min(cell) >= 0]
        return min(self.recorded_values(needed))

    @tool
    def SetBest(self, row: int, col: int, value: int) -> int:
        """Record the best path sum that ends at a cell in the table; returns how many cells are recorded.

        Args:
            row: zero-based row index.
            col: zero-based column index.
            value: the smallest sum of a right/down path from the top-left cell to this cell (not negative).
        """
        self.check_cell(row, col)
        if value < 0:
            raise ToolError("a path sum cannot be negative")
        self.table[row, col] = value
        return len(self.table)

    @tool
    def GetBest(self, row: int, col: int) -> int:
        """Return the best path sum recorded for a cell.

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
                value = env.GetCell(row=r, col=c)
                env.SetBest(row=r, col=c, value=env.BestBefore(row=r, col=c) + value)
        env.Done(answer=env.GetBest(row=rows - 1, col=cols - 1))
