"""Longest common prefix of several hidden words, compared column by column."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SHAPES = {"easy": (3, (3, 6)), "medium": (5, (6, 10)), "hard": (8, (10, 16))}


def solve(words: list[str]) -> str:
    """Independent reference: shrink a candidate until every word starts with it."""
    prefix = words[0]
    while not all(w.startswith(prefix) for w in words):
        prefix = prefix[:-1]
    return prefix


class LongestCommonPrefixEnv(Environment):
    """Several words are hidden. Return their longest common prefix (the empty string if they share none).
    The answer is a string."""

    class Config(BaseModel):
        words: list[str]

    answer_type = str
    meta = EnvMeta(source="classic: longest common prefix (LeetCode 14)", license="original", split="test",
                   tags=("strings",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        count, (lo, hi) = SHAPES[difficulty]
        stem = "".join(rng.choice("abc") for _ in range(rng.randint(lo, hi)))
        words = [stem + "".join(rng.choice("abc") for _ in range(rng.randint(0, 3))) for _ in range(count)]
        if rng.random() < 0.3:  # cut one word short
            k = rng.randrange(count)
            words[k] = words[k][: rng.randint(0, len(stem))]
        return cls.Config(words=words)

    def setup(self) -> None:
        self.prefix = ""

    def observe(self) -> str:
        return f"{len(self.config.words)} words are hidden. Prefix built so far has {len(self.prefix)} characters."

    def reference_answer(self) -> str:
        out = []
        for chars in zip(*self.config.words):
            if len(set(chars)) != 1:
                break
            out.append(chars[0])
        return "".join(out)

    def source_args(self) -> tuple[list[str]]:
        return (list(self.config.words),)

    @tool
    def GetWordCount(self) -> int:
        """Return how many words there are."""
        return len(self.config.words)

    @tool
    def GetWordLength(self, word: int) -> int:
        """Return the length of one word.

        Args:
            word: zero-based word index.
        """
        self._check(word)
        return len(self.config.words[word])

    @tool
    def GetChar(self, word: int, position: int) -> str:
        """Return one character of one word.

        Args:
            word: zero-based word index.
            position: zero-based character position within that word.
        """
        self._check(word)
        w = self.config.words[word]
        if not 0 <= position < len(w):
            raise ToolError(f"position {position} is out of range for word {word} (length {len(w)})")
        return w[position]

    @tool
    def AppendToPrefix(self, char: str) -> str:
        """Append a character to the prefix being built; returns the prefix.

        Args:
            char: exactly one character.
        """
        if len(char) != 1:
            raise ToolError("char must be exactly one character")
        self.prefix += char
        return self.prefix

    @tool
    def GetPrefix(self) -> str:
        """Return the prefix built so far."""
        return self.prefix

    def _check(self, word: int) -> None:
        if not 0 <= word < len(self.config.words):
            raise ToolError(f"word {word} is out of range [0, {len(self.config.words)})")

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        k = env.GetWordCount()
        shortest = min(env.GetWordLength(word=w) for w in range(k))
        for pos in range(shortest):
            first = env.GetChar(word=0, position=pos)
            if any(env.GetChar(word=w, position=pos) != first for w in range(1, k)):
                break
            env.AppendToPrefix(char=first)
        env.Done(answer=env.GetPrefix())
