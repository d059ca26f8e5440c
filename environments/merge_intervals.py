"""Merge intervals: sort the hidden intervals by start, then sweep, growing the current block or opening a new one."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

# (interval count range, spread of start points per interval, longest interval)
SIZES = {"easy": ((3, 7), 4, 5), "medium": ((10, 25), 5, 6), "hard": ((50, 100), 6, 7)}


def solve(intervals: list[list[int]]) -> int:
    """Independent reference: merge any two overlapping blocks until no pair overlaps."""
    blocks = [list(iv) for iv in intervals]
    merged = True
    while merged:
        merged = False
        for i in range(len(blocks)):
            for j in range(i + 1, len(blocks)):
                (a, b), (c, d) = blocks[i], blocks[j]
                if a <= d and c <= b:
                    blocks[i] = [min(a, c), max(b, d)]
                    del blocks[j]
                    merged = True
                    break
            if merged:
                break
    return len(blocks)


class MergeIntervalsEnv(Environment):
    """A list of closed integer intervals [start, end] (start <= end, in no particular order) is hidden. Merge
    every pair of overlapping intervals, repeatedly, until none overlap; intervals that only touch, such as
    [1, 3] and [3, 5], overlap too. How many intervals are left? The answer is an integer."""

    class Config(BaseModel):
        intervals: list[tuple[int, int]]

    answer_type = int
    meta = EnvMeta(source="classic: merge intervals (LeetCode 56)", license="original", split="test",
                   tags=("sorting", "intervals"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), spread, longest = SIZES[difficulty]
        n = rng.randint(lo, hi)
        width = n * rng.randint(1, spread)  # a wide range leaves gaps, a narrow one merges nearly everything
        starts = [rng.randint(0, width) for _ in range(n)]
        return cls.Config(intervals=[(s, s + rng.randint(0, longest)) for s in starts])

    def setup(self) -> None:
        self.intervals = [tuple(iv) for iv in self.config.intervals]  # SortByStart reorders this copy only
        self.sorted = False
        self.blocks = 0
        self.last_start: int | None = None
        self.block_end: int | None = None

    def observe(self) -> str:
        order = "sorted by start" if self.sorted else "in original order"
        return f"{len(self.intervals)} intervals are hidden, {order}. Merged blocks so far: {self.blocks}."

    def reference_answer(self) -> int:
        count, end = 0, None
        for s, e in sorted(self.config.intervals):
            if end is None or s > end:
                count, end = count + 1, e
            else:
                end = max(end, e)
        return count

    def source_args(self) -> tuple[list[list[int]]]:
        return ([list(iv) for iv in self.config.intervals],)

    @tool
    def GetCount(self) -> int:
        """Return how many intervals are hidden."""
        return len(self.intervals)

    @tool
    def GetInterval(self, index: int) -> list[int]:
        """Return the interval at a position of the list (after SortByStart, positions follow the sorted order).

        Args:
            index: zero-based position, 0 <= index < count.
        """
        if not 0 <= index < len(self.intervals):
            raise ToolError(f"index {index} is out of range [0, {len(self.intervals)})")
        return list(self.intervals[index])

    @tool
    def SortByStart(self) -> int:
        """Reorder the hidden list by start (ties by end), so GetInterval walks it left to right. Returns the count."""
        self.intervals.sort()
        self.sorted = True
        return len(self.intervals)

    @tool
    def AddToSweep(self, start: int, end: int) -> int:
        """Sweep step: add an interval, in order of start. If it overlaps the current block it extends it,
        otherwise it opens a new block. Returns the number of blocks so far.

        Args:
            start: the interval's start; must be >= the start added before it.
            end: the interval's end, >= start.
        """
        if end < start:
            raise ToolError(f"end {end} is before start {start}")
        if self.last_start is not None and start < self.last_start:
            raise ToolError(f"intervals must be added in order of start: {start} < previous start {self.last_start}")
        if self.block_end is None or start > self.block_end:
            self.blocks += 1
            self.block_end = end
        else:
            self.block_end = max(self.block_end, end)
        self.last_start = start
        return self.blocks

    @tool
    def BlockCount(self) -> int:
        """Return the number of merged blocks the sweep has formed so far."""
        return self.blocks

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetCount()
        env.SortByStart()
        for i in range(n):
            start, end = env.GetInterval(index=i)
            env.AddToSweep(start=start, end=end)
        env.Done(answer=env.BlockCount())
