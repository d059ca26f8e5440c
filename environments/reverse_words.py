"""Reverse the words of a sentence: scan characters, cut words at spaces, put each word in front of the output."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

WORDS = ("the sky is blue a good example hello world of code run fast slow red tree river stone cloud "
         "light dark moon sun star sea bird fish lamp door").split()
COUNTS = {"easy": (3, 4), "medium": (6, 9), "hard": (12, 16)}


def solve(s: str) -> str:
    """Independent reference: str.split and reversed."""
    return " ".join(reversed(s.split()))


class ReverseWordsEnv(Environment):
    """A sentence is hidden: words of lowercase letters separated by spaces, possibly with extra spaces between
    words and at either end. Return the words in reverse order, joined by single spaces, with no leading or
    trailing spaces ("  the sky  is blue " -> "blue is sky the"). The answer is a string."""

    class Config(BaseModel):
        s: str

    answer_type = str
    meta = EnvMeta(source="classic: reverse words in a string (LeetCode 151)", license="original", split="test",
                   tags=("string",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        words = [rng.choice(WORDS) for _ in range(rng.randint(*COUNTS[difficulty]))]
        gaps = [" " * rng.choice([1, 1, 1, 2, 3]) for _ in words[1:]]
        s = " " * rng.choice([0, 0, 1, 2]) + words[0]
        for gap, w in zip(gaps, words[1:]):
            s += gap + w
        return cls.Config(s=s + " " * rng.choice([0, 0, 1, 2]))

    def setup(self) -> None:
        self.output: list[str] = []

    def observe(self) -> str:
        return f"A sentence of {len(self.config.s)} characters is hidden. Output so far: {len(self.output)} words."

    def reference_answer(self) -> str:
        words, cur = [], ""
        for ch in self.config.s + " ":
            if ch == " ":
                if cur:
                    words.append(cur)
                cur = ""
            else:
                cur += ch
        return " ".join(words[::-1])

    def source_args(self) -> tuple[str]:
        return (self.config.s,)

    @tool
    def GetLength(self) -> int:
        """Return the number of characters in the sentence, spaces included."""
        return len(self.config.s)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position of the sentence (a letter or a space).

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.s):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.s)})")
        return self.config.s[index]

    @tool
    def PrependWord(self, word: str) -> int:
        """Put a word at the front of the output; returns the number of words in the output.

        Args:
            word: a non-empty word without spaces.
        """
        if not word or " " in word:
            raise ToolError("word must be non-empty and contain no spaces")
        self.output.insert(0, word)
        return len(self.output)

    @tool
    def GetOutput(self) -> str:
        """Return the output words joined by single spaces."""
        return " ".join(self.output)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, word = env.GetLength(), ""
        for i in range(n + 1):
            ch = env.GetChar(index=i) if i < n else " "
            if ch != " ":
                word += ch
            elif word:
                env.PrependWord(word=word)
                word = ""
        env.Done(answer=env.GetOutput())
