"""Rotate an n x n image 90 degrees clockwise in place: transpose with swaps, then reverse every row."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (3, 4), "medium": (5, 7), "hard": (8, 10)}


def solve(matrix: list[list[int]]) -> list[list[int]]:
    """Independent reference: the columns of the upside-down matrix are the rows of the rotated one."""
    return [list(col) for col in zip(*matrix[::-1])]


class RotateImageEnv(Environment):
    """A square n x n matrix of integers (an image) is hidden. Rotate it 90 degrees clockwise, in place: the
    tools only let you swap two cells, reverse a row, and read one row at a time. The answer is the rotated
    matrix as a list of rows, each a list of integers."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = list[list[int]]
    meta = EnvMeta(source="classic: rotate image (LeetCode 48)", license="original", split="test",
                   tags=("grid", "in place"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(grid=[[rng.randint(0, 99) for _ in range(n)] for _ in range(n)])

    def setup(self) -> None:
        self.grid = self.config.grid
        self.m = [list(r) for r in self.grid]
        self.swaps = self.reversals = 0

    def observe(self) -> str:
        n = len(self.m)
        return f"A {n} x {n} matrix is hidden. Swaps made: {self.swaps}; row reversals made: {self.reversals}."

    def reference_answer(self) -> list[list[int]]:
        n = len(self.grid)
        return [[self.grid[n - 1 - c][r] for c in range(n)] for r in range(n)]

    def source_args(self) -> tuple[list[list[int]]]:
        return ([list(r) for r in self.grid],)

    def check_cell(self, row: int, col: int) -> None:
        n = len(self.m)
        if not (0 <= row < n and 0 <= col < n):
            raise ToolError(f"cell ({row}, {col}) is outside the matrix: rows and columns are 0..{n - 1}")

    @tool
    def GetSize(self) -> int:
        """Return n, the number of rows (and columns) of the matrix."""
        return len(self.m)

    @tool
    def SwapCells(self, row1: int, col1: int, row2: int, col2: int) -> int:
        """Swap the values of two cells of the matrix; returns the number of swaps made so far.

        Args:
            row1: zero-based row of the first cell.
            col1: zero-based column of the first cell.
            row2: zero-based row of the second cell.
            col2: zero-based column of the second cell.
        """
        self.check_cell(row1, col1)
        self.check_cell(row2, col2)
        self.m[row1][col1], self.m[row2][col2] = self.m[row2][col2], self.m[row1][col1]
        self.swaps += 1
        return self.swaps

    @tool
    def ReverseRow(self, row: int) -> int:
        """Reverse the order of the values in one row; returns the number of reversals made so far.

        Args:
            row: zero-based row.
        """
        self.check_cell(row, 0)
        self.m[row].reverse()
        self.reversals += 1
        return self.reversals

    @tool
    def GetRow(self, row: int) -> list[int]:
        """Return one row of the matrix in its current state.

        Args:
            row: zero-based row.
        """
        self.check_cell(row, 0)
        return list(self.m[row])

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetSize()
        for r in range(n):
            for c in range(r + 1, n):
                env.SwapCells(row1=r, col1=c, row2=c, col2=r)
        for r in range(n):
            env.ReverseRow(row=r)
        env.Done(answer=[env.GetRow(row=r) for r in range(n)])
