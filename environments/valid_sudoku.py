"""Valid sudoku: visit the filled cells one at a time and record each digit in its row, column and box."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

FILLED = {"easy": (12, 18), "medium": (22, 28), "hard": (30, 38)}


def solve(board: list[str]) -> bool:
    """Independent reference: every row, column and box, as a list of its digits, has no repeats."""
    units = [list(row) for row in board]
    units += [[board[r][c] for r in range(9)] for c in range(9)]
    units += [[board[r][c] for r in range(br, br + 3) for c in range(bc, bc + 3)]
              for br in (0, 3, 6) for bc in (0, 3, 6)]
    return all(len(d) == len(set(d)) for d in ([x for x in u if x != "."] for u in units))


class ValidSudokuEnv(Environment):
    """A partly filled 9 x 9 sudoku board is hidden; empty cells are '.', filled cells hold a digit 1-9. The
    board is valid if no digit repeats within any row, any column, or any of the nine 3 x 3 boxes (only filled
    cells count; the board need not be solvable). Is the board valid? The answer is a boolean. The filled cells
    are listed in reading order (row by row, left to right) and read one at a time."""

    class Config(BaseModel):
        board: list[str]

    answer_type = bool
    meta = EnvMeta(source="classic: valid sudoku (LeetCode 36)", license="original", split="train",
                   tags=("grid", "hashing"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        digits = rng.sample(range(1, 10), 9)
        bands = [b * 3 + r for b in rng.sample(range(3), 3) for r in rng.sample(range(3), 3)]
        stacks = [s * 3 + c for s in rng.sample(range(3), 3) for c in rng.sample(range(3), 3)]
        solved = [[digits[(3 * (r % 3) + r // 3 + c) % 9] for c in stacks] for r in bands]
        cells = rng.sample([(r, c) for r in range(9) for c in range(9)], rng.randint(*FILLED[difficulty]))
        board = [["."] * 9 for _ in range(9)]
        for r, c in cells:
            board[r][c] = str(solved[r][c])
        if rng.random() < 0.5:  # copy a digit into a conflicting cell of its row, column or box
            (r, c) = rng.choice(cells)
            kind = rng.choice(["row", "col", "box"])
            if kind == "row":
                spots = [(r, j) for j in range(9)]
            elif kind == "col":
                spots = [(i, c) for i in range(9)]
            else:
                spots = [(i, j) for i in range(r - r % 3, r - r % 3 + 3) for j in range(c - c % 3, c - c % 3 + 3)]
            r2, c2 = rng.choice([p for p in spots if p != (r, c)])
            board[r2][c2] = board[r][c]
        return cls.Config(board=["".join(row) for row in board])

    def setup(self) -> None:
        self.cells = [(r, c, int(ch)) for r, row in enumerate(self.config.board) for c, ch in enumerate(row)
                      if ch != "."]
        self.units: dict[tuple[str, int], set[int]] = {}

    def observe(self) -> str:
        return (f"A 9 x 9 sudoku board with {len(self.cells)} filled cells is hidden. "
                f"Digits recorded in units: {sum(len(s) for s in self.units.values())}.")

    def reference_answer(self) -> bool:
        seen = set()
        for r, c, d in self.cells:
            keys = {("row", r, d), ("col", c, d), ("box", r // 3 * 3 + c // 3, d)}
            if keys & seen:
                return False
            seen |= keys
        return True

    def source_args(self) -> tuple[list[str]]:
        return (list(self.config.board),)

    @tool
    def GetFilledCount(self) -> int:
        """Return how many cells of the board are filled."""
        return len(self.cells)

    @tool
    def GetFilledCell(self, k: int) -> list[int]:
        """Return the k-th filled cell in reading order, as [row, col, digit].

        Args:
            k: zero-based rank among the filled cells, 0 <= k < filled count.
        """
        if not 0 <= k < len(self.cells):
            raise ToolError(f"k {k} is out of range [0, {len(self.cells)})")
        return list(self.cells[k])

    @tool
    def BoxIndex(self, row: int, col: int) -> int:
        """Return the index 0-8 of the 3 x 3 box holding a cell (boxes are numbered row by row).

        Args:
            row: zero-based row, 0..8.
            col: zero-based column, 0..8.
        """
        if not (0 <= row < 9 and 0 <= col < 9):
            raise ToolError("row and col must be in 0..8")
        return row // 3 * 3 + col // 3

    @tool
    def RecordDigit(self, unit: Literal["row", "col", "box"], index: int, digit: int) -> bool:
        """Record a digit as seen in a row, column or box; returns false if it was already recorded there (a
        repeat), true otherwise.

        Args:
            unit: "row", "col" or "box".
            index: which row, column or box, 0..8.
            digit: the digit, 1..9.
        """
        if not (0 <= index < 9 and 1 <= digit <= 9):
            raise ToolError("index must be in 0..8 and digit in 1..9")
        seen = self.units.setdefault((unit, index), set())
        if digit in seen:
            return False
        seen.add(digit)
        return True

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for k in range(env.GetFilledCount()):
            r, c, d = env.GetFilledCell(k=k)
            box = env.BoxIndex(row=r, col=c)
            for unit, index in (("row", r), ("col", c), ("box", box)):
                if not env.RecordDigit(unit=unit, index=index, digit=d):
                    env.Done(answer=False)
                    return
        env.Done(answer=True)
