"""Meeting rooms II: sort the meetings by start and keep a min-heap of end times, one per room in use."""

from __future__ import annotations

import heapq
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (5, 8), "medium": (14, 22), "hard": (32, 45)}


def solve(meetings: list[list[int]]) -> int:
    """Independent reference: the most meetings in progress at any start time."""
    return max((sum(1 for s, e in meetings if s <= t < e) for t, _ in meetings), default=0)


class MeetingRoomsEnv(Environment):
    """A list of meetings is hidden, each a half-open time interval [start, end) with start < end, in no
    particular order. A room can hold one meeting at a time, and a meeting ending at time t frees its room for
    a meeting starting at t. What is the minimum number of rooms needed to hold all meetings? The answer is an
    integer."""

    class Config(BaseModel):
        meetings: list[list[int]]

    answer_type = int
    meta = EnvMeta(source="classic: meeting rooms II (LeetCode 253)", license="original", split="train",
                   tags=("intervals", "heap", "sorting"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        horizon = n * rng.randint(2, 5)
        meetings = []
        for _ in range(n):
            s = rng.randint(0, horizon)
            meetings.append([s, s + rng.randint(1, 12)])
        return cls.Config(meetings=meetings)

    def setup(self) -> None:
        self.meetings = [list(m) for m in self.config.meetings]
        self.heap: list[int] = []

    def observe(self) -> str:
        return f"{len(self.meetings)} meetings are hidden. End times in the heap: {len(self.heap)}."

    def reference_answer(self) -> int:
        heap: list[int] = []
        for s, e in sorted(self.config.meetings):
            if heap and heap[0] <= s:
                heapq.heapreplace(heap, e)
            else:
                heapq.heappush(heap, e)
        return len(heap)

    def source_args(self) -> tuple[list[list[int]]]:
        return ([list(m) for m in self.config.meetings],)

    @tool
    def GetCount(self) -> int:
        """Return how many meetings are hidden."""
        return len(self.meetings)

    @tool
    def SortByStart(self) -> int:
        """Reorder the hidden meetings by start time (ties by end), so GetMeeting walks them in time order.
        Returns the count."""
        self.meetings.sort()
        return len(self.meetings)

    @tool
    def GetMeeting(self, index: int) -> list[int]:
        """Return the meeting at a position of the list, as [start, end].

        Args:
            index: zero-based position, 0 <= index < count.
        """
        if not 0 <= index < len(self.meetings):
            raise ToolError(f"index {index} is out of range [0, {len(self.meetings)})")
        return list(self.meetings[index])

    @tool
    def PushEnd(self, end: int) -> int:
        """Push an end time onto the min-heap; returns the heap's size.

        Args:
            end: the end time of a meeting that now occupies a room.
        """
        heapq.heappush(self.heap, end)
        return len(self.heap)

    @tool
    def PeekEarliestEnd(self) -> int | None:
        """Return the smallest end time in the heap, or null if the heap is empty."""
        return self.heap[0] if self.heap else None

    @tool
    def PopEarliestEnd(self) -> int:
        """Remove the smallest end time from the heap (its room is free again); returns the removed end time."""
        if not self.heap:
            raise ToolError("the heap is empty")
        return heapq.heappop(self.heap)

    @tool
    def HeapSize(self) -> int:
        """Return how many end times the heap holds."""
        return len(self.heap)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetCount()
        env.SortByStart()
        for i in range(n):
            start, end = env.GetMeeting(index=i)
            earliest = env.PeekEarliestEnd() if i else None
            if earliest is not None and earliest <= start:
                env.PopEarliestEnd()  # reuse that room
            env.PushEnd(end=end)
        env.Done(answer=env.HeapSize())
