"""Longest palindromic substring: expand around each of the 2n-1 centres, comparing one pair of characters a call."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import StringLengthEnv

SIZES = {"easy": (8, 12), "medium": (18, 28), "hard": (36, 48)}


def solve(s: str) -> str:
    """Independent reference: brute force over all substrings, longest first, leftmost first."""
    for length in range(len(s), 0, -1):
        for i in range(len(s) - length + 1):
            sub = s[i:i + length]
            if sub == sub[::-1]:
                return sub
    return ""


class LongestPalindromicSubstringEnv(StringLengthEnv):
    """A string of lowercase letters is hidden. Find its longest palindromic substring (a contiguous run of
    characters that reads the same forwards and backwards). The answer is that substring as a string; if several
    have the greatest length, any of them is accepted."""

    class Config(BaseModel):
        s: str

    answer_type = str
    meta = EnvMeta(source="classic: longest palindromic substring (LeetCode 5)", license="original",
                   split="train", tags=("string", "two pointers"))
    string_field = "s"
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        letters = "abc" if rng.random() < 0.5 else "abcd"
        chars = [rng.choice(letters) for _ in range(n)]
        size = rng.randint(3, max(4, n // 4))  # plant a palindrome
        half = [rng.choice(letters) for _ in range(size // 2)]
        pal = half + ([rng.choice(letters)] if size % 2 else []) + half[::-1]
        at = rng.randint(0, n - len(pal))
        chars[at:at + len(pal)] = pal
        return cls.Config(s="".join(chars))

    def setup(self) -> None:
        self.best = [0, 1]

    def observe(self) -> str:
        return (f"A string of {len(self.config.s)} lowercase letters is hidden. "
                f"Best palindrome recorded: start {self.best[0]}, length {self.best[1]}.")

    def reference_answer(self) -> str:
        s, best = self.config.s, ""
        for c in range(2 * len(s) - 1):
            lo, hi = c // 2, c // 2 + c % 2
            while lo >= 0 and hi < len(s) and s[lo] == s[hi]:
                lo, hi = lo - 1, hi + 1
            if hi - lo - 1 > len(best):
                best = s[lo + 1:hi]
        return best

    def match(self, answer, reference) -> bool:
        text = answer.strip() if isinstance(answer, str) else answer
        if isinstance(text, str) and len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            text = text[1:-1]  # a quoted string
        return (isinstance(text, str) and len(text) == len(reference) and text == text[::-1]
                and text in self.config.s)

    @tool
    def CharsEqual(self, i: int, j: int) -> bool:
        """Whether the characters at two positions of the string are equal.

        Args:
            i: zero-based position, 0 <= i < length.
            j: zero-based position, 0 <= j < length.
        """
        self.check_index(i)
        self.check_index(j)
        return self.config.s[i] == self.config.s[j]

    @tool
    def RecordBest(self, start: int, length: int) -> list[int]:
        """Record a palindrome as the best so far if it is longer than the recorded one; returns [start, length]
        of the best. The recorded substring is checked to be a palindrome.

        Args:
            start: zero-based start of the palindrome.
            length: its length, >= 1.
        """
        if length < 1 or start < 0 or start + length > len(self.config.s):
            raise ToolError(f"substring start={start} length={length} is outside the string")
        sub = self.config.s[start:start + length]
        if sub != sub[::-1]:
            raise ToolError(f"the substring at start={start} with length={length} is not a palindrome")
        if length > self.best[1]:
            self.best = [start, length]
        return list(self.best)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position of the string.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.config.s[index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        best_start, best_len = 0, 1
        for c in range(2 * n - 1):
            lo, hi = (c // 2 - 1, c // 2 + 1) if c % 2 == 0 else (c // 2, c // 2 + 1)
            while lo >= 0 and hi < n and env.CharsEqual(i=lo, j=hi):
                lo, hi = lo - 1, hi + 1
            if hi - lo - 1 > best_len:
                best_start, best_len = env.RecordBest(start=lo + 1, length=hi - lo - 1)
        env.Done(answer="".join(env.GetChar(index=best_start + k) for k in range(best_len)))
