"""House robber: the best loot from non-adjacent houses, a rolling DP table filled through tools."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

# (house count range, largest amount in one house)
SIZES = {"easy": ((4, 8), 20), "medium": ((15, 30), 50), "hard": ((50, 75), 100)}


def solve(nums: list[int]) -> int:
    """Independent reference: end[i] is the best loot whose last robbed house is i (any earlier end at i-2 or before)."""
    end: list[int] = []
    for i, v in enumerate(nums):
        end.append(v + max(end[: max(i - 1, 0)], default=0))
    return max(end, default=0)


class HouseRobberEnv(SequenceEnv):
    """A street of houses is hidden as a list of non-negative integers: the money in each house. Robbing two
    adjacent houses sets off an alarm. Return the largest total you can take without robbing two neighbours.
    The answer is an integer. Tools keep a table best[i], the most loot from houses 0..i, filled left to right."""

    class Config(BaseModel):
        nums: list[int]

    sequence_field = "nums"
    answer_type = int
    meta = EnvMeta(source="classic: house robber (LeetCode 198)", license="original", split="train",
                   tags=("dp", "array"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), top = SIZES[difficulty]
        empty = rng.uniform(0.0, 0.3)  # some empty houses make skipping runs worthwhile
        nums = [0 if rng.random() < empty else rng.randint(1, top) for _ in range(rng.randint(lo, hi))]
        return cls.Config(nums=nums)

    def setup(self) -> None:
        self.best: list[int] = []

    def observe(self) -> str:
        return (f"{len(self.config.nums)} houses are hidden. "
                f"best[i] has been decided for {len(self.best)} of them.")

    def reference_answer(self) -> int:
        take, skip = 0, 0  # best loot with / without robbing the previous house
        for v in self.config.nums:
            take, skip = skip + v, max(take, skip)
        return max(take, skip)

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def Decide(self, index: int, rob: bool) -> int:
        """Fill best[index] for the next undecided house. With rob=true it becomes the house's money plus
        best[index - 2]; with rob=false it becomes best[index - 1] (missing entries count as 0). Returns best[index].

        Args:
            index: the next house to decide; houses are decided in order 0, 1, 2, ...
            rob: whether the best plan for houses 0..index robs house index.
        """
        self.check_index(index)
        if index != len(self.best):
            raise ToolError(f"houses are decided in order: the next one is {len(self.best)}, not {index}")
        prev = self.best[index - 1] if index >= 1 else 0
        before = self.best[index - 2] if index >= 2 else 0
        self.best.append(self.config.nums[index] + before if rob else prev)
        return self.best[index]

    @tool
    def GetBest(self, index: int) -> int:
        """Return best[index], the most loot recorded for houses 0..index.

        Args:
            index: a house that has already been decided.
        """
        self.check_index(index)
        if index >= len(self.best):
            raise ToolError(f"house {index} is not decided yet: {len(self.best)} house(s) decided so far")
        return self.best[index]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        best: list[int] = []  # mirrors the env's table so each choice can compare both options
        for i in range(n):
            money = env.GetElement(index=i)
            rob = money + (best[i - 2] if i >= 2 else 0)
            keep = best[i - 1] if i >= 1 else 0
            best.append(env.Decide(index=i, rob=rob > keep))
        env.Done(answer=env.GetBest(index=n - 1))
