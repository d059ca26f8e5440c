"""Valid parentheses: scan a hidden bracket string, pushing openers and popping their matching closers."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (8, 12), "medium": (20, 40), "hard": (60, 100)}
PAIRS = {")": "(", "]": "[", "}": "{"}
CLOSER = {v: k for k, v in PAIRS.items()}


def solve(s: str) -> bool:
    """Independent reference: erase adjacent matched pairs until nothing changes."""
    while True:
        shorter = s.replace("()", "").replace("[]", "").replace("{}", "")
        if shorter == s:
            return s == ""
        s = shorter


class ValidParenthesesEnv(Environment):
    """A string made only of the brackets ( ) [ ] { } is hidden. Answer true if it is balanced: every opening
    bracket is closed by the same kind of bracket, in the right order, and nothing is left open; else false.
    The answer is a boolean. Tools give you a stack of opening brackets."""

    class Config(BaseModel):
        s: str

    answer_type = bool
    meta = EnvMeta(source="classic: valid parentheses (LeetCode 20)", license="original", split="train",
                   tags=("stack", "strings"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty]) // 2 * 2
        chars, open_ = [], []
        while len(chars) < n:  # a random balanced string: open while there is room, else close
            if open_ and (len(open_) == n - len(chars) or rng.random() < 0.5):
                chars.append(CLOSER[open_.pop()])
            else:
                open_.append(rng.choice("([{"))
                chars.append(open_[-1])
        if rng.random() < 0.5:  # break it: retype one bracket, or swap two neighbours
            i = rng.randrange(n - 1)
            if rng.random() < 0.5:
                chars[i] = rng.choice([c for c in "()[]{}" if c != chars[i]])
            elif chars[i] != chars[i + 1]:
                chars[i], chars[i + 1] = chars[i + 1], chars[i]
            else:
                chars[i + 1] = rng.choice([c for c in ")]}" if c != chars[i + 1]])
        return cls.Config(s="".join(chars))

    def setup(self) -> None:
        self.stack: list[str] = []

    def observe(self) -> str:
        return f"A string of {len(self.config.s)} brackets is hidden. Your stack holds {len(self.stack)} bracket(s)."

    def reference_answer(self) -> bool:
        stack: list[str] = []
        for c in self.config.s:
            if c in "([{":
                stack.append(c)
            elif not stack or stack.pop() != PAIRS[c]:
                return False
        return not stack

    def source_args(self) -> tuple[str]:
        return (self.config.s,)

    @tool
    def GetLength(self) -> int:
        """Return how many brackets the hidden string holds."""
        return len(self.config.s)

    @tool
    def GetChar(self, index: int) -> str:
        """Return the bracket at a position of the hidden string.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.s):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.s)})")
        return self.config.s[index]

    @tool
    def Push(self, bracket: str) -> int:
        """Push an opening bracket onto the stack; returns the new stack size.

        Args:
            bracket: one of "(", "[", "{".
        """
        if bracket not in ("(", "[", "{"):
            raise ToolError(f'only opening brackets "(", "[", "{{" can be pushed, got {bracket!r}')
        self.stack.append(bracket)
        return len(self.stack)

    @tool
    def PopIfMatches(self, bracket: str) -> bool:
        """Pop the top of the stack if it is the opening partner of a closing bracket.

        Args:
            bracket: one of ")", "]", "}".

        Returns:
            true if the top matched and was popped; false (stack unchanged) if the stack is empty or the top differs.
        """
        if bracket not in PAIRS:
            raise ToolError(f'give a closing bracket ")", "]" or "}}", got {bracket!r}')
        if self.stack and self.stack[-1] == PAIRS[bracket]:
            self.stack.pop()
            return True
        return False

    @tool
    def StackSize(self) -> int:
        """Return how many opening brackets are still on the stack."""
        return len(self.stack)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        chars = [env.GetChar(index=i) for i in range(env.GetLength())]
        for c in chars:
            if c in "([{":
                env.Push(bracket=c)
            elif not env.PopIfMatches(bracket=c):
                env.Done(answer=False)
                return
        env.Done(answer=env.StackSize() == 0)
