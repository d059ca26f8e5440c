"""Longest common subsequence: fill the LCS table one cell at a time; the agent says whether letters match."""

from __future__ import annotations

import random
from itertools import combinations

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (3, 5), "medium": (6, 8), "hard": (9, 11)}
ALPHABET = "abcde"


def solve(text1: str, text2: str) -> int:
    """Independent reference: the longest subsequence of the shorter word (tried longest first) found in the other."""
    short, long_ = sorted((text1, text2), key=len)

    def inside(sub: str, word: str) -> bool:
        it = iter(word)
        return all(ch in it for ch in sub)

    for k in range(len(short), 0, -1):
        if any(inside("".join(short[i] for i in idx), long_) for idx in combinations(range(len(short)), k)):
            return k
    return 0


class LongestCommonSubsequenceEnv(Environment):
    """Two lowercase words a and b are hidden. Find the length of their longest common subsequence: the longest
    word that can be obtained from both by deleting letters without reordering the rest. The answer is an
    integer. Tools hold a DP table: cell (i, j) is the LCS length of the first i letters of a and the first j
    letters of b; row 0 and column 0 are 0 and filled in for you."""

    class Config(BaseModel):
        a: str
        b: str

    answer_type = int
    meta = EnvMeta(source="classic: longest common subsequence (LeetCode 1143)", license="original",
                   split="train", tags=("dp", "strings"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        lo, hi = SIZES[difficulty]
        alphabet = ALPHABET[: rng.randint(3, 5)]
        words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(lo, hi))) for _ in range(2)]
        return cls.Config(a=words[0], b=words[1])

    def setup(self) -> None:
        a, b = self.config.a, self.config.b
        self.table: dict[tuple[int, int], int] = {(i, 0): 0 for i in range(len(a) + 1)}
        self.table.update({(0, j): 0 for j in range(len(b) + 1)})

    def observe(self) -> str:
        a, b = self.config.a, self.config.b
        inner = len(self.table) - len(a) - len(b) - 1
        return f"Words of {len(a)} and {len(b)} letters are hidden. {inner} of {len(a) * len(b)} inner DP cells filled."

    def reference_answer(self) -> int:
        a, b = self.config.a, self.config.b
        prev = [0] * (len(b) + 1)
        for i in range(1, len(a) + 1):
            row = [0]
            for j in range(1, len(b) + 1):
                row.append(prev[j - 1] + 1 if a[i - 1] == b[j - 1] else max(prev[j], row[j - 1]))
            prev = row
        return prev[-1]

    def source_args(self) -> tuple[str, str]:
        return (self.config.a, self.config.b)

    def _word(self, which: str) -> str:
        if which not in ("a", "b"):
            raise ToolError(f'which must be "a" or "b", got {which!r}')
        return self.config.a if which == "a" else self.config.b

    @tool
    def GetLength(self, which: str) -> int:
        """Return the length of a word.

        Args:
            which: "a" or "b".
        """
        return len(self._word(which))

    @tool
    def GetLetter(self, which: str, index: int) -> str:
        """Return one letter of a word.

        Args:
            which: "a" or "b".
            index: zero-based position, 0 <= index < length of that word.
        """
        word = self._word(which)
        if not 0 <= index < len(word):
            raise ToolError(f"index {index} is out of range [0, {len(word)}) for word {which}")
        return word[index]

    @tool
    def FillCell(self, i: int, j: int, letters_match: bool) -> int:
        """Fill cell (i, j): diagonal + 1 if the letters match, else max(up, left), from cells (i-1, j-1),
        (i-1, j) and (i, j-1), which must already be filled. Returns the cell's value.

        Args:
            i: row, 1 <= i <= length of a.
            j: column, 1 <= j <= length of b.
            letters_match: true if letter i-1 of a equals letter j-1 of b.
        """
        if not (1 <= i <= len(self.config.a) and 1 <= j <= len(self.config.b)):
            raise ToolError(f"cell ({i}, {j}) is not an inner cell: need 1 <= i <= {len(self.config.a)}, "
                            f"1 <= j <= {len(self.config.b)}")
        missing = [c for c in ((i - 1, j), (i, j - 1), (i - 1, j - 1)) if c not in self.table]
        if missing:
            raise ToolError(f"fill cell(s) {missing} first (go row by row, left to right)")
        t = self.table
        t[i, j] = t[i - 1, j - 1] + 1 if letters_match else max(t[i - 1, j], t[i, j - 1])
        return t[i, j]

    @tool
    def GetCell(self, i: int, j: int) -> int:
        """Return the value of a filled DP cell.

        Args:
            i: row, 0 <= i <= length of a.
            j: column, 0 <= j <= length of b.
        """
        if (i, j) not in self.table:
            raise ToolError(f"cell ({i}, {j}) is outside the table or not filled yet")
        return self.table[i, j]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        a = [env.GetLetter(which="a", index=i) for i in range(env.GetLength(which="a"))]
        b = [env.GetLetter(which="b", index=j) for j in range(env.GetLength(which="b"))]
        for i in range(1, len(a) + 1):
            for j in range(1, len(b) + 1):
                env.FillCell(i=i, j=j, letters_match=a[i - 1] == b[j - 1])
        env.Done(answer=env.GetCell(i=len(a), j=len(b)))
