"""Candy: every child starts with one; a left-to-right pass and a right-to-left pass fix each rising slope."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (5, 8), "medium": (14, 22), "hard": (36, 50)}


def solve(ratings: list[int]) -> int:
    """Independent reference: relax every violated neighbour constraint until none is left."""
    candy = [1] * len(ratings)
    changed = True
    while changed:
        changed = False
        for i in range(len(ratings)):
            for j in (i - 1, i + 1):
                if 0 <= j < len(ratings) and ratings[i] > ratings[j] and candy[i] <= candy[j]:
                    candy[i] = candy[j] + 1
                    changed = True
    return sum(candy)


class CandyEnv(Environment):
    """Children stand in a line; each has a rating (the list of ratings is hidden). Give each child at least one
    candy, such that a child with a higher rating than a neighbour gets more candies than that neighbour. What
    is the minimum total number of candies? The answer is an integer."""

    class Config(BaseModel):
        ratings: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: candy (LeetCode 135)", license="original", split="train",
                   tags=("greedy", "two passes"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(ratings=[rng.randint(0, rng.choice([3, 6, 12])) for _ in range(n)])

    def setup(self) -> None:
        self.candy = [1] * len(self.config.ratings)

    def observe(self) -> str:
        return (f"{len(self.config.ratings)} children are in line; their ratings are hidden. Every child's candy "
                "count starts at 1.")

    def reference_answer(self) -> int:
        r, n = self.config.ratings, len(self.config.ratings)
        left, right = [1] * n, [1] * n
        for i in range(1, n):
            if r[i] > r[i - 1]:
                left[i] = left[i - 1] + 1
        for i in range(n - 2, -1, -1):
            if r[i] > r[i + 1]:
                right[i] = right[i + 1] + 1
        return sum(max(a, b) for a, b in zip(left, right))

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.ratings),)

    def _check(self, child: int) -> None:
        if not 0 <= child < len(self.config.ratings):
            raise ToolError(f"child {child} is out of range [0, {len(self.config.ratings)})")

    @tool
    def GetCount(self) -> int:
        """Return how many children are in line."""
        return len(self.config.ratings)

    @tool
    def GetRating(self, child: int) -> int:
        """Return a child's rating.

        Args:
            child: zero-based position in line.
        """
        self._check(child)
        return self.config.ratings[child]

    @tool
    def GetCandy(self, child: int) -> int:
        """Return how many candies a child has now.

        Args:
            child: zero-based position in line.
        """
        self._check(child)
        return self.candy[child]

    @tool
    def SetCandy(self, child: int, amount: int) -> int:
        """Set how many candies a child has; returns the amount.

        Args:
            child: zero-based position in line.
            amount: the new count, >= 1.
        """
        self._check(child)
        if amount < 1:
            raise ToolError("every child gets at least one candy")
        self.candy[child] = amount
        return amount

    @tool
    def TotalCandies(self) -> int:
        """Return the total number of candies handed out now."""
        return sum(self.candy)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetCount()
        r = [env.GetRating(child=i) for i in range(n)]
        run = 1  # left pass: candy of child i - 1, known since we set it
        for i in range(1, n):
            run = run + 1 if r[i] > r[i - 1] else 1
            if run > 1:
                env.SetCandy(child=i, amount=run)
        for i in range(n - 2, -1, -1):  # right pass
            if r[i] > r[i + 1]:
                need = env.GetCandy(child=i + 1) + 1
                if env.GetCandy(child=i) < need:
                    env.SetCandy(child=i, amount=need)
        env.Done(answer=env.TotalCandies())
