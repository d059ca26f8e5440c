"""HumanEval/14: every prefix of a hidden string, shortest first, grown one character at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import StringEnv

SIZES = {"easy": (4, 6), "medium": (10, 16), "hard": (26, 36)}


class AllPrefixesEnv(StringEnv):
    """A non-empty string of lowercase letters is hidden. Return all of its prefixes from the shortest (its first
    character) to the longest (the whole string), e.g. "abc" -> ["a", "ab", "abc"]. The answer is a list of
    strings. RecordPrefix checks each prefix you build against the hidden string, in order."""

    class Config(BaseModel):
        string: str

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/14", license="MIT (human-eval)", split="train", tags=("strings",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(string="".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n)))

    def setup(self) -> None:
        self.recorded = 0

    def observe(self) -> str:
        return f"A string of {len(self.config.string)} letters is hidden; {self.recorded} prefixes recorded."

    def reference_answer(self) -> list[str]:
        s = self.config.string
        return [s[:k] for k in range(1, len(s) + 1)]

    @tool
    def Extend(self, prefix: str, ch: str) -> str:
        """Return prefix + ch.

        Args:
            prefix: the text so far (may be empty).
            ch: one character to append.
        """
        if len(ch) != 1:
            raise ToolError(f"ch must be exactly one character, got {ch!r}")
        return prefix + ch

    @tool
    def RecordPrefix(self, prefix: str) -> int:
        """Check and record the next prefix (one character longer than the last); returns how many are recorded.

        Args:
            prefix: the prefix of length (recorded count + 1).
        """
        expected = self.config.string[: self.recorded + 1]
        if self.recorded >= len(self.config.string):
            raise ToolError("every prefix is already recorded")
        if prefix != expected:
            raise ToolError(f"that is not prefix number {self.recorded + 1} of the hidden string")
        self.recorded += 1
        return self.recorded

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        prefixes, prefix = [], ""
        for i in range(env.GetLength()):
            prefix = env.Extend(prefix=prefix, ch=env.GetChar(index=i))
            env.RecordPrefix(prefix=prefix)
            prefixes.append(prefix)
        env.Done(answer=prefixes)
