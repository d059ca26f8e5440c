"""Spiral order of a matrix: walk right, down, left, up, turning clockwise at a border or a visited cell."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import GridEnv

SIZES = {"easy": ((3, 3), (3, 4)), "medium": ((4, 5), (4, 6)), "hard": ((6, 7), (7, 8))}
TURNS = [(0, 1), (1, 0), (0, -1), (-1, 0)]  # right, down, left, up


def solve(matrix: list[list[int]]) -> list[int]:
    """Independent reference: take the first row, rotate the rest counter-clockwise, repeat."""
    m, out = [list(r) for r in matrix], []
    while m:
        out += m.pop(0)
        m = [list(r) for r in zip(*m)][::-1]
    return out


class SpiralMatrixEnv(GridEnv):
    """A matrix of integers is hidden. Return all its values in spiral order: start at the top-left cell, go
    right along the first row, then down the last column, left along the last row, up the first column, and so
    on inwards, clockwise, until every cell is taken once. The answer is a list of integers."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = list[int]
    meta = EnvMeta(source="classic: spiral matrix (LeetCode 54)", license="original", split="train",
                   tags=("grid", "simulation"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        return cls.Config(grid=[[rng.randint(-50, 99) for _ in range(cols)] for _ in range(rows)])

    def setup(self) -> None:
        self.visited: set[tuple[int, int]] = set()

    def observe(self) -> str:
        return (f"A {len(self.grid)} x {len(self.grid[0])} matrix is hidden. "
                f"Cells marked visited: {len(self.visited)}.")

    def reference_answer(self) -> list[int]:
        g, out = self.grid, []
        top, bottom, left, right = 0, len(g) - 1, 0, len(g[0]) - 1
        while top <= bottom and left <= right:
            out += [g[top][c] for c in range(left, right + 1)]
            out += [g[r][right] for r in range(top + 1, bottom + 1)]
            if top < bottom and left < right:
                out += [g[bottom][c] for c in range(right - 1, left - 1, -1)]
                out += [g[r][left] for r in range(bottom - 1, top, -1)]
            top, bottom, left, right = top + 1, bottom - 1, left + 1, right - 1
        return out

    @tool
    def GetValue(self, row: int, col: int) -> int:
        """Return the value of a cell.

        Args:
            row: zero-based row.
            col: zero-based column.
        """
        self.check_cell(row, col)
        return self.grid[row][col]

    @tool
    def MarkVisited(self, row: int, col: int) -> int:
        """Mark a cell as visited; returns how many cells are visited.

        Args:
            row: zero-based row.
            col: zero-based column.
        """
        self.check_cell(row, col)
        if (row, col) in self.visited:
            raise ToolError(f"cell ({row}, {col}) is already visited")
        self.visited.add((row, col))
        return len(self.visited)

    @tool
    def CanEnter(self, row: int, col: int) -> bool:
        """Whether a position is inside the matrix and not visited yet.

        Args:
            row: zero-based row (may be outside the matrix).
            col: zero-based column (may be outside the matrix).
        """
        return 0 <= row < len(self.grid) and 0 <= col < len(self.grid[0]) and (row, col) not in self.visited

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        rows, cols = env.GetRows(), env.GetCols()
        r = c = d = 0
        out = []
        for _ in range(rows * cols):
            out.append(env.GetValue(row=r, col=c))
            env.MarkVisited(row=r, col=c)
            if len(out) == rows * cols:
                break
            dr, dc = TURNS[d]
            if not env.CanEnter(row=r + dr, col=c + dc):
                d = (d + 1) % 4
                dr, dc = TURNS[d]
            r, c = r + dr, c + dc
        env.Done(answer=out)
