"""Number of islands: count 4-connected groups of land in a hidden 0/1 grid by flood fill."""

from __future__ import annotations

import random
from collections import deque

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import GridEnv

SIZES = {"easy": ((3, 4), (3, 5)), "medium": ((5, 6), (5, 7)), "hard": ((7, 8), (8, 9))}


def solve(grid: list[list[int]]) -> int:
    """Independent reference: union-find over land cells, counting successful merges."""
    cols = len(grid[0])
    parent = {r * cols + c: r * cols + c for r, row in enumerate(grid) for c, v in enumerate(row) if v == 1}

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    groups = len(parent)
    for cell in list(parent):
        r, c = divmod(cell, cols)
        for other in ((r + 1) * cols + c if r + 1 < len(grid) else -1, cell + 1 if c + 1 < cols else -1):
            if other in parent and find(cell) != find(other):
                parent[find(cell)] = find(other)
                groups -= 1
    return groups


class NumberOfIslandsEnv(GridEnv):
    """A rectangular grid of 0s (water) and 1s (land) is hidden. An island is a group of land cells joined
    horizontally or vertically (not diagonally). Count the islands. The answer is an integer."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: number of islands (LeetCode 200)", license="original", split="test",
                   tags=("grid", "flood fill", "graph"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        land = rng.uniform(0.3, 0.55)
        return cls.Config(grid=[[int(rng.random() < land) for _ in range(cols)] for _ in range(rows)])

    def setup(self) -> None:
        self.visited: set[tuple[int, int]] = set()
        self.islands = 0

    def observe(self) -> str:
        g = self.config.grid
        return (f"A {len(g)}x{len(g[0])} grid of water and land is hidden. Land cells visited: {len(self.visited)}; "
                f"islands counted: {self.islands}.")

    def reference_answer(self) -> int:
        g = self.config.grid
        seen, count = set(), 0
        for r, row in enumerate(g):
            for c, v in enumerate(row):
                if v != 1 or (r, c) in seen:
                    continue
                count += 1
                seen.add((r, c))
                queue = deque([(r, c)])
                while queue:
                    y, x = queue.popleft()
                    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                        if 0 <= ny < len(g) and 0 <= nx < len(row) and g[ny][nx] == 1 and (ny, nx) not in seen:
                            seen.add((ny, nx))
                            queue.append((ny, nx))
        return count

    @tool
    def GetCell(self, row: int, col: int) -> int:
        """Return one cell of the grid: 1 for land, 0 for water.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        return self.config.grid[row][col]

    @tool
    def IsVisited(self, row: int, col: int) -> bool:
        """Whether a cell has already been marked as visited.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        return (row, col) in self.visited

    @tool
    def MarkVisited(self, row: int, col: int) -> bool:
        """Mark a land cell as visited. Returns true if it was newly marked, false if it was already visited.

        Args:
            row: zero-based row index of a land cell.
            col: zero-based column index of a land cell.
        """
        self.check_cell(row, col)
        if self.config.grid[row][col] != 1:
            raise ToolError(f"cell ({row}, {col}) is water; only land cells can be visited")
        if (row, col) in self.visited:
            return False
        self.visited.add((row, col))
        return True

    @tool
    def AddIsland(self) -> int:
        """Add one to the island counter; returns the new count."""
        self.islands += 1
        return self.islands

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        rows, cols = env.GetRows(), env.GetCols()
        grid = [[env.GetCell(row=r, col=c) for c in range(cols)] for r in range(rows)]
        marked: set[tuple[int, int]] = set()  # mirrors the env's marks so each land cell is marked once
        count = 0
        for r in range(rows):
            for c in range(cols):
                if grid[r][c] != 1 or env.IsVisited(row=r, col=c):
                    continue
                count = env.AddIsland()
                env.MarkVisited(row=r, col=c)
                marked.add((r, c))
                stack = [(r, c)]
                while stack:  # depth-first flood fill of this island
                    y, x = stack.pop()
                    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                        if 0 <= ny < rows and 0 <= nx < cols and grid[ny][nx] == 1 and (ny, nx) not in marked:
                            env.MarkVisited(row=ny, col=nx)
                            marked.add((ny, nx))
                            stack.append((ny, nx))
        env.Done(answer=count)
