"""Interleaving string: fill a boolean DP table over prefixes of three hidden words, one cell at a time."""

from __future__ import annotations

import functools
import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (2, 4), "medium": (4, 6), "hard": (6, 8)}
Word = Literal["s1", "s2", "s3"]


def solve(s1: str, s2: str, s3: str) -> bool:
    """Independent reference: memoised recursion choosing where the next letter of s3 comes from."""
    if len(s1) + len(s2) != len(s3):
        return False

    @functools.cache
    def can(i: int, j: int) -> bool:
        if i + j == len(s3):
            return True
        k = i + j
        return (i < len(s1) and s1[i] == s3[k] and can(i + 1, j)) or (j < len(s2) and s2[j] == s3[k] and can(i, j + 1))

    return can(0, 0)


class InterleavingStringEnv(Environment):
    """Three words s1, s2 and s3 are hidden. Answer true if s3 is an interleaving of s1 and s2: s3 uses every
    letter of s1 and of s2 exactly once, and keeps the letters of each in their original order (for example
    "axbyc" interleaves "abc" and "xy", but "axcyb" does not). Otherwise answer false. The answer
    is a boolean. Tools hold a table ok(i, j): whether the first i + j letters of s3 interleave the first i
    letters of s1 and the first j letters of s2; ok(0, 0) is true and filled in for you."""

    class Config(BaseModel):
        s1: str
        s2: str
        s3: str

    answer_type = bool
    meta = EnvMeta(source="classic: interleaving string (LeetCode 97)", license="original", split="train",
                   tags=("dp", "strings"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        lo, hi = SIZES[difficulty]
        alphabet = "abc"[: rng.randint(2, 3)]
        s1, s2 = ("".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi))) for _ in range(2))
        picks = [0] * len(s1) + [1] * len(s2)
        rng.shuffle(picks)
        it1, it2 = iter(s1), iter(s2)
        s3 = [next(it2) if p else next(it1) for p in picks]
        want = rng.random() < 0.5
        for _ in range(50):  # for a false case, swap two letters of s3 until it no longer interleaves
            if solve(s1, s2, "".join(s3)) == want:
                break
            i, j = rng.sample(range(len(s3)), 2)
            s3[i], s3[j] = s3[j], s3[i]
        return cls.Config(s1=s1, s2=s2, s3="".join(s3))

    def setup(self) -> None:
        self.table: dict[tuple[int, int], bool] = {(0, 0): True}

    def observe(self) -> str:
        c = self.config
        return (f"Words s1, s2, s3 of {len(c.s1)}, {len(c.s2)} and {len(c.s3)} letters are hidden. "
                f"Table cells filled: {len(self.table)} of {(len(c.s1) + 1) * (len(c.s2) + 1)}.")

    def reference_answer(self) -> bool:
        a, b, c = self.config.s1, self.config.s2, self.config.s3
        if len(a) + len(b) != len(c):
            return False
        row = [True] + [False] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = row[j - 1] and b[j - 1] == c[j - 1]
        for i in range(1, len(a) + 1):
            row[0] = row[0] and a[i - 1] == c[i - 1]
            for j in range(1, len(b) + 1):
                row[j] = (row[j] and a[i - 1] == c[i + j - 1]) or (row[j - 1] and b[j - 1] == c[i + j - 1])
        return row[-1]

    def source_args(self) -> tuple[str, str, str]:
        return (self.config.s1, self.config.s2, self.config.s3)

    def _cell(self, i: int, j: int) -> None:
        n1, n2 = len(self.config.s1), len(self.config.s2)
        if not (0 <= i <= n1 and 0 <= j <= n2):
            raise ToolError(f"cell ({i}, {j}) is outside the table: 0 <= i <= {n1}, 0 <= j <= {n2}")

    @tool
    def GetLength(self, which: Word) -> int:
        """Return the length of one word.

        Args:
            which: "s1", "s2" or "s3".
        """
        return len(getattr(self.config, which))

    @tool
    def GetLetter(self, which: Word, index: int) -> str:
        """Return one letter of a word.

        Args:
            which: "s1", "s2" or "s3".
            index: zero-based position, 0 <= index < length of that word.
        """
        word = getattr(self.config, which)
        if not 0 <= index < len(word):
            raise ToolError(f"index {index} is out of range [0, {len(word)}) for {which}")
        return word[index]

    @tool
    def FillCell(self, i: int, j: int, s1_letter_fits: bool, s2_letter_fits: bool) -> bool:
        """Fill ok(i, j) = (ok(i-1, j) and s1_letter_fits) or (ok(i, j-1) and s2_letter_fits), using only the
        neighbours inside the table, which must already be filled. Returns ok(i, j).

        Args:
            i: letters of s1 used, 0 <= i <= length of s1 (not both i and j zero).
            j: letters of s2 used, 0 <= j <= length of s2.
            s1_letter_fits: true if i >= 1 and letter i-1 of s1 equals letter i+j-1 of s3.
            s2_letter_fits: true if j >= 1 and letter j-1 of s2 equals letter i+j-1 of s3.
        """
        self._cell(i, j)
        if i == j == 0:
            raise ToolError("cell (0, 0) is already filled (true)")
        if i + j > len(self.config.s3):
            raise ToolError(f"cell ({i}, {j}) would use {i + j} letters of s3, which has {len(self.config.s3)}")
        need = [c for c, flag in (((i - 1, j), i >= 1), ((i, j - 1), j >= 1)) if flag]
        missing = [c for c in need if c not in self.table]
        if missing:
            raise ToolError(f"fill cell(s) {missing} first (go row by row, left to right)")
        t = self.table
        t[i, j] = (i >= 1 and t[i - 1, j] and s1_letter_fits) or (j >= 1 and t[i, j - 1] and s2_letter_fits)
        return t[i, j]

    @tool
    def GetCell(self, i: int, j: int) -> bool:
        """Return the filled value ok(i, j).

        Args:
            i: 0 <= i <= length of s1.
            j: 0 <= j <= length of s2.
        """
        self._cell(i, j)
        if (i, j) not in self.table:
            raise ToolError(f"cell ({i}, {j}) is not filled yet")
        return self.table[i, j]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n1, n2, n3 = (env.GetLength(which=w) for w in ("s1", "s2", "s3"))
        if n1 + n2 != n3:
            env.Done(answer=False)
            return
        a, b, c = ([env.GetLetter(which=w, index=k) for k in range(n)] for w, n in (("s1", n1), ("s2", n2), ("s3", n3)))
        for i in range(n1 + 1):
            for j in range(n2 + 1):
                if i or j:
                    env.FillCell(i=i, j=j, s1_letter_fits=i >= 1 and a[i - 1] == c[i + j - 1],
                                 s2_letter_fits=j >= 1 and b[j - 1] == c[i + j - 1])
        env.Done(answer=env.GetCell(i=n1, j=n2))
