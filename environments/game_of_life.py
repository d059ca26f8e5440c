"""Game of life, one generation: count each cell's live neighbours and apply the birth/survival rule."""

from __future__ import annotations

import random
from collections import Counter

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import GridEnv

SIZES = {"easy": ((3, 4), (3, 4)), "medium": ((4, 5), (5, 6)), "hard": ((6, 7), (7, 9))}


def solve(grid: list[list[int]]) -> list[list[int]]:
    """Independent reference: count neighbours from the set of live cells."""
    live = {(r, c) for r, row in enumerate(grid) for c, v in enumerate(row) if v}
    counts = Counter((r + dr, c + dc) for r, c in live for dr in (-1, 0, 1) for dc in (-1, 0, 1) if dr or dc)
    return [[int(counts[(r, c)] == 3 or (counts[(r, c)] == 2 and (r, c) in live)) for c in range(len(grid[0]))]
            for r in range(len(grid))]


class GameOfLifeEnv(GridEnv):
    """A grid of cells is hidden; each cell is 1 (live) or 0 (dead). Compute the next generation of Conway's
    Game of Life: a cell's neighbours are the up to 8 cells around it (cells outside the grid count as dead); a
    live cell with 2 or 3 live neighbours stays live, a dead cell with exactly 3 live neighbours becomes live,
    and every other cell is dead next. All cells update at once. The answer is the next grid as a list of rows,
    each a list of 0/1 integers."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = list[list[int]]
    meta = EnvMeta(source="classic: game of life (LeetCode 289)", license="original", split="test",
                   tags=("grid", "simulation"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        p = rng.uniform(0.3, 0.5)
        return cls.Config(grid=[[int(rng.random() < p) for _ in range(cols)] for _ in range(rows)])

    def observe(self) -> str:
        return f"A {len(self.grid)} x {len(self.grid[0])} grid of live (1) and dead (0) cells is hidden."

    def reference_answer(self) -> list[list[int]]:
        g, rows, cols = self.grid, len(self.grid), len(self.grid[0])
        nxt = []
        for r in range(rows):
            row = []
            for c in range(cols):
                n = sum(g[i][j] for i in range(max(0, r - 1), min(rows, r + 2))
                        for j in range(max(0, c - 1), min(cols, c + 2)) if (i, j) != (r, c))
                row.append(1 if n == 3 or (n == 2 and g[r][c]) else 0)
            nxt.append(row)
        return nxt

    @tool
    def GetCell(self, row: int, col: int) -> int:
        """Return a cell of the current generation: 1 if live, 0 if dead.

        Args:
            row: zero-based row.
            col: zero-based column.
        """
        self.check_cell(row, col)
        return self.grid[row][col]

    @tool
    def CountLiveNeighbors(self, row: int, col: int) -> int:
        """Return how many of the up to 8 cells around a cell are live in the current generation.

        Args:
            row: zero-based row.
            col: zero-based column.
        """
        self.check_cell(row, col)
        g = self.grid
        return sum(g[i][j] for i in range(max(0, row - 1), min(len(g), row + 2))
                   for j in range(max(0, col - 1), min(len(g[0]), col + 2)) if (i, j) != (row, col))

    @tool
    def ApplyRule(self, alive: int, neighbors: int) -> int:
        """Return a cell's next state (1 or 0) from its current state and its count of live neighbours.

        Args:
            alive: the cell's current state, 1 (live) or 0 (dead).
            neighbors: its number of live neighbours, 0..8.
        """
        if alive not in (0, 1) or not 0 <= neighbors <= 8:
            raise ToolError("alive must be 0 or 1 and neighbors between 0 and 8")
        return 1 if neighbors == 3 or (neighbors == 2 and alive) else 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        rows, cols = env.GetRows(), env.GetCols()
        nxt = [[env.ApplyRule(alive=env.GetCell(row=r, col=c), neighbors=env.CountLiveNeighbors(row=r, col=c))
                for c in range(cols)] for r in range(rows)]
        env.Done(answer=nxt)
