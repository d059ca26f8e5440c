"""Happy numbers in a hidden batch: iterate the sum of squared digits until it reaches 1 or repeats."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv, TallyMixin

COUNTS = {"easy": (5, 5), "medium": (6, 7), "hard": (8, 9)}
LIMITS = {"easy": 100, "medium": 1_000, "hard": 100_000}


def solve(n: int) -> bool:
    """Independent reference: Floyd's tortoise and hare on the digit-square map."""
    def step(x: int) -> int:
        total = 0
        while x:
            x, d = divmod(x, 10)
            total += d * d
        return total

    slow, fast = n, step(n)
    while fast != 1 and slow != fast:
        slow, fast = step(slow), step(step(fast))
    return fast == 1


class HappyNumbersEnv(BatchEnv, TallyMixin):
    """A batch of positive integers is hidden. A number is happy if repeatedly replacing it by the sum of the
    squares of its decimal digits eventually reaches 1 (19 -> 82 -> 68 -> 100 -> 1); otherwise the process loops
    forever without reaching 1. How many numbers of the batch are happy? The answer is an integer."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: happy number (LeetCode 202)", license="original", split="train",
                   tags=("math", "cycle detection"))
    batch_field = "nums"
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*COUNTS[difficulty])
        return cls.Config(nums=[rng.randint(2, LIMITS[difficulty]) for _ in range(n)])

    def setup(self) -> None:
        self.total = 0

    def observe(self) -> str:
        return f"{len(self.config.nums)} positive integers are hidden. Running total: {self.total}."

    def reference_answer(self) -> int:
        count = 0
        for n in self.config.nums:
            seen = set()
            while n != 1 and n not in seen:
                seen.add(n)
                n = sum(int(d) ** 2 for d in str(n))
            count += n == 1
        return count

    def combine_source(self, results: list[bool]) -> int:
        return sum(results)

    @tool
    def GetCount(self) -> int:
        """Return how many numbers the batch holds."""
        return len(self.config.nums)

    @tool
    def GetNumber(self, index: int) -> int:
        """Return the number at a position of the batch.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.nums[index]

    @tool
    def DigitSquareSum(self, n: int) -> int:
        """Return the sum of the squares of the decimal digits of n.

        Args:
            n: a positive integer.
        """
        if n < 1:
            raise ToolError("n must be positive")
        return sum(int(d) ** 2 for d in str(n))

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetCount()):
            n, seen = env.GetNumber(index=i), set()
            while n != 1 and n not in seen:
                seen.add(n)
                n = env.DigitSquareSum(n=n)
            if n == 1:
                env.AddToTotal(value=1)
        env.Done(answer=env.GetTotal())
