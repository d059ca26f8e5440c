"""Non-overlapping intervals: sort by end and greedily keep every interval that starts after the last kept end."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (6, 9), "medium": (18, 30), "hard": (50, 75)}


def solve(intervals: list[list[int]]) -> int:
    """Independent reference: O(n^2) dynamic programming over intervals sorted by start (longest chain)."""
    ivs = sorted(intervals)
    best = [1] * len(ivs)
    for i in range(len(ivs)):
        for j in range(i):
            if ivs[j][1] <= ivs[i][0]:
                best[i] = max(best[i], best[j] + 1)
    return len(ivs) - max(best, default=0)


class NonOverlappingIntervalsEnv(Environment):
    """A list of half-open intervals [start, end) with start < end is hidden, in no particular order. Two
    intervals overlap if they share more than an endpoint ([1, 3] and [3, 5] do not overlap). What is the minimum
    number of intervals to remove so that the rest do not overlap? The answer is an integer."""

    class Config(BaseModel):
        intervals: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: non-overlapping intervals (LeetCode 435)", license="original", split="train",
                   tags=("intervals", "greedy", "sorting"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        width = n * rng.randint(2, 4)
        ivs = []
        for _ in range(n):
            s = rng.randint(0, width)
            ivs.append([s, s + rng.randint(1, 8)])
        return cls.Config(intervals=ivs)

    def setup(self) -> None:
        self.intervals = [list(iv) for iv in self.config.intervals]
        self.sorted = False
        self.last_end: int | None = None
        self.kept = self.removed = 0
        self.decided: set[int] = set()

    def observe(self) -> str:
        order = "sorted by end" if self.sorted else "in original order"
        return (f"{len(self.intervals)} intervals are hidden, {order}. Kept: {self.kept}, removed: {self.removed}, "
                f"end of the last kept interval: {self.last_end}.")

    def reference_answer(self) -> int:
        kept, last = 0, None
        for s, e in sorted(self.config.intervals, key=lambda iv: (iv[1], iv[0])):
            if last is None or s >= last:
                kept, last = kept + 1, e
        return len(self.config.intervals) - kept

    def source_args(self) -> tuple[list[list[int]]]:
        return ([list(iv) for iv in self.config.intervals],)

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.intervals):
            raise ToolError(f"index {index} is out of range [0, {len(self.intervals)})")
        if index in self.decided:
            raise ToolError(f"interval {index} was already kept or removed")

    @tool
    def GetCount(self) -> int:
        """Return how many intervals are hidden."""
        return len(self.intervals)

    @tool
    def SortByEnd(self) -> int:
        """Reorder the hidden intervals by end (ties by start); positions follow the new order. Returns the count."""
        if self.decided:
            raise ToolError("sort before keeping or removing intervals")
        self.intervals.sort(key=lambda iv: (iv[1], iv[0]))
        self.sorted = True
        return len(self.intervals)

    @tool
    def CanKeep(self, index: int) -> bool:
        """Whether the interval at a position starts at or after the end of the last kept interval.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self._check(index)
        return self.last_end is None or self.intervals[index][0] >= self.last_end

    @tool
    def Keep(self, index: int) -> int:
        """Keep an interval that does not overlap the last kept one; returns how many are kept.

        Args:
            index: zero-based position of an undecided interval.
        """
        if not self.CanKeep(index):
            raise ToolError(f"interval {index} overlaps the last kept interval")
        self.decided.add(index)
        self.kept += 1
        self.last_end = self.intervals[index][1]
        return self.kept

    @tool
    def Remove(self, index: int) -> int:
        """Remove an interval; returns how many are removed.

        Args:
            index: zero-based position of an undecided interval.
        """
        self._check(index)
        self.decided.add(index)
        self.removed += 1
        return self.removed

    @tool
    def RemovedCount(self) -> int:
        """Return how many intervals have been removed."""
        return self.removed

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetCount()
        env.SortByEnd()
        for i in range(n):
            if env.CanKeep(index=i):
                env.Keep(index=i)
            else:
                env.Remove(index=i)
        env.Done(answer=env.RemovedCount())
