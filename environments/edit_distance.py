"""Edit distance: fill the Levenshtein DP table one cell at a time; the agent supplies each substitution cost."""

from __future__ import annotations

import functools
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

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


class EditDistanceEnv(Environment):
    """Two lowercase words a and b are hidden. Find the fewest single-letter edits (insert a letter, delete a
    letter, or replace one letter by another) that turn a into b. The answer is an integer. Tools hold a DP
    table: cell (i, j) is the distance between the first i letters of a and the first j letters of b; row 0
    and column 0 are filled in for you."""

    class Config(BaseModel):
        a: str
        b: str

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

    def setup(self) -> None:
        a, b = self.config.a, self.config.b
        self.table: dict[tuple[int, int], int] = {(i, 0): i for i in range(len(a) + 1)}
        self.table.update({(0, j): j for j in range(len(b) + 1)})

    def observe(self) -> str:
        a, b = self.config.a, self.config.b
        inner = len(self.table) - len(a) - len(b) - 1
        return f"Words of {len(a)} and {len(b)} letters are hidden. {inner} of {len(a) * len(b)} inner DP cells filled."

    def reference_answer(self) -> int:
        a, b = self.config.a, self.config.b
        prev = list(range(len(b) + 1))
        for i in range(1, len(a) + 1):
            row = [i]
            for j in range(1, len(b) + 1):
                row.append(min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])))
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
    def FillCell(self, i: int, j: int, cost: int) -> int:
        """Fill cell (i, j) as min(up + 1, left + 1, diagonal + cost), from cells (i-1, j), (i, j-1) and
        (i-1, j-1), which must already be filled. Returns the cell's value.

        Args:
            i: row, 1 <= i <= length of a (a prefix of a).
            j: column, 1 <= j <= length of b (a prefix of b).
            cost: 0 if letter i-1 of a equals letter j-1 of b, else 1.
        """
        if not (1 <= i <= len(self.config.a) and 1 <= j <= len(self.config.b)):
            raise ToolError(f"cell ({i}, {j}) is not an inner cell: need 1 <= i <= {len(self.config.a)}, "
                            f"1 <= j <= {len(self.config.b)}")
        if cost not in (0, 1):
            raise ToolError(f"cost must be 0 (letters equal) or 1 (letters differ), got {cost}")
        missing = [c for c in ((i - 1, j), (i, j - 1), (i - 1, j - 1)) if c not in self.table]
        if missing:
            raise ToolError(f"fill cell(s) {missing} first (go row by row, left to right)")
        t = self.table
        t[i, j] = min(t[i - 1, j] + 1, t[i, j - 1] + 1, t[i - 1, j - 1] + cost)
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
                env.FillCell(i=i, j=j, cost=int(a[i - 1] != b[j - 1]))
        env.Done(answer=env.GetCell(i=len(a), j=len(b)))
