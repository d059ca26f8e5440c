"""String compression: scan runs of equal characters and add each run's encoded length to a running total."""

from __future__ import annotations

import itertools
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import TallyMixin

SIZES = {"easy": (10, 18), "medium": (35, 60), "hard": (80, 120)}


def solve(chars: str) -> int:
    """Independent reference: group with itertools and measure the written counts as text."""
    return sum(1 + (len(str(k)) if k > 1 else 0) for k in (len(list(g)) for _, g in itertools.groupby(chars)))


class StringCompressionEnv(TallyMixin):
    """A string of lowercase letters is hidden. Compress it with run-length encoding: each maximal run of a
    repeated character becomes the character followed by the run's length in decimal, written only when the
    length is more than 1 ("aaabcc" -> "a3bc2", a run of 12 'x' -> "x12"). What is the length of the compressed
    string? The answer is an integer."""

    class Config(BaseModel):
        chars: str

    answer_type = int
    meta = EnvMeta(source="classic: string compression (LeetCode 443)", license="original", split="train",
                   tags=("string", "run-length"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        out: list[str] = []
        while len(out) < n:
            ch = rng.choice([c for c in "abcdef" if not out or c != out[-1]])
            run = rng.choice([1, 1, 2, 3, 4, rng.randint(5, 14)])
            out.extend(ch * run)
        return cls.Config(chars="".join(out[:n]))

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"A string of {len(self.config.chars)} characters is hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        s, total, i = self.config.chars, 0, 0
        while i < len(s):
            j = i
            while j < len(s) and s[j] == s[i]:
                j += 1
            run = j - i
            total += 1 + (len(str(run)) if run > 1 else 0)
            i = j
        return total

    def source_args(self) -> tuple[str]:
        return (self.config.chars,)

    @tool
    def GetLength(self) -> int:
        """Return the length of the hidden string."""
        return len(self.config.chars)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position of the string.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.chars):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.chars)})")
        return self.config.chars[index]

    @tool
    def CountDigits(self, number: int) -> int:
        """Return how many decimal digits a positive integer has.

        Args:
            number: an integer >= 1.
        """
        if number < 1:
            raise ToolError("number must be >= 1")
        return len(str(number))

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        prev, run = env.GetChar(index=0), 1
        for i in range(1, n + 1):
            ch = env.GetChar(index=i) if i < n else None
            if ch == prev:
                run += 1
                continue
            env.AddToTotal(value=1 + (env.CountDigits(number=run) if run > 1 else 0))
            prev, run = ch, 1
        env.Done(answer=env.GetTotal())
