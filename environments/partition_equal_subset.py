"""Partition equal subset sum: mark reachable subset sums in a table, one (sum, number) pair at a time."""

from __future__ import annotations

import random
from itertools import combinations

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": ((5, 5), 6), "medium": ((6, 7), 8), "hard": ((8, 9), 9)}


def solve(nums: list[int]) -> bool:
    """Independent reference: try every subset that contains the first number."""
    total = sum(nums)
    if total % 2:
        return False
    rest = range(1, len(nums))
    return any(nums[0] + sum(nums[i] for i in idx) == total // 2
               for k in range(len(nums)) for idx in combinations(rest, k))


class PartitionEqualSubsetEnv(SequenceEnv):
    """A list of positive integers is hidden. Answer true if it can be split into two groups (every number in
    exactly one group) with equal sums, else false. The answer is a boolean. Tools keep a table reachable[s]
    for 0 <= s <= a target you choose with SetTarget: whether some subset of the numbers processed so far sums
    to s (reachable[0] is true)."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = bool
    meta = EnvMeta(source="classic: partition equal subset sum (LeetCode 416)", license="original",
                   split="train", tags=("dp", "subset sum"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        (lo, hi), top = SIZES[difficulty]
        want = rng.random() < 0.5  # random lists almost always split evenly: sample until the answer is `want`
        for _ in range(500):
            nums = [rng.randint(1, top) for _ in range(rng.randint(lo, hi))]
            if sum(nums) % 2:  # an odd total is answered without any table: keep totals even
                i = rng.randrange(len(nums))
                nums[i] += 1 if nums[i] < top else -1
            if solve(nums) == want:
                break
        return cls.Config(nums=nums)

    def setup(self) -> None:
        self.reachable: list[bool] | None = None

    def observe(self) -> str:
        target = "not set" if self.reachable is None else f"{len(self.reachable) - 1}"
        return f"A list of {len(self.config.nums)} positive integers is hidden. Table target: {target}."

    def reference_answer(self) -> bool:
        total = sum(self.config.nums)
        if total % 2:
            return False
        sums = {0}
        for x in self.config.nums:
            sums |= {s + x for s in sums}
        return total // 2 in sums

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    def _table(self, s: int) -> list[bool]:
        if self.reachable is None:
            raise ToolError("call SetTarget first")
        if not 0 <= s < len(self.reachable):
            raise ToolError(f"sum {s} is out of range [0, {len(self.reachable) - 1}]")
        return self.reachable

    @tool
    def SetTarget(self, target: int) -> int:
        """Start a fresh table reachable[0..target] with only reachable[0] true; returns the target.

        Args:
            target: the largest sum to track, 0 <= target <= 1000.
        """
        if not 0 <= target <= 1000:
            raise ToolError("target must be in [0, 1000]")
        self.reachable = [True] + [False] * target
        return target

    @tool
    def AddNumber(self, s: int, number: int) -> bool:
        """Let a number extend smaller sums: reachable[s] = reachable[s] or reachable[s - number].
        Returns the new reachable[s]. Go from high s to low s so each number is used at most once.

        Args:
            s: the sum to update, number <= s <= target.
            number: one of the hidden numbers.
        """
        table = self._table(s)
        if number not in self.config.nums:
            raise ToolError(f"{number} is not one of the hidden numbers")
        if s < number:
            raise ToolError(f"sum {s} is smaller than number {number}")
        table[s] = table[s] or table[s - number]
        return table[s]

    @tool
    def IsReachable(self, s: int) -> bool:
        """Return reachable[s].

        Args:
            s: 0 <= s <= target.
        """
        return self._table(s)[s]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        nums = [env.GetElement(index=i) for i in range(env.GetLength())]
        total = sum(nums)
        if total % 2:
            env.Done(answer=False)
            return
        target = env.SetTarget(target=total // 2)
        prefix = 0
        for x in nums:
            prefix += x
            for s in range(min(target, prefix), x - 1, -1):  # sums above the prefix total cannot be reached yet
                env.AddNumber(s=s, number=x)
        env.Done(answer=env.IsReachable(s=target))
