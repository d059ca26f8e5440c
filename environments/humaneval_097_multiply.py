"""HumanEval/97: the product of the unit digits of two integers, for a hidden batch of pairs."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
LIMITS = {"easy": 99, "medium": 9_999, "hard": 999_999}


class UnitDigitProductEnv(Environment):
    """A batch of integer pairs (a, b) is hidden. For each pair multiply the unit (last decimal) digit of a by
    the unit digit of b; a negative number's unit digit is that of its absolute value (-15 -> 5). The answer
    is a list of integers, one per pair, in the batch's order."""

    class Config(BaseModel):
        pairs: list[list[int]]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/97", license="MIT (human-eval)", split="train", tags=("digits", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        top = LIMITS[difficulty]

        def number() -> int:
            if rng.random() < 0.2:  # negatives end in 0 or 5, where every reading of "unit digit" agrees
                return -(rng.randint(0, top // 10) * 10 + rng.choice([0, 5]))
            return rng.randint(0, top)

        return cls.Config(pairs=[[number(), number()] for _ in range(rng.randint(*COUNTS[difficulty]))])

    def setup(self) -> None:
        self.products = 0

    def observe(self) -> str:
        return f"{len(self.config.pairs)} pairs are hidden; {self.products} products computed."

    def reference_answer(self) -> list[int]:
        return [(abs(a) % 10) * (abs(b) % 10) for a, b in self.config.pairs]

    def source_calls(self) -> list[tuple[int, int]]:
        return [(a, b) for a, b in self.config.pairs]

    def combine_source(self, results: list[int]) -> list[int]:
        return list(results)

    @tool
    def GetCount(self) -> int:
        """Return how many pairs are hidden."""
        return len(self.config.pairs)

    @tool
    def GetNumber(self, pair: int, which: Literal["a", "b"]) -> int:
        """Return one number of a pair.

        Args:
            pair: zero-based pair position, 0 <= pair < count.
            which: "a" for the first number, "b" for the second.
        """
        if not 0 <= pair < len(self.config.pairs):
            raise ToolError(f"pair {pair} is out of range [0, {len(self.config.pairs)})")
        return self.config.pairs[pair][0 if which == "a" else 1]

    @tool
    def UnitDigit(self, value: int) -> int:
        """Return the last decimal digit of |value|.

        Args:
            value: any integer.
        """
        return abs(value) % 10

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        self.products += 1
        return a * b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            da = env.UnitDigit(value=env.GetNumber(pair=i, which="a"))
            db = env.UnitDigit(value=env.GetNumber(pair=i, which="b"))
            answer.append(env.Multiply(a=da, b=db))
        env.Done(answer=answer)
