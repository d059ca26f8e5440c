"""Valid anagram: count letters of one hidden word up and of the other down, then check all counts are zero."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 6), "medium": (12, 20), "hard": (35, 50)}


def solve(s: str, t: str) -> bool:
    """Independent reference: compare sorted letters."""
    return sorted(s) == sorted(t)


class ValidAnagramEnv(Environment):
    """Two lowercase words s and t are hidden. Answer true if t is an anagram of s (same letters, same counts),
    else false. The answer is a boolean."""

    class Config(BaseModel):
        s: str
        t: str

    answer_type = bool
    meta = EnvMeta(source="classic: valid anagram (LeetCode 242)", license="original", split="train",
                   tags=("counting", "strings"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        s = "".join(rng.choice("abcdef") for _ in range(rng.randint(*SIZES[difficulty])))
        letters = list(s)
        rng.shuffle(letters)
        if rng.random() < 0.5:
            letters[rng.randrange(len(letters))] = rng.choice("abcdefg")
        return cls.Config(s=s, t="".join(letters))

    def setup(self) -> None:
        self.counts: dict[str, int] = {}

    def observe(self) -> str:
        return f"Two words are hidden; {len(self.counts)} letters have a count."

    def reference_answer(self) -> bool:
        from collections import Counter

        return Counter(self.config.s) == Counter(self.config.t)

    def source_args(self) -> tuple[str, str]:
        return (self.config.s, self.config.t)

    def _word(self, which: str) -> str:
        if which not in ("s", "t"):
            raise ToolError('which must be "s" or "t"')
        return self.config.s if which == "s" else self.config.t

    @tool
    def GetLength(self, which: str) -> int:
        """Return the length of a word.

        Args:
            which: "s" or "t".
        """
        return len(self._word(which))

    @tool
    def GetLetter(self, which: str, index: int) -> str:
        """Return one letter of a word.

        Args:
            which: "s" or "t".
            index: zero-based position.
        """
        word = self._word(which)
        if not 0 <= index < len(word):
            raise ToolError(f"index {index} is out of range [0, {len(word)})")
        return word[index]

    @tool
    def AdjustCount(self, letter: str, delta: int) -> int:
        """Add delta (+1 or -1) to a letter's count; returns the new count.

        Args:
            letter: one letter.
            delta: +1 or -1.
        """
        if delta not in (1, -1) or len(letter) != 1:
            raise ToolError("give one letter and a delta of +1 or -1")
        self.counts[letter] = self.counts.get(letter, 0) + delta
        return self.counts[letter]

    @tool
    def AllCountsZero(self) -> bool:
        """Whether every letter's count is zero."""
        return all(v == 0 for v in self.counts.values())

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        if env.GetLength(which="s") != env.GetLength(which="t"):
            env.Done(answer=False)
            return
        for which, delta in (("s", 1), ("t", -1)):
            for i in range(env.GetLength(which=which)):
                env.AdjustCount(letter=env.GetLetter(which=which, index=i), delta=delta)
        env.Done(answer=env.AllCountsZero())
