"""Group anagrams: count the groups of hidden words that are rearrangements of each other."""

from __future__ import annotations

import random
from collections import Counter

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 7), "medium": (18, 28), "hard": (55, 72)}


def solve(strs: list[str]) -> int:
    """Independent reference: compare letter counts against one representative per group."""
    groups: list[Counter[str]] = []
    for w in strs:
        c = Counter(w)
        if not any(c == g for g in groups):
            groups.append(c)
    return len(groups)


class GroupAnagramsEnv(Environment):
    """A list of lowercase words is hidden. Two words are in the same group when one is a rearrangement of the
    other's letters (an anagram; equal words are in the same group too). Return the number of groups. The answer
    is an integer."""

    class Config(BaseModel):
        words: list[str]

    answer_type = int
    meta = EnvMeta(source="classic: group anagrams (LeetCode 49), counting the groups", license="original",
                   split="test", tags=("hashing", "strings"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        bases = ["".join(rng.choice("aeilnorst") for _ in range(rng.randint(3, 5))) for _ in range(max(2, n // 3))]
        words = []
        for _ in range(n):
            letters = list(rng.choice(bases))
            rng.shuffle(letters)
            words.append("".join(letters))
        return cls.Config(words=words)

    def setup(self) -> None:
        self.groups: Counter[str] = Counter()

    def observe(self) -> str:
        return f"{len(self.config.words)} words are hidden. Groups recorded: {len(self.groups)}."

    def source_args(self) -> tuple[list[str]]:
        return (list(self.config.words),)

    def reference_answer(self) -> int:
        return len({"".join(sorted(w)) for w in self.config.words})

    @tool
    def GetWordCount(self) -> int:
        """Return the number of words."""
        return len(self.config.words)

    @tool
    def GetWord(self, index: int) -> str:
        """Return one word.

        Args:
            index: zero-based word number, 0 <= index < word count.
        """
        if not 0 <= index < len(self.config.words):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.words)})")
        return self.config.words[index]

    @tool
    def SortLetters(self, word: str) -> str:
        """Return the letters of a word in alphabetical order (the same for all anagrams of it).

        Args:
            word: any word.
        """
        return "".join(sorted(word))

    @tool
    def AddToGroup(self, key: str) -> int:
        """Add one word to the group with a key; returns how many words that group holds now.

        Args:
            key: the group key (for instance a word's sorted letters).
        """
        if not key:
            raise ToolError("the key must not be empty")
        self.groups[key] += 1
        return self.groups[key]

    @tool
    def CountGroups(self) -> int:
        """Return how many different group keys have been added."""
        return len(self.groups)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetWordCount()):
            env.AddToGroup(key=env.SortLetters(word=env.GetWord(index=i)))
        env.Done(answer=env.CountGroups())
