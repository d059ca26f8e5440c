"""Evaluate reverse Polish notation: hidden tokens read one at a time, an operand stack kept by the environment."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

OPERANDS = {"easy": (3, 4), "medium": (8, 12), "hard": (24, 32)}
OPS = ("+", "-", "*", "/")


def _div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _apply(op: str, a: int, b: int) -> int:
    return a + b if op == "+" else a - b if op == "-" else a * b if op == "*" else _div(a, b)


def solve(tokens: list[str]) -> int:
    """Independent reference: recursive descent from the last token (each operator owns the two subtrees before it)."""
    pos = len(tokens)

    def parse() -> int:
        nonlocal pos
        pos -= 1
        tok = tokens[pos]
        if tok not in OPS:
            return int(tok)
        right = parse()
        left = parse()
        if tok == "/":
            return int(left / right) if abs(left) < 2**52 else _div(left, right)
        return {"+": left + right, "-": left - right, "*": left * right}[tok]

    return parse()


class EvalRpnEnv(Environment):
    """An arithmetic expression in reverse Polish notation is hidden as a list of tokens: each token is an integer
    (possibly negative, like "-3") or one of the operators "+", "-", "*", "/". Evaluate it. Division between two
    integers truncates toward zero (7 / -2 = -3), and no division is by zero. The answer is an integer."""

    class Config(BaseModel):
        tokens: list[str]

    answer_type = int
    meta = EnvMeta(source="classic: evaluate reverse polish notation (LeetCode 150)", license="original",
                   split="test", tags=("stack",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        # Build the expression bottom-up: a stack of (tokens, value) subtrees merged by random operators.
        parts: list[tuple[list[str], int]] = []
        remaining = rng.randint(*OPERANDS[difficulty])
        while remaining or len(parts) > 1:
            if remaining and (len(parts) < 2 or rng.random() < 0.5):
                v = rng.randint(-9, 20)
                parts.append(([str(v)], v))
                remaining -= 1
                continue
            (lt, lv), (rt, rv) = parts[-2], parts[-1]
            ops = [op for op in OPS if not (op == "/" and rv == 0) and abs(_apply(op, lv, rv)) <= 10**6]
            op = rng.choice(ops)
            parts[-2:] = [(lt + rt + [op], _apply(op, lv, rv))]
        return cls.Config(tokens=parts[0][0])

    def setup(self) -> None:
        self.stack: list[int] = []

    def observe(self) -> str:
        return f"An expression of {len(self.config.tokens)} RPN tokens is hidden. Stack size: {len(self.stack)}."

    def source_args(self) -> tuple[list[str]]:
        return (list(self.config.tokens),)

    def reference_answer(self) -> int:
        stack: list[int] = []
        for tok in self.config.tokens:
            if tok in OPS:
                b, a = stack.pop(), stack.pop()
                stack.append(_apply(tok, a, b))
            else:
                stack.append(int(tok))
        return stack[0]

    @tool
    def GetTokenCount(self) -> int:
        """Return the number of tokens."""
        return len(self.config.tokens)

    @tool
    def GetToken(self, index: int) -> str:
        """Return one token: an integer written as text, or an operator "+", "-", "*", "/".

        Args:
            index: zero-based position of the token, 0 <= index < token count.
        """
        if not 0 <= index < len(self.config.tokens):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.tokens)})")
        return self.config.tokens[index]

    @tool
    def Push(self, value: int) -> int:
        """Push an integer onto the operand stack; returns the new stack size.

        Args:
            value: the integer to push.
        """
        self.stack.append(value)
        return len(self.stack)

    @tool
    def Pop(self) -> int:
        """Remove the top integer from the operand stack and return it."""
        if not self.stack:
            raise ToolError("the stack is empty")
        return self.stack.pop()

    @tool
    def Apply(self, op: str, a: int, b: int) -> int:
        """Return a op b for an operator; "/" truncates toward zero.

        Args:
            op: one of "+", "-", "*", "/".
            a: the left operand.
            b: the right operand (not 0 for "/").
        """
        if op not in OPS:
            raise ToolError(f"unknown operator {op!r}: use one of + - * /")
        if op == "/" and b == 0:
            raise ToolError("division by zero")
        return _apply(op, a, b)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetTokenCount()):
            tok = env.GetToken(index=i)
            if tok in OPS:
                b = env.Pop()  # the right operand is on top
                a = env.Pop()
                env.Push(value=env.Apply(op=tok, a=a, b=b))
            else:
                env.Push(value=int(tok))
        env.Done(answer=env.Pop())
