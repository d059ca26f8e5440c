"""Longest common subsequence: fill the LCS table one cell at a time; the agent says whether letters match."""

from __future__ import annotations

import random
from itertools import combinations

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import WordPairConfig, WordPairTableEnv

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


class LongestCommonSubsequenceEnv(WordPairTableEnv):
    """Two lowercase words a and b are hidden. Find the length of their longest common subsequence: the longest
    word that can be obtained from both by deleting letters without reordering the rest. The answer is an
    integer. Tools hold a DP table: cell (i, j) is the LCS length of the first i letters of a and the first j
    letters of b; row 0 and column 0 are 0 and filled in for you."""

    Config = WordPairConfig

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

    def reference_answer(self) -> int:
        a, b = self.config.a, self.config.b
        prev = [0] * (len(b) + 1)
        for i in range(1, len(a) + 1):
            row = [0]
            for j in range(1, len(b) + 1):
                row.append(prev[j - 1] + 1 if a[i - 1] == b[j - 1] else max(prev[j], row[j - 1]))
            prev = row
        return prev[-1]

    @tool
    def FillCell(self, i: int, j: int, letters_match: bool) -> int:
        """Fill cell (i, j): diagonal + 1 if the letters match, else max(up, left), from cells (i-1, j-1),
        (i-1, j) and (i, j-1), which must already be filled. Returns the cell's value.

        Args:
            i: row, 1 <= i <= length of a.
            j: column, 1 <= j <= length of b.
            letters_match: true if letter i-1 of a equals letter j-1 of b.
        """
        self.check_inner(i, j)
        up, left, diagonal = self.filled_neighbours(i, j)
        self.table[i, j] = diagonal + 1 if letters_match else max(up, left)
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
