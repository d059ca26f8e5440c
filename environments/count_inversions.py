"""Count inversions of a hidden array by merge sort: comparisons through a tool, cross counts into a tally."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import TallyMixin

SIZES = {"easy": (7, 9), "medium": (14, 20), "hard": (28, 38)}


def solve(nums: list[int]) -> int:
    """Independent reference: every pair of positions."""
    n = len(nums)
    return sum(1 for i in range(n) for j in range(i + 1, n) if nums[i] > nums[j])


class CountInversionsEnv(TallyMixin):
    """An array of distinct integers is hidden; its values cannot be read, only compared. An inversion is a pair of
    positions i < j with nums[i] > nums[j]. Return the number of inversions. The answer is an integer. A running
    total is available."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: count inversions (merge sort)", license="original", split="train",
                   tags=("divide and conquer", "merge sort"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(nums=rng.sample(range(1, 10 * n), n))

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"An array of {len(self.config.nums)} distinct integers is hidden. Running total: {self.total}."

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    def reference_answer(self) -> int:
        # Fenwick tree over value ranks, scanning right to left: smaller values already seen are inversions.
        ranks = {v: r + 1 for r, v in enumerate(sorted(self.config.nums))}
        tree = [0] * (len(ranks) + 1)
        count = 0
        for v in reversed(self.config.nums):
            r = ranks[v] - 1
            while r:
                count += tree[r]
                r -= r & -r
            r = ranks[v]
            while r < len(tree):
                tree[r] += 1
                r += r & -r
        return count

    @tool
    def GetLength(self) -> int:
        """Return the number of elements in the array."""
        return len(self.config.nums)

    @tool
    def IsGreater(self, i: int, j: int) -> bool:
        """Whether the element at position i is greater than the element at position j (original positions).

        Args:
            i: zero-based position of the first element.
            j: zero-based position of the second element.
        """
        for x in (i, j):
            if not 0 <= x < len(self.config.nums):
                raise ToolError(f"index {x} is out of range [0, {len(self.config.nums)})")
        return self.config.nums[i] > self.config.nums[j]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()

        def sort(idx: list[int]) -> list[int]:
            """Merge sort of positions by value; each cross inversion count goes into the running total."""
            if len(idx) < 2:
                return idx
            left, right = sort(idx[: len(idx) // 2]), sort(idx[len(idx) // 2:])
            out, i, j, cross = [], 0, 0, 0
            while i < len(left) and j < len(right):
                if env.IsGreater(i=left[i], j=right[j]):  # right[j] is smaller than every remaining left element
                    cross += len(left) - i
                    out.append(right[j])
                    j += 1
                else:
                    out.append(left[i])
                    i += 1
            if cross:
                env.AddToTotal(value=cross)
            return out + left[i:] + right[j:]

        sort(list(range(env.GetLength())))
        env.Done(answer=env.GetTotal())
