"""Longest repeating character replacement: a sliding window with letter counts kept by the environment."""

from __future__ import annotations

import random
from collections import Counter

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import StringLengthEnv

SIZES = {"easy": (6, 9), "medium": (18, 30), "hard": (50, 70)}


def solve(s: str, k: int) -> int:
    """Independent reference: every substring, checked with its letter counts."""
    best = 0
    for i in range(len(s)):
        counts: Counter[str] = Counter()
        for j in range(i, len(s)):
            counts[s[j]] += 1
            if j - i + 1 - max(counts.values()) <= k:
                best = max(best, j - i + 1)
    return best


class CharacterReplacementEnv(StringLengthEnv):
    """A string of uppercase letters and an integer k are hidden. You may change at most k characters of the
    string to any other uppercase letter. Return the length of the longest substring (contiguous) that can be
    made of one repeated letter. The answer is an integer."""

    class Config(BaseModel):
        s: str
        k: int

    answer_type = int
    meta = EnvMeta(source="classic: longest repeating character replacement (LeetCode 424)", license="original",
                   split="train", tags=("sliding window",))
    string_field = "s"
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        letters = "ABCDE"[:rng.randint(2, 3 if difficulty == "easy" else 5)]
        s = "".join(rng.choice(letters) for _ in range(n))
        return cls.Config(s=s, k=rng.randint(0, max(1, n // 8)))

    def setup(self) -> None:
        self.window: Counter[str] = Counter()

    def observe(self) -> str:
        return (f"A string of {len(self.config.s)} uppercase letters and a number k are hidden. "
                f"Letters in the window: {sum(self.window.values())}.")

    def source_args(self) -> tuple[str, int]:
        return (self.config.s, self.config.k)

    def reference_answer(self) -> int:
        counts: Counter[str] = Counter()
        left = top = best = 0
        for right, ch in enumerate(self.config.s):
            counts[ch] += 1
            top = max(top, counts[ch])
            while right - left + 1 - top > self.config.k:
                counts[self.config.s[left]] -= 1
                left += 1
                top = max(counts.values())
            best = max(best, right - left + 1)
        return best

    def _letter(self, ch: str) -> None:
        if len(ch) != 1 or not "A" <= ch <= "Z":
            raise ToolError(f"ch must be one uppercase letter, got {ch!r}")

    @tool
    def GetK(self) -> int:
        """Return k, the number of characters you may change."""
        return self.config.k

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position of the string.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.config.s[index]

    @tool
    def AddToWindow(self, ch: str) -> int:
        """Count one more copy of a letter in the window; returns how many copies of it the window now holds.

        Args:
            ch: one uppercase letter.
        """
        self._letter(ch)
        self.window[ch] += 1
        return self.window[ch]

    @tool
    def RemoveFromWindow(self, ch: str) -> int:
        """Count one copy of a letter out of the window; returns how many copies of it remain.

        Args:
            ch: one uppercase letter that is in the window.
        """
        self._letter(ch)
        if self.window[ch] == 0:
            raise ToolError(f"the window holds no {ch!r}")
        self.window[ch] -= 1
        return self.window[ch]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, k = env.GetLength(), env.GetK()
        chars: list[str] = []
        left = top = 0
        for right in range(n):
            chars.append(env.GetChar(index=right))
            top = max(top, env.AddToWindow(ch=chars[right]))
            if right - left + 1 - top > k:  # too many changes needed: slide the window (it never shrinks)
                env.RemoveFromWindow(ch=chars[left])
                left += 1
        env.Done(answer=n - left)
