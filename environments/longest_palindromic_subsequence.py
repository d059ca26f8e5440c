"""Longest palindromic subsequence: fill an interval DP table over a hidden word, shortest intervals first."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (4, 5), "medium": (6, 8), "hard": (10, 13)}


def solve(s: str) -> int:
    """Independent reference: the longest common subsequence of the word and its reverse."""
    r = s[::-1]
    prev = [0] * (len(r) + 1)
    for ch in s:
        row = [0]
        for j, other in enumerate(r):
            row.append(prev[j] + 1 if ch == other else max(prev[j + 1], row[j]))
        prev = row
    return prev[-1]


class LongestPalindromicSubsequenceEnv(Environment):
    """A lowercase word is hidden. Find the length of its longest palindromic subsequence: the longest word
    that reads the same forwards and backwards and can be obtained by deleting letters without reordering the
    rest. The answer is an integer. Tools hold a table L(i, j) for 0 <= i <= j < length: the answer for the
    letters i..j (both included); fill an interval only after the shorter intervals inside it."""

    class Config(BaseModel):
        word: str

    answer_type = int
    meta = EnvMeta(source="classic: longest palindromic subsequence (LeetCode 516)", license="original",
                   split="train", tags=("dp", "strings", "interval dp"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        alphabet = "abcdef"[: rng.randint(3, 6)]
        return cls.Config(word="".join(rng.choice(alphabet) for _ in range(n)))

    def setup(self) -> None:
        self.table: dict[tuple[int, int], int] = {}

    def observe(self) -> str:
        n = len(self.config.word)
        return f"A word of {n} letters is hidden. Intervals filled: {len(self.table)} of {n * (n + 1) // 2}."

    def reference_answer(self) -> int:
        s = self.config.word
        n = len(s)
        best = [[0] * n for _ in range(n)]
        for i in range(n - 1, -1, -1):
            best[i][i] = 1
            for j in range(i + 1, n):
                best[i][j] = best[i + 1][j - 1] + 2 if s[i] == s[j] else max(best[i + 1][j], best[i][j - 1])
        return best[0][n - 1]

    def source_args(self) -> tuple[str]:
        return (self.config.word,)

    def _interval(self, i: int, j: int) -> None:
        n = len(self.config.word)
        if not 0 <= i <= j < n:
            raise ToolError(f"interval ({i}, {j}) is invalid: need 0 <= i <= j < {n}")

    @tool
    def GetLength(self) -> int:
        """Return how many letters the hidden word has."""
        return len(self.config.word)

    @tool
    def GetLetter(self, index: int) -> str:
        """Return one letter of the word.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.word):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.word)})")
        return self.config.word[index]

    @tool
    def FillInterval(self, i: int, j: int, ends_match: bool) -> int:
        """Fill L(i, j): 1 if i == j; L(i+1, j-1) + 2 if letters i and j are equal (2 when j == i + 1);
        else max(L(i+1, j), L(i, j-1)). The intervals used must already be filled. Returns L(i, j).

        Args:
            i: first letter of the interval, 0 <= i <= j.
            j: last letter of the interval, j < length.
            ends_match: true if letter i equals letter j (ignored when i == j).
        """
        self._interval(i, j)
        t = self.table
        if i == j:
            t[i, j] = 1
            return 1
        need = [(i + 1, j - 1)] if ends_match and j > i + 1 else [] if ends_match else [(i + 1, j), (i, j - 1)]
        missing = [c for c in need if c not in t]
        if missing:
            raise ToolError(f"fill interval(s) {missing} first (shorter intervals before longer ones)")
        t[i, j] = (t.get((i + 1, j - 1), 0) + 2) if ends_match else max(t[i + 1, j], t[i, j - 1])
        return t[i, j]

    @tool
    def GetInterval(self, i: int, j: int) -> int:
        """Return the filled value L(i, j).

        Args:
            i: first letter of the interval.
            j: last letter of the interval.
        """
        self._interval(i, j)
        if (i, j) not in self.table:
            raise ToolError(f"interval ({i}, {j}) is not filled yet")
        return self.table[i, j]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        word = [env.GetLetter(index=k) for k in range(n)]
        for size in range(1, n + 1):  # shorter intervals first
            for i in range(n - size + 1):
                j = i + size - 1
                env.FillInterval(i=i, j=j, ends_match=word[i] == word[j])
        env.Done(answer=env.GetInterval(i=0, j=n - 1))
