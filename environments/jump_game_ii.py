"""Jump game II: greedy breadth-first layers; each jump extends the window to the farthest reachable index."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, Environment, EnvMeta, ToolError, tool

SIZES = {"easy": (7, 11), "medium": (25, 40), "hard": (65, 90)}


def solve(nums: list[int]) -> int:
    """Independent reference: O(n^2) dynamic programming on the fewest jumps to reach each index."""
    best = [0] + [len(nums)] * (len(nums) - 1)
    for i in range(len(nums)):
        for j in range(i + 1, min(len(nums), i + nums[i] + 1)):
            best[j] = min(best[j], best[i] + 1)
    return best[-1]


class JumpGameIIEnv(Environment):
    """An array of non-negative integers is hidden; from index i you may jump forward to any index from i + 1 to
    i + nums[i]. Starting at index 0, what is the minimum number of jumps needed to reach the last index? The
    last index is always reachable. The answer is an integer."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="classic: jump game II (LeetCode 45)", license="original", split="test",
                   tags=("greedy", "bfs"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        while True:
            nums = [rng.randint(0, rng.choice([3, 4, 6])) for _ in range(n)]
            reach = 0
            for i, x in enumerate(nums[:-1]):
                if i > reach:
                    break
                reach = max(reach, i + x)
            if reach >= n - 1:
                return cls.Config(nums=nums)

    def setup(self) -> None:
        self.farthest = 0
        self.jumps = 0
        self.window_end = 0

    def observe(self) -> str:
        return (f"An array of {len(self.config.nums)} jump lengths is hidden. Jumps taken: {self.jumps}; "
                f"farthest index reachable with one more jump: {self.farthest}.")

    def reference_answer(self) -> int:
        jumps = end = far = 0
        for i, x in enumerate(self.config.nums[:-1]):
            far = max(far, i + x)
            if i == end:
                jumps, end = jumps + 1, far
        return jumps

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def GetLength(self) -> int:
        """Return the length of the array."""
        return len(self.config.nums)

    @tool
    def GetJump(self, index: int) -> int:
        """Return the maximum jump length from an index.

        Args:
            index: zero-based position, 0 <= index < length.
        """
        if not 0 <= index < len(self.config.nums):
            raise ToolError(f"index {index} is out of range [0, {len(self.config.nums)})")
        return self.config.nums[index]

    @tool
    def ExtendReach(self, index: int, jump: int) -> int:
        """Update the farthest reachable index with a jump from an index; returns the farthest index so far.

        Args:
            index: the index jumped from (it must be reachable).
            jump: the jump length at that index.
        """
        if index > self.farthest:
            raise ToolError(f"index {index} is beyond the farthest reachable index {self.farthest}")
        self.farthest = max(self.farthest, index + jump)
        return self.farthest

    @tool
    def TakeJump(self) -> int:
        """Take one more jump: the current window ends, the next one reaches the farthest index so far. Returns the
        number of jumps taken."""
        if self.farthest <= self.window_end:
            raise ToolError("no index beyond the current window is reachable: extend the reach first")
        self.jumps += 1
        self.window_end = self.farthest
        return self.jumps

    @tool
    def GetJumpCount(self) -> int:
        """Return how many jumps have been taken."""
        return self.jumps

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        end = 0
        for i in range(n - 1):
            far = env.ExtendReach(index=i, jump=env.GetJump(index=i))
            if i == end:
                env.TakeJump()
                end = far
                if end >= n - 1:
                    break
        env.Done(answer=env.GetJumpCount())
