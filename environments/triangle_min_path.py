"""Triangle minimum path sum: bottom-up DP over a hidden number triangle, one cell at a time."""

from __future__ import annotations

import random
from itertools import product

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import DPTableMixin

SIZES = {"easy": (3, 4), "medium": (5, 6), "hard": (7, 9)}


def solve(triangle: list[list[int]]) -> int:
    """Independent reference: walk every top-to-bottom path (each step goes down-left or down-right)."""
    best = None
    for moves in product((0, 1), repeat=len(triangle) - 1):
        col, total = 0, triangle[0][0]
        for r, step in enumerate(moves, start=1):
            col += step
            total += triangle[r][col]
        best = total if best is None else min(best, total)
    return best


class TriangleMinPathEnv(DPTableMixin):
    """A number triangle is hidden: row r (0-based) holds r + 1 integers. Start at the top and move to an
    adjacent number of the row below each step: from (row, col) to (row + 1, col) or (row + 1, col + 1).
    Find the smallest possible sum of the numbers on a path from the top to the bottom row. The answer is an
    integer. Tools keep a table best(row, col): the smallest sum of a path from that cell down to the bottom."""

    class Config(BaseModel):
        triangle: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: triangle (LeetCode 120)", license="original", split="train",
                   tags=("dp",))
    source_solution = staticmethod(solve)
    missing_message = "record best for cell(s) {cells} with SetBest first (work from the bottom up)"
    unrecorded_message = "no best recorded for cell ({row}, {col}) yet"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        lo = rng.choice((-9, 0, 1))
        return cls.Config(triangle=[[rng.randint(lo, 20) for _ in range(r + 1)] for r in range(n)])

    def observe(self) -> str:
        n = len(self.config.triangle)
        return f"A triangle of {n} rows is hidden. Table cells recorded: {len(self.table)} of {n * (n + 1) // 2}."

    def reference_answer(self) -> int:
        below = list(self.config.triangle[-1])
        for row in reversed(self.config.triangle[:-1]):
            below = [v + min(below[c], below[c + 1]) for c, v in enumerate(row)]
        return below[0]

    def source_args(self) -> tuple[list[list[int]]]:
        return ([list(r) for r in self.config.triangle],)

    def _cell(self, row: int, col: int) -> None:
        n = len(self.config.triangle)
        if not (0 <= row < n and 0 <= col <= row):
            raise ToolError(f"cell ({row}, {col}) is outside the triangle: 0 <= row < {n}, 0 <= col <= row")

    @tool
    def GetRowCount(self) -> int:
        """Return the number of rows of the triangle."""
        return len(self.config.triangle)

    @tool
    def GetNumber(self, row: int, col: int) -> int:
        """Return the number in one cell of the triangle.

        Args:
            row: zero-based row, 0 <= row < row count.
            col: zero-based column, 0 <= col <= row.
        """
        self._cell(row, col)
        return self.config.triangle[row][col]

    @tool
    def BestBelow(self, row: int, col: int) -> int:
        """Return min(best(row + 1, col), best(row + 1, col + 1)), the better of the two cells below; 0 for a
        cell in the bottom row. Both cells below must already be recorded with SetBest.

        Args:
            row: zero-based row.
            col: zero-based column, 0 <= col <= row.
        """
        self._cell(row, col)
        if row == len(self.config.triangle) - 1:
            return 0
        return min(self.recorded_values([(row + 1, col), (row + 1, col + 1)]))

    @tool
    def SetBest(self, row: int, col: int, value: int) -> int:
        """Record best(row, col), the smallest path sum from that cell to the bottom; returns how many cells are recorded.

        Args:
            row: zero-based row.
            col: zero-based column, 0 <= col <= row.
            value: the smallest sum of a path from this cell down to the bottom row, this cell included.
        """
        self._cell(row, col)
        self.table[row, col] = value
        return len(self.table)

    @tool
    def GetBest(self, row: int, col: int) -> int:
        """Return the recorded best(row, col).

        Args:
            row: zero-based row.
            col: zero-based column, 0 <= col <= row.
        """
        self._cell(row, col)
        return self.recorded(row, col)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetRowCount()
        for r in range(n - 1, -1, -1):  # bottom row first, so the cells below are always recorded
            for c in range(r + 1):
                env.SetBest(row=r, col=c, value=env.GetNumber(row=r, col=c) + env.BestBelow(row=r, col=c))
        env.Done(answer=env.GetBest(row=0, col=0))
