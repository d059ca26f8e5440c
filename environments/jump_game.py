"""Jump game: can you reach the last index? Greedy farthest-reach scan over hidden jump lengths."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (6, 10), "medium": (20, 35), "hard": (50, 60)}


def solve(nums: list[int]) -> bool:
    """Independent reference: breadth-first search over reachable indices."""
    seen, frontier = {0}, [0]
    while frontier:
        i = frontier.pop()
        for j in range(i + 1, min(len(nums), i + nums[i] + 1)):
            if j not in seen:
                seen.add(j)
                frontier.append(j)
    return len(nums) - 1 in seen


class JumpGameEnv(Environment):
    """You stand on index 0 of a hidden list of non-negative integers; from index i you may jump forward up to
    nums[i] places. Answer true if the last index can be reached, else false (a boolean)."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = bool
    meta = EnvMeta(source="classic: jump game (LeetCode 55)", license="original", split="test", tags=("greedy",))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        nums = [rng.choice([0, 1, 1, 2, 2, 3]) for _ in range(n)]
        if rng.random() < 0.5:  # make it reachable
            nums = [max(1, x) for x in nums[:-1]] + [nums[-1]]
        return cls.Config(nums=nums)

    def setup(self) -> None:
        self.farthest = 0

    def observe(self) -> str:
        return f"A list of {len(self.config.nums)} jump lengths is hidden. Farthest reachable index so far: {self.farthest}."

    def reference_answer(self) -> bool:
        reach = 0
        for i, x in enumerate(self.config.nums):
            if i > reach:
                return False
            reach = max(reach, i + x)
        return True

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def GetLength(self) -> int:
        """Return how many positions the list has."""
        return len(self.config.nums)

    @tool
    def GetJump(self, index: int) -> int:
        """Return the maximum jump length at a position.

        Args:
            index: zero-based position.
        """
        if not 0 <= index < len(self.config.nums):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.nums)})")
        return self.config.nums[index]

    @tool
    def IsReachable(self, index: int) -> bool:
        """Whether a position is within the farthest reach recorded so far.

        Args:
            index: zero-based position.
        """
        return index <= self.farthest

    @tool
    def ExtendReach(self, index: int, jump: int) -> int:
        """Extend the farthest reach with a jump from a reachable position; returns the farthest reach.

        Args:
            index: a position that is reachable.
            jump: the jump length at that position.
        """
        if index > self.farthest:
            raise ToolError(f"position {index} is not reachable (farthest is {self.farthest})")
        self.farthest = max(self.farthest, index + jump)
        return self.farthest

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        ok = True
        for i in range(n):  # scan every position: an unreachable one only needs the check
            if env.IsReachable(index=i):
                env.ExtendReach(index=i, jump=env.GetJump(index=i))
            else:
                ok = False
        env.Done(answer=ok)
