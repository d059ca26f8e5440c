"""HumanEval/128: the sum of magnitudes of a hidden list times the product of its signs."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 6), "medium": (12, 18), "hard": (26, 34)}


class SignProductMagnitudeEnv(SequenceEnv):
    """A non-empty list of integers is hidden. The sign of a number is 1, -1 or 0. Return the sum of the absolute
    values of all elements multiplied by the product of the signs of all elements. The answer is an integer."""

    class Config(BaseModel):
        arr: list[int]

    sequence_field = "arr"
    answer_type = int
    meta = EnvMeta(source="HumanEval/128", license="MIT (human-eval)", split="train", tags=("math", "scan"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        arr = [rng.choice([-1, 1]) * rng.randint(1, 30) for _ in range(n)]
        if rng.random() < 0.2:
            arr[rng.randrange(n)] = 0
        return cls.Config(arr=arr)

    def observe(self) -> str:
        return f"A list of {len(self.config.arr)} integers is hidden."

    def reference_answer(self) -> int:
        a = self.config.arr
        sign = 0 if 0 in a else (-1) ** sum(v < 0 for v in a)
        return sign * sum(abs(v) for v in a)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.arr),)

    @tool
    def Sign(self, value: int) -> int:
        """Return the sign of a number: 1, -1 or 0.

        Args:
            value: the number.
        """
        return (value > 0) - (value < 0)

    @tool
    def Abs(self, value: int) -> int:
        """Return the absolute value of a number.

        Args:
            value: the number.
        """
        return abs(value)

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        return a * b

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first addend.
            b: second addend.
        """
        return a + b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        sign, total = 1, 0
        for i in range(env.GetLength()):
            x = env.GetElement(index=i)
            total = env.Add(a=total, b=env.Abs(value=x))
            if sign != 0:  # once a zero is seen the product stays 0
                sign = env.Multiply(a=sign, b=env.Sign(value=x))
        env.Done(answer=env.Multiply(a=sign, b=total))
