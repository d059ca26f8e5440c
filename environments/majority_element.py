"""Majority element with the Boyer-Moore vote, then a counting pass to confirm it."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 9), "medium": (21, 35), "hard": (51, 61)}


def solve(nums: list[int]) -> int:
    """Independent reference: the value occurring more than n/2 times, else -1."""
    for value in set(nums):
        if nums.count(value) * 2 > len(nums):
            return value
    return -1


class MajorityElementEnv(SequenceEnv):
    """A list of non-negative integers is hidden. Return the value that occurs more than half of the time,
    or -1 if there is none. The answer is an integer."""

    class Config(BaseModel):
        nums: list[int]

    sequence_field = "nums"
    answer_type = int
    meta = EnvMeta(source="classic: majority element (LeetCode 169/229 variant)", license="original", split="test",
                   tags=("voting", "array"))
    source_solution = staticmethod(solve)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        if rng.random() < 0.7:  # a true majority
            major = rng.randint(0, 9)
            k = n // 2 + 1 + rng.randint(0, n // 4)
            nums = [major] * k + [rng.randint(0, 9) for _ in range(n - k)]
        else:
            nums = [rng.randint(0, 4) for _ in range(n)]
        rng.shuffle(nums)
        return cls.Config(nums=nums)

    def setup(self) -> None:
        self.candidate: int | None = None
        self.votes = 0
        self.tally = 0

    def observe(self) -> str:
        return f"{len(self.config.nums)} integers are hidden. Candidate: {self.candidate}, votes: {self.votes}."

    def reference_answer(self) -> int:
        candidate, votes = None, 0
        for x in self.config.nums:
            if votes == 0:
                candidate = x
            votes += 1 if x == candidate else -1
        return candidate if self.config.nums.count(candidate) * 2 > len(self.config.nums) else -1

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.nums),)

    @tool
    def Vote(self, value: int) -> dict[str, int | None]:
        """Boyer-Moore step: if there are no votes, value becomes the candidate; then a matching value adds a vote
        and any other value removes one. Returns the candidate and its votes.

        Args:
            value: the next element of the list.
        """
        if self.votes == 0:
            self.candidate = value
        self.votes += 1 if value == self.candidate else -1
        return {"candidate": self.candidate, "votes": self.votes}

    @tool
    def CountIfEqual(self, value: int, target: int) -> int:
        """Add one to the confirmation tally if value equals target; returns the tally.

        Args:
            value: an element of the list.
            target: the candidate being confirmed.
        """
        self.tally += int(value == target)
        return self.tally

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        values = [env.GetElement(index=i) for i in range(n)]
        state = {"candidate": None}
        for v in values:
            state = env.Vote(value=v)
        tally = 0
        for v in values:
            tally = env.CountIfEqual(value=v, target=state["candidate"])
        env.Done(answer=state["candidate"] if tally * 2 > n else -1)
