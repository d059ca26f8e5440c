"""K-th largest element: stream the hidden list through a size-k min-heap the agent manages."""

from __future__ import annotations

import heapq
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

# (list length range, largest k, largest value); small value ranges give duplicates
SIZES = {"easy": ((4, 8), 3, 20), "medium": ((15, 25), 6, 60), "hard": ((40, 60), 10, 200)}


def solve(nums: list[int], k: int) -> int:
    """Independent reference: sort in descending order and index."""
    return sorted(nums, reverse=True)[k - 1]


class KthLargestEnv(SequenceEnv):
    """A list of integers and a number k are hidden. Return the k-th largest element of the list in sorted
    order (duplicates count separately, so in [5, 5, 3] the 2nd largest is 5). The answer is an integer.
    Tools keep a min-heap you can use to hold the k largest values seen so far."""

    class Config(BaseModel):
        nums: list[int]
        k: int

    sequence_field = "nums"
    answer_type = int
    meta = EnvMeta(source="classic: kth largest element in an array (LeetCode 215)", license="original",
                   split="train", tags=("heap", "selection", "array"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), kmax, top = SIZES[difficulty]
        n = rng.randint(lo, hi)
        nums = [rng.randint(-top // 4, top) for _ in range(n)]
        return cls.Config(nums=nums, k=rng.randint(1, min(kmax, n)))

    def setup(self) -> None:
        self.heap: list[int] = []

    def observe(self) -> str:
        return f"{len(self.config.nums)} integers are hidden. The min-heap holds {len(self.heap)} value(s)."

    def reference_answer(self) -> int:
        heap: list[int] = []
        for v in self.config.nums:
            if len(heap) < self.config.k:
                heapq.heappush(heap, v)
            elif v > heap[0]:
                heapq.heapreplace(heap, v)
        return heap[0]

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.nums), self.config.k)

    def _nonempty(self) -> None:
        if not self.heap:
            raise ToolError("the heap is empty: push a value first")

    @tool
    def GetK(self) -> int:
        """Return k: which largest element is asked for (1 means the maximum)."""
        return self.config.k

    @tool
    def HeapPush(self, value: int) -> int:
        """Push a value onto the min-heap; returns how many values the heap holds now.

        Args:
            value: the integer to push, usually an element of the list.
        """
        heapq.heappush(self.heap, value)
        return len(self.heap)

    @tool
    def HeapPop(self) -> int:
        """Remove the smallest value from the heap and return it."""
        self._nonempty()
        return heapq.heappop(self.heap)

    @tool
    def HeapTop(self) -> int:
        """Return the smallest value in the heap without removing it."""
        self._nonempty()
        return self.heap[0]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, k = env.GetLength(), env.GetK()
        for i in range(n):
            if env.HeapPush(value=env.GetElement(index=i)) > k:  # keep only the k largest seen so far
                env.HeapPop()
        env.Done(answer=env.HeapTop())
