"""Shortest path in a grid maze: breadth-first search with a queue the agent fills through tools."""

from __future__ import annotations

import random
from collections import deque

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import GridEnv

SIZES = {"easy": ((3, 4), (3, 5)), "medium": ((4, 6), (5, 6)), "hard": ((6, 7), (7, 8))}
STEPS = ((1, 0), (-1, 0), (0, 1), (0, -1))


def solve(grid: list[list[int]]) -> int:
    """Independent reference: relax each open cell from its neighbours until nothing changes (Bellman-Ford)."""
    rows, cols = len(grid), len(grid[0])
    inf = rows * cols  # longer than any simple path
    dist = {(r, c): inf for r in range(rows) for c in range(cols) if grid[r][c] == 0}
    if (0, 0) in dist:
        dist[0, 0] = 0
    changed = True
    while changed:
        changed = False
        for (r, c), d in dist.items():
            best = min([dist.get((r + dr, c + dc), inf) + 1 for dr, dc in STEPS] + [d])
            if best < d:
                dist[r, c], changed = best, True
    end = dist.get((rows - 1, cols - 1), inf)
    return end if end < inf else -1


class GridShortestPathEnv(GridEnv):
    """A rectangular maze is hidden: each cell is 0 (open) or 1 (wall). Starting at the top-left cell, you may
    move up, down, left or right into open cells. Return the minimum number of moves needed to reach the
    bottom-right cell, or -1 if it cannot be reached (or a corner is a wall). The answer is an integer."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: shortest path in a binary matrix, 4-directional (LeetCode 1091 variant)",
                   license="original", split="train", tags=("grid", "bfs", "graph"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        walls = rng.uniform(0.2, 0.4)
        grid = [[int(rng.random() < walls) for _ in range(cols)] for _ in range(rows)]
        mode = rng.choice(["walk", "walk", "random", "cut"])
        if mode == "walk":  # carve a wandering corridor so the target is surely reachable
            r = c = 0
            while (r, c) != (rows - 1, cols - 1):
                grid[r][c] = 0
                dr, dc = rng.choice([(1, 0), (0, 1)]) if rng.random() < 0.6 else rng.choice(STEPS)
                r, c = min(max(r + dr, 0), rows - 1), min(max(c + dc, 0), cols - 1)
        elif mode == "cut":  # a wall along one anti-diagonal separates the corners: the answer is -1
            k = rng.randint(2, rows + cols - 4)
            for r in range(rows):
                if 0 <= k - r < cols:
                    grid[r][k - r] = 1
        grid[0][0] = grid[-1][-1] = 0
        return cls.Config(grid=grid)

    def setup(self) -> None:
        self.queue: deque[tuple[int, int, int]] = deque()
        self.discovered: set[tuple[int, int]] = set()

    def observe(self) -> str:
        g = self.config.grid
        return (f"A {len(g)}x{len(g[0])} maze is hidden. Cells discovered: {len(self.discovered)}; "
                f"queue length: {len(self.queue)}.")

    def reference_answer(self) -> int:
        g = self.config.grid
        rows, cols = len(g), len(g[0])
        if g[0][0] or g[-1][-1]:
            return -1
        dist, queue = {(0, 0): 0}, deque([(0, 0)])
        while queue:
            r, c = queue.popleft()
            for dr, dc in STEPS:
                nr, nc = r + dr, c + dc
                if 0 <= nr < rows and 0 <= nc < cols and g[nr][nc] == 0 and (nr, nc) not in dist:
                    dist[nr, nc] = dist[r, c] + 1
                    queue.append((nr, nc))
        return dist.get((rows - 1, cols - 1), -1)

    @tool
    def IsOpen(self, row: int, col: int) -> bool:
        """Whether a cell is open (true) or a wall (false).

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        return self.config.grid[row][col] == 0

    @tool
    def Push(self, row: int, col: int, dist: int) -> int:
        """Discover an open cell and append it to the back of the queue with its distance; returns the queue length.
        Each cell can be discovered only once.

        Args:
            row: zero-based row index of an open cell.
            col: zero-based column index of an open cell.
            dist: number of moves from the start to this cell (not negative).
        """
        self.check_cell(row, col)
        if self.config.grid[row][col] != 0:
            raise ToolError(f"cell ({row}, {col}) is a wall and cannot be entered")
        if (row, col) in self.discovered:
            raise ToolError(f"cell ({row}, {col}) was already discovered")
        if dist < 0:
            raise ToolError("dist cannot be negative")
        self.discovered.add((row, col))
        self.queue.append((row, col, dist))
        return len(self.queue)

    @tool
    def Pop(self) -> dict[str, int] | None:
        """Remove the cell at the front of the queue; returns its row, col and dist, or null if the queue is empty."""
        if not self.queue:
            return None
        row, col, dist = self.queue.popleft()
        return {"row": row, "col": col, "dist": dist}

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        rows, cols = env.GetRows(), env.GetCols()
        checked = {(0, 0)}  # cells whose IsOpen was asked: each is asked once, and open ones pushed at once
        if env.IsOpen(row=0, col=0):
            env.Push(row=0, col=0, dist=0)
        answer = -1
        while (item := env.Pop()) is not None:
            r, c, d = item["row"], item["col"], item["dist"]
            if (r, c) == (rows - 1, cols - 1):  # BFS pops cells in order of distance
                answer = d
                break
            for dr, dc in STEPS:
                nr, nc = r + dr, c + dc
                if 0 <= nr < rows and 0 <= nc < cols and (nr, nc) not in checked:
                    checked.add((nr, nc))
                    if env.IsOpen(row=nr, col=nc):
                        env.Push(row=nr, col=nc, dist=d + 1)
        env.Done(answer=answer)
