"""Rows of Pascal's triangle for a hidden batch of row numbers: build the triangle once, row by row."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

# (how many row numbers, range of each)
BATCH = {"easy": ((5, 5), (2, 5)), "medium": ((6, 8), (3, 7)), "hard": ((9, 12), (5, 10))}


def solve(k: int) -> list[int]:
    """Independent reference: binomial coefficients."""
    from math import comb

    return [comb(k, i) for i in range(k + 1)]


class PascalRowEnv(BatchEnv):
    """A batch of row numbers k is hidden. For each, return row k of Pascal's triangle (row 0 is [1], row 1 is
    [1, 1], and each inner number is the sum of the two numbers above it). The answer is a list of rows, one per
    hidden k in batch order, each row a list of integers. The triangle is built one number at a time from the
    row above."""

    class Config(BaseModel):
        ks: list[int]

    answer_type = list[list[int]]
    meta = EnvMeta(source="classic: Pascal's triangle II (LeetCode 119)", license="original", split="test",
                   tags=("dp",))
    batch_field = "ks"
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (clo, chi), (lo, hi) = BATCH[difficulty]
        return cls.Config(ks=[rng.randint(lo, hi) for _ in range(rng.randint(clo, chi))])

    def setup(self) -> None:
        self.rows: list[list[int]] = [[1]]
        self.building: list[int] = []

    def observe(self) -> str:
        return (f"{len(self.config.ks)} row numbers are hidden; the triangle has {len(self.rows)} complete rows "
                f"(0..{len(self.rows) - 1}); the row being built has {len(self.building)} numbers.")

    def reference_answer(self) -> list[list[int]]:
        out = []
        for k in self.config.ks:
            row = [1]
            for _ in range(k):
                row = [1] + [a + b for a, b in zip(row, row[1:])] + [1]
            out.append(row)
        return out

    @tool
    def GetCount(self) -> int:
        """Return how many row numbers the batch holds."""
        return len(self.config.ks)

    @tool
    def GetK(self, index: int) -> int:
        """Return one hidden row number k of the batch.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.ks[index]

    @tool
    def GetFromLastRow(self, index: int) -> int:
        """Return a number of the last complete row.

        Args:
            index: zero-based position in that row.
        """
        row = self.rows[-1]
        if not 0 <= index < len(row):
            raise ToolError(f"index {index} is out of range [0, {len(row)})")
        return row[index]

    @tool
    def Push(self, value: int) -> int:
        """Append a number to the row being built; returns its length.

        Args:
            value: the next number of the row.
        """
        self.building.append(value)
        return len(self.building)

    @tool
    def FinishRow(self) -> int:
        """Complete the row being built (it must be one longer than the last row); returns the number of rows."""
        if len(self.building) != len(self.rows[-1]) + 1:
            raise ToolError(f"the new row needs {len(self.rows[-1]) + 1} numbers, it has {len(self.building)}")
        self.rows.append(self.building)
        self.building = []
        return len(self.rows)

    @tool
    def GetRow(self, r: int) -> list[int]:
        """Return a complete row of the triangle built so far.

        Args:
            r: the row number, 0 <= r < number of complete rows.
        """
        if not 0 <= r < len(self.rows):
            raise ToolError(f"row {r} is not built yet: complete rows are 0..{len(self.rows) - 1}")
        return list(self.rows[r])

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ks = [env.GetK(index=i) for i in range(env.GetCount())]
        for r in range(1, max(ks) + 1):  # build the triangle once, up to the largest k
            env.Push(value=1)
            prev = env.GetFromLastRow(index=0)
            for i in range(1, r):
                cur = env.GetFromLastRow(index=i)
                env.Push(value=prev + cur)
                prev = cur
            env.Push(value=1)
            env.FinishRow()
        rows = {k: env.GetRow(r=k) for k in sorted(set(ks))}
        env.Done(answer=[rows[k] for k in ks])
