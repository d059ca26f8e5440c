"""Rod cutting: the best revenue for a rod from hidden piece prices, by a bottom-up table of best revenues."""

from __future__ import annotations

import functools
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (5, 7), "medium": (9, 12), "hard": (15, 19)}


def solve(prices: list[int]) -> int:
    """Independent reference: top-down recursion over the length of the first piece."""

    @functools.cache
    def best(n: int) -> int:
        return max((prices[k - 1] + best(n - k) for k in range(1, n + 1)), default=0)

    return best(len(prices))


class RodCuttingEnv(Environment):
    """A rod of length n is given, and a hidden price list: a piece of length k (1 <= k <= n) sells for
    price(k). Cut the rod into pieces of whole lengths (or keep it whole) to earn the most. The answer is an
    integer: the largest total price. Tools keep a table best[L] for 0 <= L <= n, the most you know how to
    earn from a rod of length L; every entry starts at 0. A best cut of L is either L itself or two parts
    that are each cut as well as possible."""

    class Config(BaseModel):
        prices: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: rod cutting (CLRS 15.1)", license="original", split="test",
                   tags=("dp", "unbounded knapsack"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        rate = rng.randint(2, 5)
        prices = [max(1, k * rate + rng.randint(-k, k + 2)) for k in range(1, n + 1)]  # about linear, with noise
        return cls.Config(prices=prices)

    def setup(self) -> None:
        self.best = [0] * (len(self.config.prices) + 1)

    def observe(self) -> str:
        return f"A rod of length {len(self.config.prices)}; the price of each piece length is hidden."

    def reference_answer(self) -> int:
        p = self.config.prices
        best = [0] * (len(p) + 1)
        for length in range(1, len(p) + 1):
            best[length] = max(p[k - 1] + best[length - k] for k in range(1, length + 1))
        return best[-1]

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.prices),)

    def _length(self, length: int, low: int) -> None:
        n = len(self.config.prices)
        if not low <= length <= n:
            raise ToolError(f"length {length} is out of range [{low}, {n}]")

    @tool
    def GetRodLength(self) -> int:
        """Return the length n of the rod."""
        return len(self.config.prices)

    @tool
    def KeepWhole(self, length: int) -> int:
        """Consider selling a rod of this length uncut: best[length] = max(best[length], price(length)).
        Returns the new best[length].

        Args:
            length: 1 <= length <= n.
        """
        self._length(length, 1)
        self.best[length] = max(self.best[length], self.config.prices[length - 1])
        return self.best[length]

    @tool
    def Split(self, length: int, left: int) -> int:
        """Consider cutting a rod of this length into parts of lengths left and length - left, each sold as
        well as known: best[length] = max(best[length], best[left] + best[length - left]). Returns the new
        best[length].

        Args:
            length: the rod length to improve, 2 <= length <= n.
            left: the first part's length, 1 <= left < length.
        """
        self._length(length, 2)
        if not 1 <= left < length:
            raise ToolError(f"left {left} must be between 1 and {length - 1}")
        self.best[length] = max(self.best[length], self.best[left] + self.best[length - left])
        return self.best[length]

    @tool
    def GetBest(self, length: int) -> int:
        """Return best[length].

        Args:
            length: 0 <= length <= n.
        """
        self._length(length, 0)
        return self.best[length]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetRodLength()
        for length in range(1, n + 1):  # shorter rods first, so both parts of a split are final
            env.KeepWhole(length=length)
            for left in range(1, length // 2 + 1):  # parts (k, L - k) and (L - k, k) are the same split
                env.Split(length=length, left=left)
        env.Done(answer=env.GetBest(length=n))
