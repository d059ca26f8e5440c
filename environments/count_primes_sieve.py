"""Count the primes below each n of a hidden batch with one sieve of Eratosthenes, crossing out multiples via tools."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

# (how many n, range of each n)
BATCH = {"easy": ((5, 5), (20, 90)), "medium": ((6, 8), (100, 500)), "hard": ((9, 12), (600, 2_500))}


def solve(n: int) -> int:
    """Independent reference: trial division of every number."""
    return sum(1 for k in range(2, n) if all(k % d for d in range(2, int(k**0.5) + 1)))


class SieveCountPrimesEnv(BatchEnv):
    """A batch of integers n is hidden. For each, count the prime numbers strictly less than n. The answer is
    the list of counts, one per hidden n in batch order. The tools give you one sieve of Eratosthenes: choose its
    size, cross out all multiples of a number in one call, and count the numbers left below any bound."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="classic: count primes (LeetCode 204)", license="original", split="test",
                   tags=("math", "sieve"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (clo, chi), (lo, hi) = BATCH[difficulty]
        return cls.Config(ns=[rng.randint(lo, hi) for _ in range(rng.randint(clo, chi))])

    def setup(self) -> None:
        self.crossed: bytearray | None = None

    def observe(self) -> str:
        state = (f"the sieve covers 0..{len(self.crossed) - 1} and {sum(self.crossed)} numbers are crossed out"
                 if self.crossed is not None else "the sieve is not created yet")
        return f"{len(self.config.ns)} integers n are hidden; {state}."

    def reference_answer(self) -> list[int]:
        top = max(self.config.ns)
        sieve = bytearray([1]) * top
        sieve[0] = sieve[1] = 0
        for p in range(2, int(top**0.5) + 1):
            if sieve[p]:
                sieve[p * p:top:p] = bytearray(len(range(p * p, top, p)))
        return [sum(sieve[:n]) for n in self.config.ns]

    def _sieve(self) -> bytearray:
        if self.crossed is None:
            raise ToolError("create the sieve first with CreateSieve(size)")
        return self.crossed

    @tool
    def GetCount(self) -> int:
        """Return how many integers n the batch holds."""
        return len(self.config.ns)

    @tool
    def GetN(self, index: int) -> int:
        """Return one hidden n of the batch.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.ns[index]

    @tool
    def CreateSieve(self, size: int) -> int:
        """Create the sieve over the numbers 0..size-1 (0 and 1 start crossed out); returns its size.

        Args:
            size: how many numbers the sieve covers, 2 <= size <= 10000.
        """
        if not 2 <= size <= 10_000:
            raise ToolError("size must be between 2 and 10000")
        self.crossed = bytearray(size)
        self.crossed[0] = self.crossed[1] = 1
        return size

    @tool
    def IsCrossed(self, k: int) -> bool:
        """Whether k has been crossed out of the sieve.

        Args:
            k: 0 <= k < sieve size.
        """
        sieve = self._sieve()
        if not 0 <= k < len(sieve):
            raise ToolError(f"k must be in [0, {len(sieve)})")
        return bool(sieve[k])

    @tool
    def CrossOutMultiples(self, p: int) -> int:
        """Cross out p*p, p*p+p, ... below the sieve size; returns how many numbers are crossed out in total.

        Args:
            p: a number >= 2 that is not crossed out.
        """
        sieve = self._sieve()
        if p < 2 or p >= len(sieve) or sieve[p]:
            raise ToolError(f"{p} must be an uncrossed number between 2 and {len(sieve) - 1}")
        for m in range(p * p, len(sieve), p):
            sieve[m] = 1
        return sum(sieve)

    @tool
    def CountUncrossedBelow(self, bound: int) -> int:
        """Return how many numbers k with 0 <= k < bound are not crossed out.

        Args:
            bound: 0 <= bound <= sieve size.
        """
        sieve = self._sieve()
        if not 0 <= bound <= len(sieve):
            raise ToolError(f"bound must be in [0, {len(sieve)}]")
        return bound - sum(sieve[:bound])

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ns = [env.GetN(index=i) for i in range(env.GetCount())]
        top = max(ns)
        env.CreateSieve(size=top)
        p = 2
        while p * p < top:
            if not env.IsCrossed(k=p):
                env.CrossOutMultiples(p=p)
            p += 1
        env.Done(answer=[env.CountUncrossedBelow(bound=n) for n in ns])
