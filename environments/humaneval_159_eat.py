"""HumanEval/159: a hungry rabbit's carrots, for a batch of hidden (number, need, remaining) days."""

from __future__ import annotations

import random
from typing import Literal

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
FIELDS = ("number", "need", "remaining")


class RabbitCarrotsEnv(Environment):
    """A batch of days is hidden, each a triple (number, need, remaining) of integers in 0..1000: a rabbit has
    already eaten `number` carrots, needs to eat `need` more, and `remaining` carrots are in stock. It eats what
    it needs if the stock allows, otherwise it eats the whole stock. For each day the result is
    [total carrots eaten after the meal, carrots left in stock]. The answer is the list of these pairs, one per
    day, in order, e.g. [[11, 4], [7, 0]]."""

    class Config(BaseModel):
        days: list[tuple[int, int, int]]

    answer_type = list[list[int]]
    meta = EnvMeta(source="HumanEval/159", license="MIT (human-eval)", split="train", tags=("arithmetic", "batch"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(days=[(rng.randint(0, 1000), rng.randint(0, 1000), rng.randint(0, 1000))
                                for _ in range(rng.randint(*COUNTS[difficulty]))])

    def observe(self) -> str:
        return f"{len(self.config.days)} days are hidden."

    def reference_answer(self) -> list[list[int]]:
        out = []
        for number, need, remaining in self.config.days:
            eaten = min(need, remaining)
            out.append([number + eaten, remaining - eaten])
        return out

    def source_calls(self) -> list[tuple[int, int, int]]:
        return [tuple(d) for d in self.config.days]

    def combine_source(self, results: list) -> list:
        return [list(r) for r in results]

    @tool
    def GetDayCount(self) -> int:
        """Return how many days are hidden."""
        return len(self.config.days)

    @tool
    def GetValue(self, day: int, field: Literal["number", "need", "remaining"]) -> int:
        """Return one value of a hidden day.

        Args:
            day: zero-based day index.
            field: "number" (already eaten), "need" (still to eat) or "remaining" (in stock).
        """
        if not 0 <= day < len(self.config.days):
            raise ToolError(f"day {day} is out of range [0, {len(self.config.days)})")
        return self.config.days[day][FIELDS.index(field)]

    @tool
    def Min(self, a: int, b: int) -> int:
        """Return the smaller of two integers.

        Args:
            a: first integer.
            b: second integer.
        """
        return min(a, b)

    @tool
    def Add(self, a: int, b: int) -> int:
        """Return a + b.

        Args:
            a: first term.
            b: second term.
        """
        return a + b

    @tool
    def Subtract(self, a: int, b: int) -> int:
        """Return a - b.

        Args:
            a: the number to subtract from.
            b: the number to subtract.
        """
        return a - b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        out = []
        for d in range(env.GetDayCount()):
            number, need, remaining = (env.GetValue(day=d, field=f) for f in FIELDS)
            eaten = env.Min(a=need, b=remaining)
            out.append([env.Add(a=number, b=eaten), env.Subtract(a=remaining, b=eaten)])
        env.Done(answer=out)
