"""Edit distance: fill the Levenshtein DP table one cell at a time; the agent supplies each substitution cost."""

from __future__ import annotations

import functools
import random

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import WordPairConfig, WordPairTableEnv

SIZES = {"easy": (3, 4), "medium": (5, 7), "hard": (8, 12)}
ALPHABET = "abcdeor"


def solve(a: str, b: str) -> int:
    """Independent reference: memoised recursion over suffixes."""

    @functools.cache
    def dist(i: int, j: int) -> int:
        if i == len(a) or j == len(b):
            return len(a) - i + len(b) - j
        if a[i] == b[j]:
            return dist(i + 1, j + 1)
        return 1 + min(dist(i + 1, j), dist(i, j + 1), dist(i + 1, j + 1))

    return dist(0, 0)


class EditDistanceEnv(WordPairTableEnv):
    """Two lowercase words a and b are hidden. Find the fewest single-letter edits (insert a letter, delete a
    letter, or replace one letter by another) that turn a into b. The answer is an integer. Tools hold a DP
    table: cell (i, j) is the distance between the first i letters of a and the first j letters of b; row 0
    and column 0 are filled in for you."""

    Config = WordPairConfig

    answer_type = int
    meta = EnvMeta(source="classic: edit distance (LeetCode 72)", license="original", split="test",
                   tags=("dp", "strings"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        lo, hi = SIZES[difficulty]
        a = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(lo, hi)))
        if rng.random() < 0.4:  # an unrelated word
            return cls.Config(a=a, b="".join(rng.choice(ALPHABET) for _ in range(rng.randint(lo, hi))))
        b = list(a)
        for _ in range(rng.randint(1, max(1, len(a) // 2))):  # a few random edits, staying within the size range
            op = rng.choice(("replace", "insert", "delete"))
            if op == "insert" and len(b) < hi:
                b.insert(rng.randint(0, len(b)), rng.choice(ALPHABET))
            elif op == "delete" and len(b) > lo:
                b.pop(rng.randrange(len(b)))
            else:
                k = rng.randrange(len(b))
                b[k] = rng.choice(ALPHABET.replace(b[k], ""))
        return cls.Config(a=a, b="".join(b))

    def edge_value(self, prefix_length: int) -> int:
        return prefix_length  # turning a prefix into the empty word takes one deletion per letter

    def reference_answer(self) -> int:
        a, b = self.config.a, self.config.b
        prev = list(range(len(b) + 1))
        for i in range(1, len(a) + 1):
            row = [i]
            for j in range(1, len(b) + 1):
                row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])))
            prev = row
        return prev[-1]

    @tool
    def FillCell(self, i: int, j: int, cost: int) -> int:
        """Fill cell (i, j) as min(up + 1, left + 1, diagonal + cost), from cells (i-1, j), (i, j-1) and
        (i-1, j-1), which must already be filled. Returns the cell's value.

        Args:
            i: row, 1 <= i <= length of a (a prefix of a).
            j: column, 1 <= j <= length of b (a prefix of b).
            cost: 0 if letter i-1 of a equals letter j-1 of b, else 1.
        """
        self.check_inner(i, j)
        if cost not in (0, 1):
            raise ToolError(f"cost must be 0 (letters equal) or 1 (letters differ), got {cost}")
        up, left, diagonal = self.filled_neighbours(i, j)
        self.table[i, j] = min(up + 1, left + 1, diagonal + cost)
        return self.table[i, j]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        a = [env.GetLetter(which="a", index=i) for i in range(env.GetLength(which="a"))]
        b = [env.GetLetter(which="b", index=j) for j in range(env.GetLength(which="b"))]
        for i in range(1, len(a) + 1):
            for j in range(1, len(b) + 1):
                env.FillCell(i=i, j=j, cost=int(a[i - 1] != b[j - 1]))
        env.Done(answer=env.GetCell(i=len(a), j=len(b)))
