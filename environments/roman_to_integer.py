"""Roman numerals to integers for a hidden batch: read symbols one at a time, subtract a symbol smaller than the next."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 11)}
VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
PAIRS = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def to_roman(n: int) -> str:
    out = ""
    for value, sym in PAIRS:
        while n >= value:
            out, n = out + sym, n - value
    return out


def solve(numeral: str) -> int:
    """Independent reference: greedily strip the largest matching token (two-letter ones first) from the left."""
    total, rest = 0, numeral
    while rest:
        value, sym = next((v, s) for v, s in PAIRS if rest.startswith(s))
        total, rest = total + value, rest[len(sym):]
    return total


class RomanToIntegerEnv(BatchEnv):
    """A batch of Roman numerals (each for a number from 1 to 3999, written in standard form with the symbols
    I=1, V=5, X=10, L=50, C=100, D=500, M=1000 and subtractive pairs such as IV=4 or CM=900) is hidden. Convert
    each one to an integer. The answer is the list of integers, in the order of the batch."""

    class Config(BaseModel):
        numerals: list[str]

    answer_type = list[int]
    meta = EnvMeta(source="classic: roman to integer (LeetCode 13)", license="original", split="train",
                   tags=("string", "math"))
    batch_field = "numerals"
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        count = rng.randint(*COUNTS[difficulty])
        hi = {"easy": 400, "medium": 1500, "hard": 3999}[difficulty]
        return cls.Config(numerals=[to_roman(rng.randint(1, hi)) for _ in range(count)])

    def observe(self) -> str:
        return f"{len(self.config.numerals)} Roman numerals are hidden."

    def reference_answer(self) -> list[int]:
        out = []
        for s in self.config.numerals:
            vals = [VALUES[c] for c in s]
            out.append(sum(-v if i + 1 < len(vals) and v < vals[i + 1] else v for i, v in enumerate(vals)))
        return out

    def _numeral(self, k: int) -> str:
        if not 0 <= k < len(self.config.numerals):
            raise ToolError(f"numeral index {k} is out of range [0, {len(self.config.numerals)})")
        return self.config.numerals[k]

    @tool
    def GetCount(self) -> int:
        """Return how many numerals the batch holds."""
        return len(self.config.numerals)

    @tool
    def GetNumeralLength(self, numeral: int) -> int:
        """Return how many symbols a numeral of the batch has.

        Args:
            numeral: zero-based index of the numeral in the batch.
        """
        return len(self._numeral(numeral))

    @tool
    def GetSymbol(self, numeral: int, position: int) -> str:
        """Return one symbol of a numeral.

        Args:
            numeral: zero-based index of the numeral in the batch.
            position: zero-based position of the symbol within the numeral, from the left.
        """
        s = self._numeral(numeral)
        if not 0 <= position < len(s):
            raise ToolError(f"position {position} is out of range [0, {len(s)}) for numeral {numeral}")
        return s[position]

    @tool
    def SymbolValue(self, symbol: str) -> int:
        """Return the value of a single Roman symbol.

        Args:
            symbol: one of I, V, X, L, C, D, M.
        """
        if symbol not in VALUES:
            raise ToolError(f"'{symbol}' is not a Roman symbol (I, V, X, L, C, D, M)")
        return VALUES[symbol]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        results, value_of = [], {}  # value_of caches SymbolValue: each symbol is looked up once
        for k in range(env.GetCount()):
            nums = []
            for p in range(env.GetNumeralLength(numeral=k)):
                sym = env.GetSymbol(numeral=k, position=p)
                if sym not in value_of:
                    value_of[sym] = env.SymbolValue(symbol=sym)
                nums.append(value_of[sym])
            results.append(sum(-v if i + 1 < len(nums) and v < nums[i + 1] else v for i, v in enumerate(nums)))
        env.Done(answer=results)
