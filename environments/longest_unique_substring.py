"""Longest substring without repeating characters: a sliding window over a hidden string."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import StringLengthEnv

SIZES = {"easy": (5, 8), "medium": (20, 35), "hard": (55, 75)}
ALPHABET = {"easy": 4, "medium": 8, "hard": 14}


def solve(s: str) -> int:
    """Independent reference: from every start, extend while characters stay unique."""
    best = 0
    for i in range(len(s)):
        seen: set[str] = set()
        for ch in s[i:]:
            if ch in seen:
                break
            seen.add(ch)
        best = max(best, len(seen))
    return best


class LongestUniqueSubstringEnv(StringLengthEnv):
    """A string of lowercase letters is hidden. Return the length of its longest substring (contiguous) in which
    no character repeats. The answer is an integer."""

    class Config(BaseModel):
        s: str

    answer_type = int
    meta = EnvMeta(source="classic: longest substring without repeating characters (LeetCode 3)",
                   license="original", split="test", tags=("sliding window", "hashing"))
    string_field = "s"
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        letters = "abcdefghijklmnopqrstuvwxyz"[:ALPHABET[difficulty]]
        return cls.Config(s="".join(rng.choice(letters) for _ in range(n)))

    def setup(self) -> None:
        self.last: dict[str, int] = {}

    def observe(self) -> str:
        return (f"A string of {len(self.config.s)} lowercase letters is hidden. "
                f"Characters with a recorded position: {len(self.last)}.")

    def reference_answer(self) -> int:
        last: dict[str, int] = {}
        start = best = 0
        for i, ch in enumerate(self.config.s):
            if last.get(ch, -1) >= start:
                start = last[ch] + 1
            last[ch] = i
            best = max(best, i - start + 1)
        return best

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position of the string.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.config.s[index]

    @tool
    def LastSeen(self, ch: str) -> int:
        """Return the last position recorded for a character, or -1 if none was recorded.

        Args:
            ch: a single character.
        """
        if len(ch) != 1:
            raise ToolError(f"ch must be a single character, got {ch!r}")
        return self.last.get(ch, -1)

    @tool
    def RecordPosition(self, ch: str, index: int) -> str:
        """Record the position where a character was last seen (replacing any earlier record).

        Args:
            ch: a single character.
            index: its zero-based position in the string.
        """
        if len(ch) != 1:
            raise ToolError(f"ch must be a single character, got {ch!r}")
        self.last[ch] = index
        return f"{ch!r} last seen at {index}"

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        start = best = 0
        for i in range(env.GetLength()):
            ch = env.GetChar(index=i)
            prev = env.LastSeen(ch=ch)
            if prev >= start:  # the window would hold ch twice: start after its previous copy
                start = prev + 1
            env.RecordPosition(ch=ch, index=i)
            best = max(best, i - start + 1)
        env.Done(answer=best)
