"""Decode ways: count the decodings of a hidden digit string, carrying counts along a DP table."""

from __future__ import annotations

import functools
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (5, 7), "medium": (10, 14), "hard": (18, 24)}


def solve(s: str) -> int:
    """Independent reference: memoised recursion over suffixes, taking one or two digits at a time."""

    @functools.cache
    def ways(i: int) -> int:
        if i == len(s):
            return 1
        if s[i] == "0":
            return 0
        two = ways(i + 2) if i + 1 < len(s) and int(s[i:i + 2]) <= 26 else 0
        return ways(i + 1) + two

    return ways(0)


class DecodeWaysEnv(Environment):
    """A string of digits is hidden. Letters are encoded as 'A' -> "1", 'B' -> "2", ..., 'Z' -> "26". Count the
    ways to split the whole string into codes 1..26 (a code never starts with 0, so "06" is not a code). The
    answer is an integer (0 if the string cannot be decoded). Tools keep a table ways[p] for p = 0..length:
    the number of decodings of the first p digits, with ways[0] = 1 and every other entry starting at 0."""

    class Config(BaseModel):
        digits: str

    answer_type = int
    meta = EnvMeta(source="classic: decode ways (LeetCode 91)", license="original", split="test",
                   tags=("dp", "strings"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        pool = "1111222223456789" + ("0" if rng.random() < 0.6 else "")
        digits = [rng.choice(pool) for _ in range(n)]
        digits[0] = digits[0] if digits[0] != "0" else "1"
        for i in range(1, n):  # a 0 mostly follows a 1 or 2, so the string stays decodable
            if digits[i] == "0" and digits[i - 1] not in "12" and rng.random() < 0.8:
                digits[i - 1] = rng.choice("12")
        return cls.Config(digits="".join(digits))

    def setup(self) -> None:
        self.ways = [1] + [0] * len(self.config.digits)

    def observe(self) -> str:
        return f"A string of {len(self.config.digits)} digits is hidden."

    def reference_answer(self) -> int:
        s = self.config.digits
        prev, cur = 0, 1  # ways[p - 2], ways[p - 1]
        for p in range(1, len(s) + 1):
            nxt = (cur if s[p - 1] != "0" else 0) + (prev if p >= 2 and 10 <= int(s[p - 2:p]) <= 26 else 0)
            prev, cur = cur, nxt
        return cur

    def source_args(self) -> tuple[str]:
        return (self.config.digits,)

    def _index(self, index: int, width: int = 1) -> None:
        n = len(self.config.digits)
        if not 0 <= index <= n - width:
            raise ToolError(f"index {index} is out of range [0, {n - width}]")

    @tool
    def GetLength(self) -> int:
        """Return how many digits the hidden string has."""
        return len(self.config.digits)

    @tool
    def GetDigit(self, index: int) -> str:
        """Return one digit of the string, as a one-character string.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self._index(index)
        return self.config.digits[index]

    @tool
    def IsTwoDigitCode(self, index: int) -> bool:
        """Return whether the two digits at index and index + 1 form a code from 10 to 26.

        Args:
            index: zero-based position of the first digit, 0 <= index < length - 1.
        """
        self._index(index, 2)
        return 10 <= int(self.config.digits[index:index + 2]) <= 26

    @tool
    def Carry(self, position: int, from_position: int) -> int:
        """Add ways[from_position] to ways[position]: the decodings of the first from_position digits,
        extended by one code. Returns the new ways[position].

        Args:
            position: 1 <= position <= length.
            from_position: position - 1 (the last code is one digit) or position - 2 (it is two digits).
        """
        n = len(self.config.digits)
        if not 1 <= position <= n:
            raise ToolError(f"position {position} is out of range [1, {n}]")
        if position - from_position not in (1, 2) or from_position < 0:
            raise ToolError("from_position must be position - 1 or position - 2 (and not negative)")
        self.ways[position] += self.ways[from_position]
        return self.ways[position]

    @tool
    def GetWays(self, position: int) -> int:
        """Return ways[position].

        Args:
            position: 0 <= position <= length.
        """
        if not 0 <= position <= len(self.config.digits):
            raise ToolError(f"position {position} is out of range [0, {len(self.config.digits)}]")
        return self.ways[position]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        for p in range(1, n + 1):
            if env.GetDigit(index=p - 1) != "0":  # the last code is the single digit p - 1
                env.Carry(position=p, from_position=p - 1)
            if p >= 2 and env.IsTwoDigitCode(index=p - 2):  # the last code is digits p - 2 and p - 1
                env.Carry(position=p, from_position=p - 2)
        env.Done(answer=env.GetWays(position=n))
