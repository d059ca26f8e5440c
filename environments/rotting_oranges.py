"""Rotting oranges: multi-source breadth-first search, spreading rot from one orange at a time."""

from __future__ import annotations

import random
from collections import deque

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import GridEnv

SIZES = {"easy": ((3, 4), (3, 5)), "medium": ((5, 6), (5, 7)), "hard": ((7, 8), (8, 9))}
STEPS = ((1, 0), (-1, 0), (0, 1), (0, -1))


def solve(grid: list[list[int]]) -> int:
    """Independent reference: simulate minute by minute on a copy of the grid until nothing changes."""
    g = [list(row) for row in grid]
    minutes = 0
    while True:
        spread = [(r, c) for r, row in enumerate(g) for c, v in enumerate(row) if v == 1 and any(
            0 <= r + dr < len(g) and 0 <= c + dc < len(row) and g[r + dr][c + dc] == 2 for dr, dc in STEPS)]
        if not spread:
            break
        for r, c in spread:
            g[r][c] = 2
        minutes += 1
    return -1 if any(1 in row for row in g) else minutes


class RottingOrangesEnv(GridEnv):
    """A rectangular grid is hidden: each cell is 0 (empty), 1 (a fresh orange) or 2 (a rotten orange). Every
    minute, each fresh orange next to a rotten one (up, down, left or right) becomes rotten. Return the number
    of minutes until no fresh orange is left, or -1 if some fresh orange never rots. The answer is an integer.
    Tools let you spread rot from one rotten orange at a time, recording the minute each orange rots."""

    class Config(BaseModel):
        grid: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: rotting oranges (LeetCode 994)", license="original", split="train",
                   tags=("grid", "bfs", "graph"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (rlo, rhi), (clo, chi) = SIZES[difficulty]
        rows, cols = rng.randint(rlo, rhi), rng.randint(clo, chi)
        empty, rotten = rng.uniform(0.05, 0.22), rng.uniform(0.03, 0.12)
        grid = [[0 if (x := rng.random()) < empty else 2 if x < empty + rotten else 1 for _ in range(cols)]
                for _ in range(rows)]
        if not any(2 in row for row in grid):  # at least one source, so the answer is rarely a trivial -1
            grid[rng.randrange(rows)][rng.randrange(cols)] = 2
        if rng.random() < 0.2:  # wall off one fresh orange: the answer becomes -1
            r, c = rng.randrange(rows), rng.randrange(cols)
            grid[r][c] = 1
            for dr, dc in STEPS:
                if 0 <= r + dr < rows and 0 <= c + dc < cols:
                    grid[r + dr][c + dc] = 0
        return cls.Config(grid=grid)

    def setup(self) -> None:
        g = self.config.grid
        self.minute = {(r, c): 0 for r, row in enumerate(g) for c, v in enumerate(row) if v == 2}
        self.spread: set[tuple[int, int]] = set()

    def observe(self) -> str:
        g = self.config.grid
        return (f"A {len(g)}x{len(g[0])} grid of oranges is hidden. Rotten oranges: {len(self.minute)}; "
                f"rot spread from {len(self.spread)} of them.")

    def reference_answer(self) -> int:
        g = self.config.grid
        time = {(r, c): 0 for r, row in enumerate(g) for c, v in enumerate(row) if v == 2}
        queue = deque(time)
        while queue:
            r, c = queue.popleft()
            for nr, nc in ((r + dr, c + dc) for dr, dc in STEPS):
                if 0 <= nr < len(g) and 0 <= nc < len(g[0]) and g[nr][nc] == 1 and (nr, nc) not in time:
                    time[nr, nc] = time[r, c] + 1
                    queue.append((nr, nc))
        if any(v == 1 and (r, c) not in time for r, row in enumerate(g) for c, v in enumerate(row)):
            return -1
        return max(time.values(), default=0)

    def _state(self, row: int, col: int) -> int:
        return 2 if (row, col) in self.minute else self.config.grid[row][col]

    @tool
    def GetCell(self, row: int, col: int) -> int:
        """Return the current state of a cell: 0 empty, 1 fresh orange, 2 rotten orange.

        Args:
            row: zero-based row index.
            col: zero-based column index.
        """
        self.check_cell(row, col)
        return self._state(row, col)

    @tool
    def Spread(self, row: int, col: int) -> list[list[int]]:
        """Rot the fresh neighbours (up, down, left, right) of a rotten orange one minute after it rotted.
        Each rotten orange spreads once; spread them in the order they rotted. Returns the newly rotten cells as
        [row, col] pairs.

        Args:
            row: zero-based row index of a rotten orange.
            col: zero-based column index of a rotten orange.
        """
        self.check_cell(row, col)
        if (row, col) not in self.minute:
            raise ToolError(f"cell ({row}, {col}) is not a rotten orange")
        if (row, col) in self.spread:
            raise ToolError(f"the orange at ({row}, {col}) has already spread its rot")
        self.spread.add((row, col))
        rotted = []
        for nr, nc in ((row + dr, col + dc) for dr, dc in STEPS):
            if 0 <= nr < len(self.grid) and 0 <= nc < len(self.grid[0]) and self._state(nr, nc) == 1:
                self.minute[nr, nc] = self.minute[row, col] + 1
                rotted.append([nr, nc])
        return rotted

    @tool
    def GetRotMinute(self, row: int, col: int) -> int:
        """Return the minute at which a rotten orange rotted (0 for oranges rotten from the start).

        Args:
            row: zero-based row index of a rotten orange.
            col: zero-based column index of a rotten orange.
        """
        self.check_cell(row, col)
        if (row, col) not in self.minute:
            raise ToolError(f"cell ({row}, {col}) is not a rotten orange")
        return self.minute[row, col]

    @tool
    def CountFresh(self) -> int:
        """Return how many fresh oranges are left."""
        return sum(self._state(r, c) == 1 for r in range(len(self.grid)) for c in range(len(self.grid[0])))

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        rows, cols = env.GetRows(), env.GetCols()
        queue = deque((r, c) for r in range(rows) for c in range(cols) if env.GetCell(row=r, col=c) == 2)
        last = None
        while queue:  # first in, first out: oranges spread in the order they rotted
            last = queue.popleft()
            queue.extend(tuple(cell) for cell in env.Spread(row=last[0], col=last[1]))
        if env.CountFresh() > 0:
            env.Done(answer=-1)
        else:
            env.Done(answer=env.GetRotMinute(row=last[0], col=last[1]) if last else 0)
