"""HumanEval/132: does a hidden bracket string contain a nested pair, i.e. "[[]]" as a subsequence?"""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (8, 12), "medium": (20, 30), "hard": (45, 60)}
PATTERN = "[[]]"


def _nested(s: str) -> bool:
    it = iter(s)
    return all(ch in it for ch in PATTERN)  # greedy subsequence test


class NestedBracketsEnv(Environment):
    """A string made only of '[' and ']' is hidden. Answer true if some subsequence of it (characters kept in order,
    not necessarily adjacent) is a valid bracket sequence in which at least one bracket pair is nested inside
    another, i.e. if "[[]]" occurs in it as a subsequence; otherwise false. The answer is a boolean. A matcher for
    the pattern "[[]]" is available: it consumes characters of the string from left to right."""

    class Config(BaseModel):
        string: str

    answer_type = bool
    meta = EnvMeta(source="HumanEval/132", license="MIT (human-eval)", split="test", tags=("strings", "brackets"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        if rng.random() < 0.5:  # no "[[]]": after the second '[' at most one ']'
            head = "".join(rng.choice("]]]][") for _ in range(n // 2))
            head = head.replace("[", "]", head.count("[") - 1) if head.count("[") > 1 else head
            tail = [rng.choice("[[[]") for _ in range(n - len(head))]
            closers = [i for i, ch in enumerate(tail) if ch == "]"]
            for i in closers[1:]:
                tail[i] = "["
            s = head + "".join(tail)
        else:
            s = "".join(rng.choice("][" if rng.random() < 0.6 else "]]][") for _ in range(n))
        return cls.Config(string=s)

    def setup(self) -> None:
        self.matched: list[int] = []

    def observe(self) -> str:
        return f"A bracket string of {len(self.config.string)} characters is hidden. Pattern characters matched: {len(self.matched)} of 4."

    def reference_answer(self) -> bool:
        return _nested(self.config.string)

    def source_args(self) -> tuple[str]:
        return (self.config.string,)

    @tool
    def GetLength(self) -> int:
        """Return the length of the string."""
        return len(self.config.string)

    @tool
    def GetChar(self, index: int) -> str:
        """Return one character of the string.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.string):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.string)})")
        return self.config.string[index]

    @tool
    def NextNeeded(self) -> str:
        """Return the next character of the pattern "[[]]" still to match ("" once all four are matched)."""
        return PATTERN[len(self.matched)] if len(self.matched) < 4 else ""

    @tool
    def Match(self, index: int) -> int:
        """Match the next pattern character with the string's character at a position; returns how many of the
        four pattern characters are matched.

        Args:
            index: a position after the previously matched one, holding the needed character.
        """
        if len(self.matched) == 4:
            raise ToolError("the whole pattern is already matched")
        if self.matched and index <= self.matched[-1]:
            raise ToolError(f"index must come after the last matched position {self.matched[-1]}")
        if self.GetChar(index) != PATTERN[len(self.matched)]:
            raise ToolError(f"position {index} does not hold the needed character '{PATTERN[len(self.matched)]}'")
        self.matched.append(index)
        return len(self.matched)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        need, found = env.NextNeeded(), False
        for i in range(env.GetLength()):
            if env.GetChar(index=i) == need:
                if env.Match(index=i) == 4:
                    found = True
                    break
                need = env.NextNeeded()
        env.Done(answer=found)
