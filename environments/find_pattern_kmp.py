"""First occurrence of a pattern in a text (strStr) with Knuth-Morris-Pratt, one character comparison a call."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": ((12, 20), (3, 4)), "medium": ((30, 45), (4, 6)), "hard": ((60, 85), (5, 8))}


def solve(text: str, pattern: str) -> int:
    """Independent reference: Python's str.find."""
    return text.find(pattern)


class FindPatternEnv(Environment):
    """A text and a non-empty pattern, both made of lowercase letters, are hidden. Return the index of the first
    occurrence of the pattern in the text (zero-based), or -1 if the pattern does not occur. The answer is an
    integer. Tools compare one pair of characters at a time, so an algorithm that never re-reads the text
    (Knuth-Morris-Pratt) saves calls."""

    class Config(BaseModel):
        text: str
        pattern: str

    answer_type = int
    meta = EnvMeta(source="classic: find the index of the first occurrence in a string (LeetCode 28)",
                   license="original", split="train", tags=("string", "kmp"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (nlo, nhi), (mlo, mhi) = SIZES[difficulty]
        n, m = rng.randint(nlo, nhi), rng.randint(mlo, mhi)
        letters = "ab" if rng.random() < 0.6 else "abc"
        text = [rng.choice(letters) for _ in range(n)]
        pattern = [rng.choice(letters) for _ in range(m)]
        if rng.random() < 0.7:
            at = rng.randint(0, n - m)
            text[at:at + m] = pattern
        return cls.Config(text="".join(text), pattern="".join(pattern))

    def observe(self) -> str:
        return (f"A text of {len(self.config.text)} letters and a pattern of {len(self.config.pattern)} letters "
                "are hidden.")

    def reference_answer(self) -> int:
        t, p = self.config.text, self.config.pattern
        for start in range(len(t) - len(p) + 1):
            if all(t[start + j] == p[j] for j in range(len(p))):
                return start
        return -1

    def source_args(self) -> tuple[str, str]:
        return (self.config.text, self.config.pattern)

    def _check(self, name: str, i: int, size: int) -> None:
        if not 0 <= i < size:
            raise ToolError(f"{name} index {i} is out of range [0, {size})")

    @tool
    def GetTextLength(self) -> int:
        """Return the length of the text."""
        return len(self.config.text)

    @tool
    def GetPatternLength(self) -> int:
        """Return the length of the pattern."""
        return len(self.config.pattern)

    @tool
    def PatternCharsEqual(self, i: int, j: int) -> bool:
        """Whether two positions of the pattern hold the same character (for building the failure table).

        Args:
            i: zero-based position in the pattern.
            j: zero-based position in the pattern.
        """
        m = len(self.config.pattern)
        self._check("pattern", i, m)
        self._check("pattern", j, m)
        return self.config.pattern[i] == self.config.pattern[j]

    @tool
    def TextMatchesPattern(self, text_index: int, pattern_index: int) -> bool:
        """Whether a character of the text equals a character of the pattern.

        Args:
            text_index: zero-based position in the text.
            pattern_index: zero-based position in the pattern.
        """
        self._check("text", text_index, len(self.config.text))
        self._check("pattern", pattern_index, len(self.config.pattern))
        return self.config.text[text_index] == self.config.pattern[pattern_index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, m = env.GetTextLength(), env.GetPatternLength()
        fail, k = [0] * m, 0  # fail[i]: length of the longest proper border of pattern[:i+1]
        for i in range(1, m):
            while k and not env.PatternCharsEqual(i=i, j=k):
                k = fail[k - 1]
            if env.PatternCharsEqual(i=i, j=k):
                k += 1
            fail[i] = k
        q = 0
        for i in range(n):
            while q and not env.TextMatchesPattern(text_index=i, pattern_index=q):
                q = fail[q - 1]
            if env.TextMatchesPattern(text_index=i, pattern_index=q):
                q += 1
            if q == m:
                env.Done(answer=i - m + 1)
                return
        env.Done(answer=-1)
