"""Add two binary strings: walk from the right, a full adder per position, carry kept by the agent."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (4, 7), "medium": (10, 16), "hard": (24, 34)}


def solve(a: str, b: str) -> str:
    """Independent reference: Python's base-2 integers."""
    return bin(int(a, 2) + int(b, 2))[2:]


class AddBinaryEnv(Environment):
    """Two binary strings a and b (digits 0 and 1, no leading zeros) are hidden. Return their sum as a binary
    string without leading zeros. The answer is a string such as "10110"."""

    class Config(BaseModel):
        a: str
        b: str

    answer_type = str
    meta = EnvMeta(source="classic: add binary (LeetCode 67)", license="original", split="test",
                   tags=("string", "math"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        lo, hi = SIZES[difficulty]

        def bits() -> str:
            return "1" + "".join(rng.choice("01") for _ in range(rng.randint(lo, hi) - 1))

        return cls.Config(a=bits(), b=bits())

    def setup(self) -> None:
        self.out: list[str] = []

    def observe(self) -> str:
        return (f"Two binary strings are hidden: a has {len(self.config.a)} digits, b has {len(self.config.b)}. "
                f"Result digits written: {len(self.out)}.")

    def reference_answer(self) -> str:
        a, b, out, carry = self.config.a[::-1], self.config.b[::-1], [], 0
        for i in range(max(len(a), len(b))):
            s = carry + (a[i] == "1" if i < len(a) else 0) + (b[i] == "1" if i < len(b) else 0)
            out.append(str(s % 2))
            carry = s // 2
        if carry:
            out.append("1")
        return "".join(reversed(out))

    def source_args(self) -> tuple[str, str]:
        return (self.config.a, self.config.b)

    def _string(self, which: str) -> str:
        return self.config.a if which == "a" else self.config.b

    @tool
    def GetLength(self, which: Literal["a", "b"]) -> int:
        """Return the number of digits of one of the two strings.

        Args:
            which: "a" or "b".
        """
        return len(self._string(which))

    @tool
    def GetBit(self, which: Literal["a", "b"], index: int) -> int:
        """Return one digit (0 or 1) of a string, counting positions from the left.

        Args:
            which: "a" or "b".
            index: zero-based position from the left, 0 <= index < length of that string.
        """
        s = self._string(which)
        if not 0 <= index < len(s):
            raise ToolError(f"index {index} is out of range [0, {len(s)}) for string {which}")
        return int(s[index])

    @tool
    def AddBits(self, x: int, y: int, carry: int) -> list[int]:
        """A full adder: add three bits; returns [sum bit, carry out].

        Args:
            x: a bit, 0 or 1.
            y: a bit, 0 or 1.
            carry: the carry in, 0 or 1.
        """
        if {x, y, carry} - {0, 1}:
            raise ToolError("x, y and carry must each be 0 or 1")
        s = x + y + carry
        return [s % 2, s // 2]

    @tool
    def PrependBit(self, bit: int) -> int:
        """Write a digit at the front (left end) of the result; returns the result's length.

        Args:
            bit: 0 or 1.
        """
        if bit not in (0, 1):
            raise ToolError("bit must be 0 or 1")
        self.out.insert(0, str(bit))
        return len(self.out)

    @tool
    def GetResult(self) -> str:
        """Return the result digits written so far, as a string."""
        return "".join(self.out)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        la, lb = env.GetLength(which="a"), env.GetLength(which="b")
        carry = 0
        for k in range(1, max(la, lb) + 1):  # k-th digit from the right
            x = env.GetBit(which="a", index=la - k) if k <= la else 0
            y = env.GetBit(which="b", index=lb - k) if k <= lb else 0
            bit, carry = env.AddBits(x=x, y=y, carry=carry)
            env.PrependBit(bit=bit)
        if carry:
            env.PrependBit(bit=1)
        env.Done(answer=env.GetResult())
