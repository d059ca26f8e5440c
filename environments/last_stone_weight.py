"""Last stone weight: smash the two heaviest hidden stones again and again, with a max-heap."""

from __future__ import annotations

import heapq
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 6), "medium": (12, 18), "hard": (28, 36)}


def solve(stones: list[int]) -> int:
    """Independent reference: re-sort the list every round."""
    s = sorted(stones)
    while len(s) > 1:
        y, x = s.pop(), s.pop()
        if y != x:
            s.append(y - x)
            s.sort()
    return s[0] if s else 0


class LastStoneWeightEnv(Environment):
    """A pile of stones with hidden positive integer weights is given. Each turn, take the two heaviest stones
    x <= y and smash them: if x == y both are destroyed, otherwise a stone of weight y - x remains. Stop when at
    most one stone is left. Return the weight of the last stone, or 0 if none is left. The answer is an integer.
    A max-heap of weights is available."""

    class Config(BaseModel):
        stones: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: last stone weight (LeetCode 1046)", license="original", split="test",
                   tags=("heap", "simulation"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(stones=[rng.randint(1, 60) for _ in range(n)])

    def setup(self) -> None:
        self.heap: list[int] = []  # negated weights

    def observe(self) -> str:
        return f"{len(self.config.stones)} stones with hidden weights. Heap size: {len(self.heap)}."

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.stones),)

    def reference_answer(self) -> int:
        heap = [-w for w in self.config.stones]
        heapq.heapify(heap)
        while len(heap) > 1:
            y, x = -heapq.heappop(heap), -heapq.heappop(heap)
            if y != x:
                heapq.heappush(heap, -(y - x))
        return -heap[0] if heap else 0

    @tool
    def GetCount(self) -> int:
        """Return the number of stones in the original pile."""
        return len(self.config.stones)

    @tool
    def GetStone(self, index: int) -> int:
        """Return the weight of one stone of the original pile.

        Args:
            index: zero-based stone number, 0 <= index < count.
        """
        if not 0 <= index < len(self.config.stones):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.stones)})")
        return self.config.stones[index]

    @tool
    def HeapPush(self, weight: int) -> int:
        """Push a stone weight onto the max-heap; returns the heap's new size.

        Args:
            weight: a positive weight.
        """
        if weight <= 0:
            raise ToolError("weights must be positive")
        heapq.heappush(self.heap, -weight)
        return len(self.heap)

    @tool
    def HeapPopMax(self) -> int:
        """Remove the heaviest weight from the max-heap and return it."""
        if not self.heap:
            raise ToolError("the heap is empty")
        return -heapq.heappop(self.heap)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        size = 0
        for i in range(env.GetCount()):
            size = env.HeapPush(weight=env.GetStone(index=i))
        while size > 1:
            y = env.HeapPopMax()
            x = env.HeapPopMax()
            size -= 2
            if y != x:
                size = env.HeapPush(weight=y - x)
        env.Done(answer=env.HeapPopMax() if size else 0)
