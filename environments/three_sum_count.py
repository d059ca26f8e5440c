"""3Sum: count the distinct zero-sum triplets of a hidden array (sort, then two pointers)."""

from __future__ import annotations

import itertools
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (7, 9), "medium": (14, 20), "hard": (28, 36)}


def solve(nums: list[int]) -> int:
    """Independent reference: every triple of positions, deduplicated by sorted values."""
    return len({tuple(sorted(t)) for t in itertools.combinations(nums, 3) if sum(t) == 0})


class ThreeSumCountEnv(Environment):
    """An array of integers is hidden. Count the distinct triplets of values [a, b, c] taken from three different
    positions with a + b + c == 0. Triplets with the same values (in any order) count once. The answer is an
    integer (the number of distinct triplets)."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: 3sum (LeetCode 15)", license="original", split="train",
                   tags=("two pointers", "sorting"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        span = {"easy": 6, "medium": 9, "hard": 14}[difficulty]
        return cls.Config(nums=[rng.randint(-span, span) for _ in range(n)])

    def setup(self) -> None:
        self.values = list(self.config.nums)
        self.sorted = False
        self.found: set[tuple[int, int, int]] = set()

    def observe(self) -> str:
        state = "sorted" if self.sorted else "in its original order"
        return (f"An array of {len(self.values)} integers is hidden, {state}. "
                f"Distinct zero-sum triplets recorded: {len(self.found)}.")

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    def reference_answer(self) -> int:
        a, count = sorted(self.config.nums), 0
        for i in range(len(a) - 2):
            if i and a[i] == a[i - 1]:
                continue
            seen: set[int] = set()
            pairs: set[int] = set()
            for x in a[i + 1:]:  # hash-set two-sum for the rest
                if -a[i] - x in seen:
                    pairs.add(x)
                seen.add(x)
            count += len(pairs)
        return count

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.values):
            raise ToolError(f"index {index} is out of range [0, {len(self.values)})")

    @tool
    def GetLength(self) -> int:
        """Return the number of elements in the array."""
        return len(self.values)

    @tool
    def SortArray(self) -> str:
        """Sort the hidden array in increasing order (in place); later reads see the sorted order."""
        self.values.sort()
        self.sorted = True
        return "the array is now sorted in increasing order"

    @tool
    def GetElement(self, index: int) -> int:
        """Return the element at a position of the array (in its current order).

        Args:
            index: zero-based position, 0 <= index < length.
        """
        self._check(index)
        return self.values[index]

    @tool
    def RecordTriplet(self, i: int, j: int, k: int) -> int:
        """Record the values at three different positions as a zero-sum triplet; returns how many distinct
        triplets are recorded (the same values in any order count once).

        Args:
            i: first position.
            j: second position.
            k: third position.
        """
        for x in (i, j, k):
            self._check(x)
        if len({i, j, k}) < 3:
            raise ToolError("the three positions must be different")
        trip = tuple(sorted(self.values[x] for x in (i, j, k)))
        if sum(trip) != 0:
            raise ToolError(f"the values {list(trip)} do not sum to zero")
        self.found.add(trip)  # type: ignore[arg-type]
        return len(self.found)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        env.SortArray()
        a = [env.GetElement(index=i) for i in range(n)]
        count = 0
        for i in range(n - 2):
            if a[i] > 0:
                break
            if i and a[i] == a[i - 1]:
                continue
            lo, hi = i + 1, n - 1
            while lo < hi:
                s = a[i] + a[lo] + a[hi]
                if s < 0:
                    lo += 1
                elif s > 0:
                    hi -= 1
                else:
                    count = env.RecordTriplet(i=i, j=lo, k=hi)
                    while lo < hi and a[lo] == a[lo + 1]:
                        lo += 1
                    lo, hi = lo + 1, hi - 1
        env.Done(answer=count)
