"""Insert interval: walk the sorted, disjoint intervals once, copying, absorbing or placing the new one."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (5, 8), "medium": (15, 25), "hard": (40, 60)}


def solve(intervals: list[list[int]], new: list[int]) -> list[list[int]]:
    """Independent reference: add the new interval, sort everything, then merge overlapping neighbours."""
    out: list[list[int]] = []
    for s, e in sorted([list(iv) for iv in intervals] + [list(new)]):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


class InsertIntervalEnv(Environment):
    """A list of closed integer intervals [start, end] is hidden; it is sorted by start and no two of them overlap
    or touch. A new interval is also given. Insert the new interval, merging it with every interval it overlaps
    (intervals that share an endpoint, such as [1, 3] and [3, 5], overlap), so the list stays sorted and
    disjoint. The answer is the resulting list of intervals, each as [start, end], in increasing order."""

    class Config(BaseModel):
        intervals: list[list[int]]
        new: list[int]

    answer_type = list[list[int]]
    meta = EnvMeta(source="classic: insert interval (LeetCode 57)", license="original", split="train",
                   tags=("intervals", "scan"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        intervals, pos = [], rng.randint(0, 5)
        for _ in range(n):
            start = pos + rng.randint(1, 4)
            end = start + rng.randint(0, 4)
            intervals.append([start, end])
            pos = end
        lo = rng.randint(0, pos)
        new = [lo, lo + rng.randint(0, max(2, pos // rng.randint(3, 8)))]
        return cls.Config(intervals=intervals, new=new)

    def setup(self) -> None:
        self.pending = list(self.config.new)
        self.output: list[list[int]] = []

    def observe(self) -> str:
        return (f"{len(self.config.intervals)} sorted disjoint intervals are hidden. New interval: {self.config.new}. "
                f"Output so far: {len(self.output)} intervals; pending new interval: {self.pending}.")

    def reference_answer(self) -> list[list[int]]:
        s, e = self.config.new
        before = [iv for iv in self.config.intervals if iv[1] < s]
        after = [iv for iv in self.config.intervals if iv[0] > e]
        hit = [iv for iv in self.config.intervals if not (iv[1] < s or iv[0] > e)]
        merged = [min([s] + [iv[0] for iv in hit]), max([e] + [iv[1] for iv in hit])]
        return [list(iv) for iv in before] + [merged] + [list(iv) for iv in after]

    def source_args(self) -> tuple[list[list[int]], list[int]]:
        return ([list(iv) for iv in self.config.intervals], list(self.config.new))

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.config.intervals):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.intervals)})")

    @tool
    def GetCount(self) -> int:
        """Return how many intervals the hidden list holds."""
        return len(self.config.intervals)

    @tool
    def GetInterval(self, index: int) -> list[int]:
        """Return the interval at a position of the sorted list, as [start, end].

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self._check(index)
        return list(self.config.intervals[index])

    @tool
    def GetNewInterval(self) -> list[int]:
        """Return the pending new interval [start, end], grown by every AbsorbInterval so far."""
        return list(self.pending)

    @tool
    def AbsorbInterval(self, index: int) -> list[int]:
        """Merge an interval of the list that overlaps the pending new interval into it; returns the pending interval.

        Args:
            index: zero-based position of an interval that overlaps (or touches) the pending interval.
        """
        self._check(index)
        s, e = self.config.intervals[index]
        if e < self.pending[0] or s > self.pending[1]:
            raise ToolError(f"interval {[s, e]} does not overlap the pending interval {self.pending}")
        self.pending = [min(s, self.pending[0]), max(e, self.pending[1])]
        return list(self.pending)

    @tool
    def EmitInterval(self, start: int, end: int) -> int:
        """Append an interval to the output list; returns the output's length.

        Args:
            start: the interval's start; it must come after the end of the last emitted interval.
            end: the interval's end, >= start.
        """
        if end < start:
            raise ToolError(f"end {end} is before start {start}")
        if self.output and start <= self.output[-1][1]:
            raise ToolError(f"[{start}, {end}] overlaps the last emitted interval {self.output[-1]}")
        self.output.append([start, end])
        return len(self.output)

    @tool
    def GetOutput(self) -> list[list[int]]:
        """Return the output list emitted so far."""
        return [list(iv) for iv in self.output]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetCount()
        pending = env.GetNewInterval()
        placed = False
        for i in range(n):
            s, e = env.GetInterval(index=i)
            if e < pending[0]:
                env.EmitInterval(start=s, end=e)
            elif s > pending[1]:
                if not placed:
                    env.EmitInterval(start=pending[0], end=pending[1])
                    placed = True
                env.EmitInterval(start=s, end=e)
            else:
                pending = env.AbsorbInterval(index=i)
        if not placed:
            env.EmitInterval(start=pending[0], end=pending[1])
        env.Done(answer=env.GetOutput())
