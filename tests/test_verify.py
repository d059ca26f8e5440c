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
    # Partial observability: the whole hidden list in one call, as a run of text or as JSON.
    "partial observability": {"observe": "'hidden: ' + ' '.join(map(str, self.config.nums))"},
}
LEAKY_TOOL = {"unused": "list(self.config.nums)"}


def entry_for(tmp_path: Path, **changes):
    path = tmp_path / "sum_env.py"
    path.write_text(textwrap.dedent(TEMPLATE.format(**{**GOOD, **changes})))
    [entry] = Registry().add_file(path, trusted=True, task_file=tmp_path / "none.jsonl")
    return entry


def report(tmp_path: Path, **changes):
    rep = verify_entry(entry_for(tmp_path, **changes), generated=4)
    return {c.name: (c.ok, c.detail) for c in rep.checks}


def test_a_sound_env_passes(tmp_path):
    checks = report(tmp_path)
    assert all(ok for ok, _ in checks.values()), checks


@pytest.mark.parametrize("check", sorted(BROKEN))
def test_a_broken_rule_fails_its_check(tmp_path, check):
    checks = report(tmp_path, **BROKEN[check])
    failed = sorted(name for name, (ok, _) in checks.items() if not ok)
    assert check in failed, checks


def test_a_tool_that_returns_the_hidden_list_fails_partial_observability(tmp_path):
    ok, detail = report(tmp_path, **LEAKY_TOOL)["partial observability"]
    assert not ok and "Unused()" in detail and "'nums'" in detail


def test_windowed_reads_and_a_short_list_pass_partial_observability(tmp_path):
    # GetElement(0) shows one element: a window, fine. A 4-item list is no hidden collection at all.
    assert report(tmp_path)["partial observability"][0]
    (tmp_path / "small").mkdir()
    rep = verify_entry(entry_for(tmp_path / "small", size=4, **LEAKY_TOOL), generated=3)
    assert rep.scalar_input
    assert dict((c.name, c.ok) for c in rep.checks)["partial observability"]


def test_paper_rules_skip_the_house_rules(tmp_path):
    rep = verify_entry(entry_for(tmp_path, **LEAKY_TOOL), generated=2, house_rules=False)
    names = {c.name for c in rep.checks}
    assert "partial observability" not in names and "tool use" not in names and rep.ok


def test_an_env_that_raises_is_reported_not_crashed(tmp_path):
    rep = verify_entry(entry_for(tmp_path, observe="1 / 0"), generated=2)
    assert not rep.ok and any("ZeroDivisionError" in c.detail for c in rep.checks)


def test_baselines_and_parallel_verification(tmp_path):
    from codegym_mcp.verify import verify_all

    entry = entry_for(tmp_path)
    reports = list(verify_all([entry, entry], jobs=2, generated=2, baselines=True))
    assert len(reports) == 2 and all(r.ok for r in reports)
    assert all(set(r.baselines) == {"random", "free_read"} for r in reports)


def test_library_rule_on_scalar_input_share():
    from codegym_mcp.verify import library_problems

    base = {"scalar_input_share": 0.1, "scalar_input_share_test": 0.1}
    assert library_problems(base) == []
    assert "test split" in library_problems({**base, "scalar_input_share_test": 0.2})[0]
