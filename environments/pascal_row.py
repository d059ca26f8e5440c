"""Row k of Pascal's triangle, built row by row from the previous one."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

RANGES = {"easy": (3, 4), "medium": (6, 8), "hard": (10, 12)}


def solve(k: int) -> list[int]:
    """Independent reference: binomial coefficients."""
    from math import comb

    return [comb(k, i) for i in range(k + 1)]


class PascalRowEnv(Environment):
    """An integer k is hidden. Return row k of Pascal's triangle (row 0 is [1], row 1 is [1, 1]). The answer is a
    list of integers. Rows are built one number at a time from the row above."""

    class Config(BaseModel):
        k: int

    answer_type = list[int]
    meta = EnvMeta(source="classic: Pascal's triangle II (LeetCode 119)", license="original", split="test",
                   tags=("dp",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(k=rng.randint(*RANGES[difficulty]))

    def setup(self) -> None:
        self.rows: list[list[int]] = [[1]]
        self.building: list[int] = []

    def observe(self) -> str:
        return f"k is hidden; {len(self.rows)} complete rows; the row being built has {len(self.building)} numbers."

    def reference_answer(self) -> list[int]:
        row = [1]
        for _ in range(self.config.k):
            row = [1] + [a + b for a, b in zip(row, row[1:])] + [1]
        return row

    def source_args(self) -> tuple[int]:
        return (self.config.k,)

    @tool
    def GetK(self) -> int:
        """Return k, the row you must produce."""
        return self.config.k

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
    def GetLastRow(self) -> list[int]:
        """Return the last complete row."""
        return list(self.rows[-1])

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for r in range(1, env.GetK() + 1):
            env.Push(value=1)
            prev = env.GetFromLastRow(index=0)
            for i in range(1, r):
                cur = env.GetFromLastRow(index=i)
                env.Push(value=prev + cur)
                prev = cur
            env.Push(value=1)
            env.FinishRow()
        env.Done(answer=env.GetLastRow())
