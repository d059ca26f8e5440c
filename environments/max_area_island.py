"""Max area of island: flood-fill each island of a hidden 0/1 grid and keep the largest size."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import GridEnv

SIZES = {"easy": ((3, 4), (4, 4)), "medium": ((5, 6), (5, 7)), "hard": ((7, 8), (8, 9))}


def solve(grid: list[list[int]]) -> int:
    """Independent reference: union-find over land cells, then the largest group."""
    rows, cols = len(grid), len(grid[0])
    parent = list(range(rows * cols))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in range(rows):
        for c in range(cols):
            if grid[r][c]:
                for nr, nc in ((r + 1, c), (r, c + 1)):
                    if nr < rows and nc < cols and grid[nr][nc]:
                        parent[find(r * cols + c)] = find(nr * cols + nc)
    sizes: dict[int, int] = {}
    for r in range(rows):
        for c in range(cols):
            if grid[r][c]:
                root = find(r * cols + c)
                sizes[root] = sizes.get(root, 0) + 1
    return max(sizes.values(), default=0)


class MaxAreaOfIslandEnv(GridEnv):
    """A rectangular grid of 0s (water) and 1s (land) is hidden. An island is a group of land cells joined
    horizontally or vertically; its area is its number of cells. Find the largest island area (0 if there is
    no land). The answer is an integer. Tools read cells, mark cells visited, and count the cells marked since
    the last StartIsland call."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: max area of island (LeetCode 695)", license="original", split="train",
                   tags=("grid", "flood fill", "dfs"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        density = rng.choice((0.3, 0.4, 0.5))
        return cls.Config(grid=[[int(rng.random() < density) for _ in range(cols)] for _ in range(rows)])

    def setup(self) -> None:
        self.visited: set[tuple[int, int]] = set()
        self.islands = 0
        self.current = 0

    def observe(self) -> str:
        g = self.config.grid
        return (f"A {len(g)}x{len(g[0])} grid is hidden. Cells visited: {len(self.visited)}; islands started: "
                f"{self.islands}; cells in the current island: {self.current}.")

    def reference_answer(self) -> int:
        g = self.config.grid
        seen: set[tuple[int, int]] = set()
        best = 0
        for r, row in enumerate(g):
            for c, v in enumerate(row):
                if v and (r, c) not in seen:
                    seen.add((r, c))
                    stack, size = [(r, c)], 0
                    while stack:
                        y, x = stack.pop()
                        size += 1
                        for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                            if 0 <= ny < len(g) and 0 <= nx < len(row) and g[ny][nx] and (ny, nx) not in seen:
                                seen.add((ny, nx))
                                stack.append((ny, nx))
                    best = max(best, size)
        return best

    @tool
    def GetCell(self, row: int, col: int) -> int:
        """Return 1 if a cell is land, 0 if it is water.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        return self.config.grid[row][col]

    @tool
    def IsVisited(self, row: int, col: int) -> bool:
        """Return whether a cell has been marked visited.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        return (row, col) in self.visited

    @tool
    def StartIsland(self) -> int:
        """Begin counting a new island: the current island's cell count goes back to 0. Returns how many
        islands have been started."""
        self.islands += 1
        self.current = 0
        return self.islands

    @tool
    def MarkVisited(self, row: int, col: int) -> int:
        """Mark an unvisited land cell visited and count it in the current island; returns the current
        island's cell count.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        if not self.config.grid[row][col]:
            raise ToolError(f"cell ({row}, {col}) is water")
        if (row, col) in self.visited:
            raise ToolError(f"cell ({row}, {col}) is already visited")
        if not self.islands:
            raise ToolError("call StartIsland first")
        self.visited.add((row, col))
        self.current += 1
        return self.current

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        rows, cols = env.GetRows(), env.GetCols()
        land: dict[tuple[int, int], bool] = {}

        def is_land(r: int, c: int) -> bool:  # each cell is read at most once
            if (r, c) not in land:
                land[r, c] = env.GetCell(row=r, col=c) == 1
            return land[r, c]

        best, marked = 0, set()
        for r in range(rows):
            for c in range(cols):
                if not is_land(r, c) or env.IsVisited(row=r, col=c):
                    continue
                env.StartIsland()
                size = env.MarkVisited(row=r, col=c)
                marked.add((r, c))
                stack = [(r, c)]
                while stack:  # depth-first flood fill of this island
                    y, x = stack.pop()
                    for ny, nx in ((y + 1, x), (y - 1, x), (y, x + 1), (y, x - 1)):
                        if 0 <= ny < rows and 0 <= nx < cols and (ny, nx) not in marked and is_land(ny, nx):
                            size = env.MarkVisited(row=ny, col=nx)
                            marked.add((ny, nx))
                            stack.append((ny, nx))
                best = max(best, size)
        env.Done(answer=best)
