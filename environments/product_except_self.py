"""Product of array except self, with prefix and suffix products and no division."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (3, 4), "medium": (8, 12), "hard": (20, 26)}


def solve(nums: list[int]) -> list[int]:
    """Independent reference: multiply everything but i, for every i (quadratic)."""
    out = []
    for i in range(len(nums)):
        p = 1
        for j, x in enumerate(nums):
            if j != i:
                p *= x
        out.append(p)
    return out


class ProductExceptSelfEnv(SequenceEnv):
    """An array of integers is hidden. Return an array whose element i is the product of all elements except
    element i. Division is not available. The answer is a list of integers."""

    class Config(BaseModel):
        nums: list[int]

    sequence_field = "nums"
    answer_type = list[int]
    meta = EnvMeta(source="classic: product of array except self (LeetCode 238)", license="original",
                   split="train", tags=("prefix products",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(nums=[rng.choice([-3, -2, -1, 1, 2, 3, 0]) for _ in range(rng.randint(*SIZES[difficulty]))])

    def setup(self) -> None:
        self.out = [1] * len(self.config.nums)

    def observe(self) -> str:
        return f"An array of {len(self.config.nums)} integers is hidden; the output array starts as all ones."

    def reference_answer(self) -> list[int]:
        n, out = len(self.config.nums), [1] * len(self.config.nums)
        prefix = 1
        for i in range(n):
            out[i] = prefix
            prefix *= self.config.nums[i]
        suffix = 1
        for i in range(n - 1, -1, -1):
            out[i] *= suffix
            suffix *= self.config.nums[i]
        return out

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def Multiply(self, a: int, b: int) -> int:
        """Return a * b.

        Args:
            a: first factor.
            b: second factor.
        """
        return a * b

    @tool
    def ScaleOutput(self, index: int, factor: int) -> int:
        """Multiply output[index] by a factor; returns the new output value.

        Args:
            index: zero-based index.
            factor: the factor.
        """
        if not 0 <= index < len(self.out):
            raise ToolError(f"index {index} is out of range [0, {len(self.out)})")
        self.out[index] *= factor
        return self.out[index]

    @tool
    def ReadOutput(self) -> list[int]:
        """Return the output array."""
        return list(self.out)

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        values = [env.GetElement(index=i) for i in range(n)]
        prefix = 1
        for i in range(n):  # output[i] *= product of everything left of i
            env.ScaleOutput(index=i, factor=prefix)
            prefix = env.Multiply(a=prefix, b=values[i])
        suffix = 1
        for i in range(n - 1, -1, -1):  # ... and of everything right of i
            env.ScaleOutput(index=i, factor=suffix)
            suffix = env.Multiply(a=suffix, b=values[i])
        env.Done(answer=env.ReadOutput())
