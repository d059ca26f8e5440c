"""Set matrix zeroes: find every zero, mark its row and column, and count the cells a marked line covers."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import GridEnv

SIZES = {"easy": ((3, 4), (4, 5)), "medium": ((5, 6), (6, 7)), "hard": ((8, 10), (9, 11))}


def solve(grid: list[list[int]]) -> int:
    """Independent reference: actually zero the rows and columns of a copy, then count its zeros."""
    m = [list(r) for r in grid]
    zeros = [(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v == 0]
    for r, c in zeros:
        m[r] = [0] * len(m[r])
        for row in m:
            row[c] = 0
    return sum(v == 0 for row in m for v in row)


class SetMatrixZeroesEnv(GridEnv):
    """A matrix of integers is hidden. For every cell that holds 0, set its whole row and its whole column to 0
    (all zeros are found in the original matrix first, then applied). How many cells hold 0 afterwards? The
    answer is an integer."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: set matrix zeroes (LeetCode 73)", license="original", split="train",
                   tags=("grid",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        p = rng.uniform(0.04, 0.12)
        return cls.Config(grid=[[0 if rng.random() < p else rng.randint(1, 9) for _ in range(cols)]
                                for _ in range(rows)])

    def setup(self) -> None:
        self.rows: set[int] = set()
        self.cols: set[int] = set()

    def observe(self) -> str:
        return (f"A {len(self.grid)} x {len(self.grid[0])} matrix is hidden. Marked rows: {len(self.rows)}, "
                f"marked columns: {len(self.cols)}.")

    def reference_answer(self) -> int:
        rows = {r for r, row in enumerate(self.grid) if 0 in row}
        cols = {c for row in self.grid for c, v in enumerate(row) if v == 0}
        width, height = len(self.grid[0]), len(self.grid)
        return len(rows) * width + len(cols) * height - len(rows) * len(cols)

    @tool
    def GetCell(self, row: int, col: int) -> int:
        """Return the value of a cell of the original matrix.

        Args:
            row: zero-based row.
            col: zero-based column.
        """
        self.check_cell(row, col)
        return self.grid[row][col]

    @tool
    def MarkRow(self, row: int) -> int:
        """Mark a row to be zeroed; returns how many rows are marked.

        Args:
            row: zero-based row.
        """
        self.check_cell(row, 0)
        self.rows.add(row)
        return len(self.rows)

    @tool
    def MarkColumn(self, col: int) -> int:
        """Mark a column to be zeroed; returns how many columns are marked.

        Args:
            col: zero-based column.
        """
        self.check_cell(0, col)
        self.cols.add(col)
        return len(self.cols)

    @tool
    def CountCoveredCells(self) -> int:
        """Return how many cells lie in a marked row or a marked column."""
        width, height = len(self.grid[0]), len(self.grid)
        return len(self.rows) * width + len(self.cols) * height - len(self.rows) * len(self.cols)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        rows, cols = env.GetRows(), env.GetCols()
        marked_rows, marked_cols = set(), set()
        for r in range(rows):
            for c in range(cols):
                if env.GetCell(row=r, col=c) == 0:
                    if r not in marked_rows:
                        env.MarkRow(row=r)
                        marked_rows.add(r)
                    if c not in marked_cols:
                        env.MarkColumn(col=c)
                        marked_cols.add(c)
        env.Done(answer=env.CountCoveredCells())
