"""A trivial environment for benchmarks: its `Add` tool costs next to nothing, so the transport is measured."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import EnvMeta, Environment, tool


class AddEnv(Environment):
    """Add the hidden numbers. The answer is an integer."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = int
    meta = EnvMeta(source="benchmark", license="original", split="train")

    @classmethod
    def generate(cls, rng: random.Random, difficulty):
        return cls.Config(numbers=[rng.randint(0, 9) for _ in range(12)])

    def observe(self) -> str:
        return f"{len(self.config.numbers)} numbers are hidden."

    def reference_answer(self) -> int:
        return sum(self.config.numbers)

    @tool
    def Add(self, a: int, b: int) -> int:
        """Add two integers.

        Args:
            a: first addend.
            b: second addend.
        """
        return a + b

    @tool
    def Get(self, index: int) -> int:
        """Read one hidden number.

        Args:
            index: zero-based position.
        """
        return self.config.numbers[index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        total = 0
        for i in range(12):
            total = env.Add(a=total, b=env.Get(index=i))
        env.Done(answer=total)
