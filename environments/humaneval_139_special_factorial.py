"""HumanEval/139: the Brazilian factorial n! * (n-1)! * ... * 1! for a batch of hidden n."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
RANGES = {"easy": (1, 4), "medium": (2, 6), "hard": (3, 7)}


class BrazilianFactorialEnv(BatchEnv):
    """A batch of positive integers n is hidden. For each n compute the Brazilian factorial
    n! * (n-1)! * (n-2)! * ... * 1! (for example 4 -> 4! * 3! * 2! * 1! = 288), using the Multiply tool for the
    arithmetic, and record each result. The answer is the list of the Brazilian factorials (integers), one per
    hidden n, in order."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/139", license="MIT (human-eval)", split="train", tags=("math", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(numbers=[rng.randint(*RANGES[difficulty]) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def setup(self) -> None:
        self.recorded: dict[int, int] = {}

    def observe(self) -> str:
        return f"{len(self.config.numbers)} integers n are hidden; {len(self.recorded)} results recorded."

    def reference_answer(self) -> list[int]:
        out = []
        for n in self.config.numbers:
            fact = special = 1
            for i in range(1, n + 1):
                fact *= i
                special *= fact
            out.append(special)
        return out

    def _check(self, index: int) -> None:
        self.check_batch_index(index)

    @tool
    def GetCount(self) -> int:
        """Return how many integers n are hidden."""
        return len(self.config.numbers)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden n.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self._check(index)
        return self.config.numbers[index]

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        return a * b

    @tool
    def RecordResult(self, index: int, value: int) -> int:
        """Record the result computed for one hidden n; returns how many results are recorded.

        Args:
            index: zero-based position of the n the result belongs to.
            value: the Brazilian factorial computed for it.
        """
        self._check(index)
        self.recorded[index] = value
        return len(self.recorded)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        results = []
        for k in range(env.GetCount()):
            n = env.GetInput(index=k)
            fact = special = 1
            for i in range(1, n + 1):
                fact = env.Multiply(a=fact, b=i)
                special = env.Multiply(a=special, b=fact)
            env.RecordResult(index=k, value=special)
            results.append(special)
        env.Done(answer=results)
