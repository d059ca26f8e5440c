"""GCD and LCM of a hidden list, with Euclid's algorithm one remainder at a time."""

from __future__ import annotations

import math
import random
from functools import reduce

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}


def solve(nums: list[int]) -> list[int]:
    """Independent reference: the standard library's gcd and lcm."""
    return [reduce(math.gcd, nums), reduce(math.lcm, nums)]


class GcdLcmListEnv(Environment):
    """A list of positive integers is hidden. Find the greatest common divisor and the least common multiple of
    all of them. The answer is a list of two integers [gcd, lcm]."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="classic: GCD and LCM of a list", license="original",
                   split="train", tags=("math", "euclid"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*COUNTS[difficulty])
        g = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 15])
        pool = [2, 3, 4, 5, 6, 8, 9, 10, 12, 14, 15, 18, 20, 21, 24, 28, 30]
        return cls.Config(nums=[g * rng.choice(pool) for _ in range(n)])

    def observe(self) -> str:
        return f"{len(self.config.nums)} positive integers are hidden."

    def reference_answer(self) -> list[int]:
        def gcd(a: int, b: int) -> int:
            while b:
                a, b = b, a % b
            return a

        g = l = self.config.nums[0]
        for x in self.config.nums[1:]:
            g = gcd(g, x)
            l = l * x // gcd(l, x)
        return [g, l]

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def GetCount(self) -> int:
        """Return how many integers the list holds."""
        return len(self.config.nums)

    @tool
    def GetNumber(self, index: int) -> int:
        """Return the integer at a position of the list.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        if not 0 <= index < len(self.config.nums):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.nums)})")
        return self.config.nums[index]

    @tool
    def Mod(self, a: int, b: int) -> int:
        """Return the remainder of a divided by b.

        Args:
            a: the dividend, >= 0.
            b: the divisor, > 0.
        """
        if b <= 0 or a < 0:
            raise ToolError("need a >= 0 and b > 0")
        return a % b

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        return a * b

    @tool
    def DivideExact(self, a: int, b: int) -> int:
        """Return a / b when b divides a exactly.

        Args:
            a: the dividend.
            b: the divisor, non-zero, dividing a.
        """
        if b == 0 or a % b:
            raise ToolError(f"{b} does not divide {a} exactly")
        return a // b

    @staticmethod
    def oracle(env) -> None:
        def gcd(a: int, b: int) -> int:
            while b:
                a, b = b, env.Mod(a=a, b=b)
            return a

        env.Observe()
        g = lcm = env.GetNumber(index=0)
        for i in range(1, env.GetCount()):
            x = env.GetNumber(index=i)
            if g > 1:
                g = gcd(g, x)
            lcm = env.Multiply(a=env.DivideExact(a=lcm, b=gcd(lcm, x)), b=x)
        env.Done(answer=[g, lcm])
