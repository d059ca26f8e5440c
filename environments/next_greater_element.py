"""Next greater element for every position of a hidden array, with a monotonic stack of indices."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import ArrayEnv

SIZES = {"easy": (5, 7), "medium": (18, 30), "hard": (55, 75)}


def solve(nums: list[int]) -> list[int]:
    """Independent reference: scan right from every position."""
    return [next((y for y in nums[i + 1:] if y > x), -1) for i, x in enumerate(nums)]


class NextGreaterElementEnv(ArrayEnv):
    """An array of non-negative integers is hidden. For every position, find the first element to its right that
    is strictly greater, or -1 if there is none. The answer is a list of integers, one per position, in
    position order. A stack of positions is available."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = list[int]
    meta = EnvMeta(source="classic: next greater element, monotonic stack (LeetCode 496 family)", license="original",
                   split="train", tags=("monotonic stack",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(nums=[rng.randint(0, 3 * n) for _ in range(n)])

    def setup(self) -> None:
        self.stack: list[int] = []

    def observe(self) -> str:
        return f"An array of {len(self.config.nums)} integers is hidden. Stack size: {len(self.stack)}."

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    def reference_answer(self) -> list[int]:
        a, out, stack = self.config.nums, [-1] * len(self.config.nums), []
        for i in range(len(a) - 1, -1, -1):  # right to left: the stack holds candidates, largest at the bottom
            while stack and stack[-1] <= a[i]:
                stack.pop()
            out[i] = stack[-1] if stack else -1
            stack.append(a[i])
        return out

    @tool
    def Push(self, index: int) -> int:
        """Push a position onto the stack; returns the new stack size.

        Args:
            index: zero-based position of the array.
        """
        self.check_index(index)
        self.stack.append(index)
        return len(self.stack)

    @tool
    def Pop(self) -> int:
        """Remove the top position from the stack and return it."""
        if not self.stack:
            raise ToolError("the stack is empty")
        return self.stack.pop()

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        values: list[int] = []
        answer = [-1] * n
        stack: list[int] = []  # positions still waiting for a greater element; their values never increase
        for i in range(n):
            values.append(env.GetElement(index=i))
            while stack and values[stack[-1]] < values[i]:
                answer[env.Pop()] = values[i]
                stack.pop()
            env.Push(index=i)
            stack.append(i)
        env.Done(answer=answer)
