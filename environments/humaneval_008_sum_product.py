"""HumanEval/8: the sum and the product of a hidden list, accumulated one element at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 7), "medium": (15, 25), "hard": (40, 60)}


class SumProductEnv(SequenceEnv):
    """A list of integers is hidden. Return [sum, product] of its elements (an empty list has sum 0 and
    product 1). The answer is a list of two integers."""

    class Config(BaseModel):
        numbers: list[int]

    sequence_field = "numbers"
    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/8", license="MIT (human-eval)", split="test", tags=("array", "accumulate"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(numbers=[rng.choice([-3, -2, -1, 1, 1, 2, 3, 4]) for _ in range(n)])

    def setup(self) -> None:
        self.sum = 0
        self.product = 1

    def observe(self) -> str:
        return f"{len(self.config.numbers)} integers are hidden. Accumulators: sum={self.sum}, product={self.product}."

    def reference_answer(self) -> list[int]:
        total, prod = 0, 1
        for x in self.config.numbers:
            total += x
            prod *= x
        return [total, prod]

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.numbers),)

    @tool
    def AddToSum(self, value: int) -> int:
        """Add a value to the sum accumulator; returns the new sum.

        Args:
            value: the value to add.
        """
        self.sum += value
        return self.sum

    @tool
    def MultiplyProduct(self, value: int) -> int:
        """Multiply the product accumulator by a value; returns the new product.

        Args:
            value: the factor.
        """
        self.product *= value
        return self.product

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        total, prod = 0, 1
        for i in range(env.GetLength()):
            x = env.GetElement(index=i)
            total = env.AddToSum(value=x)
            prod = env.MultiplyProduct(value=x)
        env.Done(answer=[total, prod])
