"""Asteroid collision: a stack of survivors; each left-mover destroys smaller right-movers on top of the stack."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (5, 8), "medium": (14, 22), "hard": (35, 50)}


def solve(asteroids: list[int]) -> list[int]:
    """Independent reference: resolve the first adjacent colliding pair (right-mover then left-mover) until none."""
    rows = list(asteroids)
    while True:
        i = next((i for i in range(len(rows) - 1) if rows[i] > 0 > rows[i + 1]), None)
        if i is None:
            return rows
        a, b = rows[i], -rows[i + 1]
        rows[i:i + 2] = [] if a == b else [rows[i]] if a > b else [rows[i + 1]]


class AsteroidCollisionEnv(Environment):
    """A row of asteroids is hidden, as non-zero integers from left to right: the absolute value is the size, the
    sign the direction (positive moves right, negative moves left); all move at the same speed. When a
    right-mover meets a left-mover the smaller one explodes, and if they are the same size both explode;
    asteroids moving the same way never meet. Which asteroids remain after all collisions? The answer is the
    list of the survivors' integers, left to right (possibly empty)."""

    class Config(BaseModel):
        asteroids: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="classic: asteroid collision (LeetCode 735)", license="original", split="test",
                   tags=("stack", "simulation"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        bias = rng.uniform(0.4, 0.65)
        return cls.Config(asteroids=[rng.randint(1, 12) * (1 if rng.random() < bias else -1) for _ in range(n)])

    def setup(self) -> None:
        self.stack: list[int] = []

    def observe(self) -> str:
        return f"{len(self.config.asteroids)} asteroids are hidden. The stack holds {len(self.stack)} asteroids."

    def reference_answer(self) -> list[int]:
        stack: list[int] = []
        for a in self.config.asteroids:
            while a < 0 and stack and stack[-1] > 0:
                if stack[-1] < -a:
                    stack.pop()
                    continue
                if stack[-1] == -a:
                    stack.pop()
                a = 0
            if a:
                stack.append(a)
        return stack

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.asteroids),)

    @tool
    def GetCount(self) -> int:
        """Return how many asteroids the row holds."""
        return len(self.config.asteroids)

    @tool
    def GetAsteroid(self, index: int) -> int:
        """Return the asteroid at a position of the row (its sign is its direction).

        Args:
            index: zero-based position from the left, 0 <= index < count.
        """
        if not 0 <= index < len(self.config.asteroids):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.asteroids)})")
        return self.config.asteroids[index]

    @tool
    def Push(self, value: int) -> int:
        """Push a surviving asteroid onto the stack; returns the stack size.

        Args:
            value: the asteroid's integer (non-zero).
        """
        if value == 0:
            raise ToolError("asteroids are non-zero")
        self.stack.append(value)
        return len(self.stack)

    @tool
    def Peek(self) -> int | None:
        """Return the asteroid on top of the stack, or null if the stack is empty."""
        return self.stack[-1] if self.stack else None

    @tool
    def Pop(self) -> int:
        """Remove the asteroid on top of the stack (it exploded); returns it."""
        if not self.stack:
            raise ToolError("the stack is empty")
        return self.stack.pop()

    @tool
    def GetStack(self) -> list[int]:
        """Return the stack from bottom to top."""
        return list(self.stack)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetCount()):
            a = env.GetAsteroid(index=i)
            while a < 0:
                top = env.Peek()
                if top is None or top < 0:
                    break
                if top <= -a:
                    env.Pop()
                if top >= -a:
                    a = 0  # the incoming asteroid explodes too
            if a:
                env.Push(value=a)
        env.Done(answer=env.GetStack())
