"""Daily temperatures: days to wait for a warmer one, resolved with a monotonic stack kept through tools."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (4, 8), "medium": (12, 20), "hard": (28, 36)}


def solve(temperatures: list[int]) -> int:
    """Independent reference: for every day, scan forward to the first warmer day."""
    total = 0
    for i, t in enumerate(temperatures):
        total += next((j - i for j in range(i + 1, len(temperatures)) if temperatures[j] > t), 0)
    return total


class DailyTemperaturesEnv(SequenceEnv):
    """A list of daily temperatures (integers) is hidden. For each day, its wait is the number of days until a
    strictly warmer day comes, or 0 if no warmer day follows. Return the sum of the waits over all days. The
    answer is an integer. Tools keep a stack of day indices still waiting for a warmer day; resolving a day
    records its wait in a running total."""

    class Config(BaseModel):
        temperatures: list[int]

    sequence_field = "temperatures"
    answer_type = int
    meta = EnvMeta(source="classic: daily temperatures (LeetCode 739)", license="original", split="train",
                   tags=("stack", "monotonic stack", "array"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        lo = rng.randint(30, 60)
        temps = [rng.randint(lo, lo + rng.choice((8, 20, 40))) for _ in range(n)]
        if rng.random() < 0.2:  # a cooling spell: long waits, or none at all
            temps.sort(reverse=rng.random() < 0.7)
        return cls.Config(temperatures=temps)

    def setup(self) -> None:
        self.stack: list[int] = []
        self.pushed = 0  # days are pushed in order, so this is the next day that may be pushed
        self.total = 0
        self.resolved = 0

    def observe(self) -> str:
        return (f"{len(self.config.temperatures)} daily temperatures are hidden. Stack size: {len(self.stack)}; "
                f"days pushed: {self.pushed}; days resolved: {self.resolved}.")

    def reference_answer(self) -> int:
        temps, waiting, total = self.config.temperatures, [], 0
        for day, t in enumerate(temps):
            while waiting and temps[waiting[-1]] < t:
                total += day - waiting.pop()
            waiting.append(day)
        return total

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.temperatures),)

    @tool
    def PushDay(self, day: int) -> int:
        """Push the next day onto the stack of days waiting for a warmer one; returns the stack size. Days are
        pushed in order, and a day may not be warmer than the day on top (resolve that one first).

        Args:
            day: the next day index to push: 0, then 1, then 2, ...
        """
        self.check_index(day)
        if day != self.pushed:
            raise ToolError(f"days are pushed in order: the next one is {self.pushed}, not {day}")
        temps = self.config.temperatures
        if self.stack and temps[day] > temps[self.stack[-1]]:
            raise ToolError(f"day {day} is warmer than day {self.stack[-1]} on top: resolve the top day first")
        self.stack.append(day)
        self.pushed += 1
        return len(self.stack)

    @tool
    def StackTop(self) -> int:
        """Return the day index on top of the stack, or -1 if the stack is empty."""
        return self.stack[-1] if self.stack else -1

    @tool
    def ResolveTop(self, day: int) -> int:
        """Pop the top day because a given later day is warmer, and add its wait (day - top) to the total.
        Returns that wait.

        Args:
            day: a later day that is strictly warmer than the day on top of the stack.
        """
        self.check_index(day)
        if not self.stack:
            raise ToolError("the stack is empty: there is no day to resolve")
        top, temps = self.stack[-1], self.config.temperatures
        if day <= top or temps[day] <= temps[top]:
            raise ToolError(f"day {day} is not a later, strictly warmer day than day {top} on top")
        self.stack.pop()
        self.total += day - top
        self.resolved += 1
        return day - top

    @tool
    def GetTotal(self) -> int:
        """Return the sum of the waits recorded so far (days never resolved count 0)."""
        return self.total

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        temps = [env.GetElement(index=i) for i in range(n)]
        for day in range(n):
            while (top := env.StackTop()) != -1 and temps[top] < temps[day]:
                env.ResolveTop(day=day)
            env.PushDay(day=day)
        env.Done(answer=env.GetTotal())
