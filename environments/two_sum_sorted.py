"""Two sum II: a pair with a given sum in a hidden sorted array, by two pointers the environment keeps."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (8, 12), "medium": (25, 40), "hard": (60, 85)}


def solve(numbers: list[int], target: int) -> list[int]:
    """Independent reference: a hash map of values seen so far."""
    where: dict[int, int] = {}
    for j, x in enumerate(numbers):
        if target - x in where:
            return [where[target - x] + 1, j + 1]
        where.setdefault(x, j)
    return []


def _pairs(a: list[int], target: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(a)) for j in range(i + 1, len(a)) if a[i] + a[j] == target]


class TwoSumSortedEnv(Environment):
    """A non-decreasing array of integers and a target are hidden; exactly one pair of positions i < j has
    numbers[i] + numbers[j] == target. Two pointers start at the two ends of the array (left at 0, right at
    length - 1) and can only move inwards. Return the pair as ONE-BASED indices [i + 1, j + 1]. The answer is a
    list of two integers in increasing order."""

    class Config(BaseModel):
        numbers: list[int]
        target: int

    answer_type = list[int]
    meta = EnvMeta(source="classic: two sum II, input array is sorted (LeetCode 167)", license="original",
                   split="train", tags=("two pointers",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        while True:
            a = sorted(rng.randint(-3 * n, 3 * n) for _ in range(n))
            i, j = sorted(rng.sample(range(n), 2))
            if i + (n - 1 - j) < 3:  # the pointers must travel a little
                continue
            target = a[i] + a[j]
            if len(_pairs(a, target)) == 1:
                return cls.Config(numbers=a, target=target)

    def setup(self) -> None:
        self.left, self.right = 0, len(self.config.numbers) - 1

    def observe(self) -> str:
        return (f"A sorted array of {len(self.config.numbers)} integers and a target are hidden. "
                f"Pointers: left={self.left}, right={self.right} (zero-based).")

    def source_args(self) -> tuple[list[int], int]:
        return (list(self.config.numbers), self.config.target)

    def reference_answer(self) -> list[int]:
        i, j = _pairs(self.config.numbers, self.config.target)[0]
        return [i + 1, j + 1]

    @tool
    def GetTarget(self) -> int:
        """Return the target sum."""
        return self.config.target

    @tool
    def GetPointers(self) -> list[int]:
        """Return the current zero-based pointer positions as [left, right]."""
        return [self.left, self.right]

    @tool
    def PointerSum(self) -> int:
        """Return numbers[left] + numbers[right] for the current pointers."""
        return self.config.numbers[self.left] + self.config.numbers[self.right]

    @tool
    def MoveLeft(self) -> int:
        """Move the left pointer one step to the right; returns its new position."""
        if self.left + 1 >= self.right:
            raise ToolError("the left pointer cannot move onto or past the right pointer")
        self.left += 1
        return self.left

    @tool
    def MoveRight(self) -> int:
        """Move the right pointer one step to the left; returns its new position."""
        if self.right - 1 <= self.left:
            raise ToolError("the right pointer cannot move onto or past the left pointer")
        self.right -= 1
        return self.right

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        target = env.GetTarget()
        while True:
            s = env.PointerSum()
            if s < target:  # numbers[left] is too small for every remaining partner
                env.MoveLeft()
            elif s > target:  # numbers[right] is too large for every remaining partner
                env.MoveRight()
            else:
                left, right = env.GetPointers()
                env.Done(answer=[left + 1, right + 1])
                return
