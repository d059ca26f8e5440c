"""Multiply two numbers given as digit strings: grade-school long multiplication into a column array."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (2, 3), "medium": (4, 5), "hard": (6, 8)}


def solve(num1: str, num2: str) -> str:
    """Independent reference: Python's big integers."""
    return str(int(num1) * int(num2))


class MultiplyStringsEnv(Environment):
    """Two non-negative integers num1 and num2 are hidden as strings of decimal digits (no leading zeros).
    Return their product as a string of decimal digits without leading zeros (just "0" if the product is
    zero), without converting the whole numbers at once: digits are read and multiplied one pair at a time.
    The answer is a string."""

    class Config(BaseModel):
        num1: str
        num2: str

    answer_type = str
    meta = EnvMeta(source="classic: multiply strings (LeetCode 43)", license="original", split="train",
                   tags=("string", "math"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        lo, hi = SIZES[difficulty]

        def number() -> str:
            return str(rng.randint(1, 9)) + "".join(rng.choice("0123456789") for _ in range(rng.randint(lo, hi) - 1))

        return cls.Config(num1=number(), num2=number())

    def setup(self) -> None:
        self.columns = [0] * (len(self.config.num1) + len(self.config.num2))

    def observe(self) -> str:
        return (f"num1 has {len(self.config.num1)} digits, num2 has {len(self.config.num2)}. The result has "
                f"{len(self.columns)} column slots (slot 0 is the ones column).")

    def reference_answer(self) -> str:
        a, b = self.config.num1[::-1], self.config.num2[::-1]
        cols = [0] * (len(a) + len(b))
        for i, x in enumerate(a):
            for j, y in enumerate(b):
                cols[i + j] += int(x) * int(y)
        carry, digits = 0, []
        for c in cols:
            carry, d = divmod(c + carry, 10)
            digits.append(str(d))
        return "".join(reversed(digits)).lstrip("0") or "0"

    def source_args(self) -> tuple[str, str]:
        return (self.config.num1, self.config.num2)

    def _number(self, which: str) -> str:
        return self.config.num1 if which == "num1" else self.config.num2

    @tool
    def GetLength(self, which: Literal["num1", "num2"]) -> int:
        """Return how many digits one of the numbers has.

        Args:
            which: "num1" or "num2".
        """
        return len(self._number(which))

    @tool
    def GetDigit(self, which: Literal["num1", "num2"], place: int) -> int:
        """Return one digit of a number, by place value: place 0 is the ones digit, place 1 the tens, and so on.

        Args:
            which: "num1" or "num2".
            place: zero-based place value, 0 <= place < length of that number.
        """
        s = self._number(which)
        if not 0 <= place < len(s):
            raise ToolError(f"place {place} is out of range [0, {len(s)}) for {which}")
        return int(s[len(s) - 1 - place])

    @tool
    def MultiplyDigits(self, x: int, y: int) -> int:
        """Return the product of two decimal digits.

        Args:
            x: a digit 0..9.
            y: a digit 0..9.
        """
        if not (0 <= x <= 9 and 0 <= y <= 9):
            raise ToolError("x and y must be digits 0..9")
        return x * y

    @tool
    def AddToColumn(self, place: int, value: int) -> int:
        """Add a value to a column of the result (no carrying yet); returns the column's new total.

        Args:
            place: the column's place value, 0 (ones) <= place < length(num1) + length(num2).
            value: the amount to add, >= 0.
        """
        if not 0 <= place < len(self.columns) or value < 0:
            raise ToolError(f"place must be in [0, {len(self.columns)}) and value >= 0")
        self.columns[place] += value
        return self.columns[place]

    @tool
    def ResolveCarries(self) -> str:
        """Propagate carries through the columns, from the ones column up, and return the number they spell as a
        string of decimal digits without leading zeros."""
        carry, digits = 0, []
        for c in self.columns:
            carry, d = divmod(c + carry, 10)
            digits.append(str(d))
        return "".join(reversed(digits)).lstrip("0") or "0"

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        m, n = env.GetLength(which="num1"), env.GetLength(which="num2")
        a = [env.GetDigit(which="num1", place=i) for i in range(m)]
        b = [env.GetDigit(which="num2", place=j) for j in range(n)]
        for i, x in enumerate(a):
            if x == 0:
                continue
            for j, y in enumerate(b):
                if y:
                    env.AddToColumn(place=i + j, value=env.MultiplyDigits(x=x, y=y))
        env.Done(answer=env.ResolveCarries())
