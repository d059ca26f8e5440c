"""HumanEval/125: split a hidden text on whitespace, else on commas, else count certain lowercase letters."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (10, 14), "medium": (20, 30), "hard": (40, 52)}
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


class SplitWordsOrCountEnv(Environment):
    """A text is hidden. If it contains a space, the answer is the list of its words split on whitespace. Otherwise,
    if it contains a comma, the answer is the list of the pieces between commas. Otherwise the answer is the number
    of lowercase letters whose position in the alphabet is odd, counting a = 0, b = 1, ..., z = 25 (so b, d, f, ...
    count). The answer is a list of strings or an integer."""

    class Config(BaseModel):
        txt: str

    answer_type = list[str] | int
    meta = EnvMeta(source="HumanEval/125", license="MIT (human-eval)", split="train", tags=("strings", "parsing"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        kind = rng.choice(["space", "comma", "none"])
        if kind == "none":
            return cls.Config(txt="".join(rng.choice(LETTERS + "abcdefghijklmnop!?") for _ in range(n)))
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < n:
            w = "".join(rng.choice(LETTERS) for _ in range(rng.randint(1, 6)))
            words.append(w + ("!" if rng.random() < 0.15 else ""))
        return cls.Config(txt=(" " if kind == "space" else ",").join(words))

    def observe(self) -> str:
        return f"A text of {len(self.config.txt)} characters is hidden."

    def reference_answer(self) -> list[str] | int:
        t = self.config.txt
        if " " in t:
            return t.split()
        if "," in t:
            return [w for w in t.split(",") if w]
        return sum(ch.islower() and (ord(ch) - ord("a")) % 2 == 1 for ch in t)

    def source_args(self) -> tuple[str]:
        return (self.config.txt,)

    @tool
    def GetLength(self) -> int:
        """Return the length of the text."""
        return len(self.config.txt)

    @tool
    def GetChar(self, index: int) -> str:
        """Return one character of the text.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.txt):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.txt)})")
        return self.config.txt[index]

    @tool
    def IsLowercase(self, char: str) -> bool:
        """Whether a character is a lowercase letter a-z.

        Args:
            char: one character.
        """
        if len(char) != 1:
            raise ToolError("char must be exactly one character")
        return "a" <= char <= "z"

    @tool
    def AlphabetPosition(self, char: str) -> int:
        """Return the position of a lowercase letter in the alphabet, counting a = 0 ... z = 25.

        Args:
            char: one lowercase letter.
        """
        if len(char) != 1 or not "a" <= char <= "z":
            raise ToolError("char must be one lowercase letter a-z")
        return ord(char) - ord("a")

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        text = "".join(env.GetChar(index=i) for i in range(env.GetLength()))
        if " " in text:
            env.Done(answer=text.split())
        elif "," in text:
            env.Done(answer=[w for w in text.split(",") if w])
        else:
            count = sum(env.IsLowercase(char=ch) and env.AlphabetPosition(char=ch) % 2 == 1 for ch in text)
            env.Done(answer=count)
