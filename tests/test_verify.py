"""The checker fails what it should: each env here breaks one rule, and exactly that check fails."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from codegym_mcp.registry import Registry
from codegym_mcp.verify import verify_entry

TEMPLATE = '''
import os
import random

from pydantic import BaseModel

from codegym_mcp.env import Difficulty, EnvMeta, Environment, tool


def total(nums):
    return {solution}


class SumEnv(Environment):
    """A list of integers is hidden. Answer its sum, an integer."""

    class Config(BaseModel):
        nums: list[int]

    answer_type = int
    meta = EnvMeta(source="test", license="original", split="train")
    source_solution = staticmethod(total)

    @classmethod
    def generate(cls, rng: random.Random, difficulty: Difficulty) -> Config:
        return cls.Config(nums=[rng.randint(100000, 999999) for _ in range({size})])

    def observe(self) -> str:
        return {observe}

    def reference_answer(self) -> int:
        return sum(self.config.nums)

    def source_args(self):
        return (list(self.config.nums),)

    @tool
    def GetLength(self) -> int:
        """Return the length."""
        return len(self.config.nums)

    @tool
    def GetElement(self, index: int) -> int:
        """Return an element.

        Args:
            index: position.
        """
        return self.config.nums[index]

    @tool
    def Add(self, a: int, b: int) -> int:
        """Add two numbers.

        Args:
            a: first.
            b: second.
        """
        return a + b

    @tool
    def Echo(self, x: int) -> int:
        """Return x.

        Args:
            x: value.
        """
        return x

    @tool
    def Unused(self) -> int:  # called once by the oracle, its answer ignored
        """Return a number."""
        return {unused}

    @staticmethod
    def oracle(env) -> None:
        env.Observe()
        acc = 0
        for i in range(env.GetLength()):
            acc = env.Add(a=acc, b=env.GetElement(index=i))
        env.Unused()
        env.Done(answer=env.Echo(x=acc))
'''

GOOD = {"solution": "sum(nums)", "size": 12, "observe": '"a list is hidden"', "unused": "0"}
BROKEN = {
    "deterministic": {"unused": "int.from_bytes(os.urandom(8), 'big')"},
    "oracle solves all": {"size": 2},  # too few steps: 1 + 1 + 2*2 + 1 + 2 = 9 < 10
    "no answer leak": {"observe": "str(sum(self.config.nums))"},
    "reference = source solution": {"solution": "sum(nums) + 1"},
}


def report(tmp_path: Path, **changes):
    path = tmp_path / "sum_env.py"
    path.write_text(textwrap.dedent(TEMPLATE.format(**{**GOOD, **changes})))
    [entry] = Registry().add_file(path, trusted=True, task_file=tmp_path / "none.jsonl")
    rep = verify_entry(entry, generated=4)
    return {c.name: (c.ok, c.detail) for c in rep.checks}


def test_a_sound_env_passes(tmp_path):
    checks = report(tmp_path)
    assert all(ok for ok, _ in checks.values()), checks


@pytest.mark.parametrize("check", sorted(BROKEN))
def test_a_broken_rule_fails_its_check(tmp_path, check):
    checks = report(tmp_path, **BROKEN[check])
    failed = sorted(name for name, (ok, _) in checks.items() if not ok)
    assert check in failed, checks
