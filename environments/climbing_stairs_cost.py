"""Min cost climbing stairs: a bottom-up DP over hidden step costs."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 6), "medium": (12, 20), "hard": (35, 48)}


def solve(cost: list[int]) -> int:
    """Independent reference: memoised recursion from the top."""
    from functools import lru_cache

    n = len(cost)

    @lru_cache(maxsize=None)
    def best(i: int) -> int:  # cheapest way to get past the top starting on step i
        return 0 if i >= n else cost[i] + min(best(i + 1), best(i + 2))

    return min(best(0), best(1))


class MinCostStairsEnv(Environment):
    """Step i of a staircase costs cost[i] (hidden). You may start on step 0 or 1 and, after paying for a step,
    climb one or two steps. Return the minimum total cost to get past the last step. The answer is an integer.
    A DP table dp[i] = minimum cost to stand on step i is filled through tools."""

    class Config(BaseModel):
        cost: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: min cost climbing stairs (LeetCode 746)", license="original", split="train",
                   tags=("dp",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(cost=[rng.randint(0, 99) for _ in range(rng.randint(*SIZES[difficulty]))])

    def setup(self) -> None:
        self.dp: dict[int, int] = {0: 0, 1: 0}

    def observe(self) -> str:
        return f"A staircase of {len(self.config.cost)} steps is hidden; dp is known for {len(self.dp)} positions."

    def reference_answer(self) -> int:
        a, b = 0, 0  # dp[i-2], dp[i-1]
        for i in range(2, len(self.config.cost) + 1):
            a, b = b, min(b + self.config.cost[i - 1], a + self.config.cost[i - 2])
        return b

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.cost),)

    @tool
    def GetStepCount(self) -> int:
        """Return the number of steps."""
        return len(self.config.cost)

    @tool
    def GetCost(self, step: int) -> int:
        """Return the cost of a step.

        Args:
            step: zero-based step index.
        """
        if not 0 <= step < len(self.config.cost):
            raise ToolError(f"step {step} is out of range [0, {len(self.config.cost)})")
        return self.config.cost[step]

    @tool
    def GetDP(self, i: int) -> int:
        """Return dp[i], the minimum cost to stand on position i (dp[0] = dp[1] = 0).

        Args:
            i: a position whose dp value is known.
        """
        if i not in self.dp:
            raise ToolError(f"dp[{i}] is not computed yet")
        return self.dp[i]

    @tool
    def SetDP(self, i: int, value: int) -> int:
        """Record dp[i] (positions 2..steps, in increasing order); returns it.

        Args:
            i: the position.
            value: min(dp[i-1] + cost[i-1], dp[i-2] + cost[i-2]).
        """
        if i < 2 or i - 1 not in self.dp or i - 2 not in self.dp or i > len(self.config.cost):
            raise ToolError(f"cannot set dp[{i}]: fill positions 2..{len(self.config.cost)} in order")
        self.dp[i] = value
        return value

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetStepCount()
        for i in range(2, n + 1):
            one = env.GetDP(i=i - 1) + env.GetCost(step=i - 1)
            two = env.GetDP(i=i - 2) + env.GetCost(step=i - 2)
            env.SetDP(i=i, value=min(one, two))
        env.Done(answer=env.GetDP(i=n))
