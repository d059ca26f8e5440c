"""Merge k hidden sorted lists with a min-heap of (value, list) pairs kept by the environment."""

from __future__ import annotations

import heapq
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (3, (5, 7)), "medium": (4, (16, 24)), "hard": (6, (55, 68))}


def solve(lists: list[list[int]]) -> list[int]:
    """Independent reference: merge the lists pairwise, two at a time."""
    merged: list[int] = []
    for lst in lists:
        out, i, j = [], 0, 0
        while i < len(merged) and j < len(lst):
            if merged[i] <= lst[j]:
                out.append(merged[i])
                i += 1
            else:
                out.append(lst[j])
                j += 1
        merged = out + merged[i:] + lst[j:]
    return merged


class MergeKSortedListsEnv(Environment):
    """Several sorted lists of integers (non-decreasing; some may be empty) are hidden. Each list can only be read
    at its head, and the head can be advanced to the next element. Merge all lists into one sorted list. The
    answer is a list of integers in non-decreasing order. A min-heap of (value, list id) pairs is available."""

    class Config(BaseModel):
        lists: list[list[int]]

    answer_type = list[int]
    meta = EnvMeta(source="classic: merge k sorted lists (LeetCode 23)", license="original", split="test",
                   tags=("heap", "merge"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        k, (lo, hi) = SIZES[difficulty]
        total = rng.randint(lo, hi)
        owner = [rng.randrange(k) for _ in range(total)]
        lists = [sorted(rng.randint(-50, 50) for _ in range(owner.count(i))) for i in range(k)]
        return cls.Config(lists=lists)

    def setup(self) -> None:
        self.pos = [0] * len(self.config.lists)
        self.heap: list[tuple[int, int]] = []

    def observe(self) -> str:
        return f"{len(self.config.lists)} sorted lists are hidden. Heap size: {len(self.heap)}."

    def source_args(self) -> tuple[list[list[int]]]:
        return ([list(x) for x in self.config.lists],)

    def reference_answer(self) -> list[int]:
        return list(heapq.merge(*self.config.lists))

    def _check(self, list_id: int) -> None:
        if not 0 <= list_id < len(self.config.lists):
            raise ToolError(f"list_id {list_id} is out of range [0, {len(self.config.lists)})")

    def _head(self, list_id: int) -> int | None:
        lst, p = self.config.lists[list_id], self.pos[list_id]
        return lst[p] if p < len(lst) else None

    @tool
    def GetListCount(self) -> int:
        """Return how many lists there are."""
        return len(self.config.lists)

    @tool
    def GetHead(self, list_id: int) -> int | None:
        """Return the current head of a list, or null if the list is used up.

        Args:
            list_id: zero-based list number.
        """
        self._check(list_id)
        return self._head(list_id)

    @tool
    def Advance(self, list_id: int) -> int | None:
        """Move a list's head to its next element; returns the new head, or null if the list is now used up.

        Args:
            list_id: zero-based list number whose head is not null.
        """
        self._check(list_id)
        if self._head(list_id) is None:
            raise ToolError(f"list {list_id} is already used up")
        self.pos[list_id] += 1
        return self._head(list_id)

    @tool
    def HeapPush(self, value: int, list_id: int) -> int:
        """Push a (value, list id) pair onto the min-heap; returns the heap's new size.

        Args:
            value: the value.
            list_id: the list it came from.
        """
        self._check(list_id)
        heapq.heappush(self.heap, (value, list_id))
        return len(self.heap)

    @tool
    def HeapPop(self) -> list[int]:
        """Remove the smallest pair from the min-heap (ties: smaller list id first); returns [value, list_id]."""
        if not self.heap:
            raise ToolError("the heap is empty")
        return list(heapq.heappop(self.heap))

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        size = 0
        for i in range(env.GetListCount()):
            head = env.GetHead(list_id=i)
            if head is not None:
                size = env.HeapPush(value=head, list_id=i)
        merged: list[int] = []
        while size:
            value, i = env.HeapPop()
            size -= 1
            merged.append(value)
            head = env.Advance(list_id=i)  # the popped value was list i's head
            if head is not None:
                size = env.HeapPush(value=head, list_id=i)
        env.Done(answer=merged)
