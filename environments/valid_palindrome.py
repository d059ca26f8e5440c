"""Valid palindrome: two pointers that skip non-alphanumeric characters and compare letters case-insensitively."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import StringLengthEnv

SIZES = {"easy": (12, 16), "medium": (22, 32), "hard": (45, 65)}
NOISE = " ,.:;!?'-"


def solve(s: str) -> bool:
    """Independent reference: filter, lower-case and compare with the reverse."""
    kept = [c.lower() for c in s if c.isalnum()]
    return kept == kept[::-1]


class ValidPalindromeEnv(StringLengthEnv):
    """A string of letters, digits, spaces and punctuation is hidden. Ignoring every character that is not a
    letter or digit, and ignoring upper/lower case, does it read the same forwards and backwards? The answer is
    a boolean."""

    class Config(BaseModel):
        s: str

    answer_type = bool
    meta = EnvMeta(source="classic: valid palindrome (LeetCode 125)", license="original", split="train",
                   tags=("string", "two pointers"))
    string_field = "s"
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        core_len = max(3, int(n * rng.uniform(0.55, 0.75)))
        half = [rng.choice("abcdefgh0123") for _ in range(core_len // 2)]
        core = half + ([rng.choice("xyz")] if core_len % 2 else []) + half[::-1]
        if rng.random() < 0.5:  # break it in one place, near the middle so the scan goes most of the way
            i = rng.randint(max(0, len(core) // 2 - 2), len(core) // 2 - 1)
            core[i] = rng.choice([c for c in "abcdefgh0123" if c != core[i]])
        core = [c.upper() if c.isalpha() and rng.random() < 0.3 else c for c in core]
        while len(core) < n:
            core.insert(rng.randint(0, len(core)), rng.choice(NOISE))
        return cls.Config(s="".join(core))

    def observe(self) -> str:
        return f"A string of {len(self.config.s)} characters is hidden."

    def reference_answer(self) -> bool:
        s, i, j = self.config.s, 0, len(self.config.s) - 1
        while i < j:
            if not s[i].isalnum():
                i += 1
            elif not s[j].isalnum():
                j -= 1
            elif s[i].lower() != s[j].lower():
                return False
            else:
                i, j = i + 1, j - 1
        return True

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position of the string.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self.check_index(index)
        return self.config.s[index]

    @tool
    def IsAlphanumeric(self, ch: str) -> bool:
        """Whether a single character is a letter or a digit.

        Args:
            ch: one character.
        """
        if len(ch) != 1:
            raise ToolError("ch must be exactly one character")
        return ch.isalnum()

    @tool
    def ToLower(self, ch: str) -> str:
        """Return the lower-case form of a single character (digits are unchanged).

        Args:
            ch: one character.
        """
        if len(ch) != 1:
            raise ToolError("ch must be exactly one character")
        return ch.lower()

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        i, j = 0, env.GetLength() - 1
        left = right = None
        while i < j:
            if left is None:
                ch = env.GetChar(index=i)
                if not env.IsAlphanumeric(ch=ch):
                    i += 1
                    continue
                left = env.ToLower(ch=ch)
            if right is None:
                ch = env.GetChar(index=j)
                if not env.IsAlphanumeric(ch=ch):
                    j -= 1
                    continue
                right = env.ToLower(ch=ch)
            if left != right:
                env.Done(answer=False)
                return
            i, j, left, right = i + 1, j - 1, None, None
        env.Done(answer=True)
