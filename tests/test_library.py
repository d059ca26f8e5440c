"""The shipped library: size, splits, task files, and every environment passing the checker.

CI also runs `codegym-mcp verify` over the whole library with 20 generated tasks per env; here each env is
checked on its frozen tasks plus a few generated ones so the suite stays fast.
"""

from __future__ import annotations

import pytest

from codegym_mcp.registry import default_registry
from codegym_mcp.verify import summarize, verify_entry

REGISTRY = default_registry()
NAMES = REGISTRY.names()
_REPORTS: dict = {}  # filled by the per-env checks, reused by the statistics test


def report_for(name: str):
    if name not in _REPORTS:
        _REPORTS[name] = verify_entry(REGISTRY.entries[name], generated=3)
    return _REPORTS[name]


def test_library_size_and_environment_level_split():
    assert len(NAMES) >= 264
    test_envs = REGISTRY.names("test")
    assert len(test_envs) / len(NAMES) >= 0.25
    humaneval = [n for n in NAMES if REGISTRY.entries[n].source.startswith("HumanEval/")]
    assert {REGISTRY.entries[n].source for n in humaneval} == {f"HumanEval/{i}" for i in range(164)}
    assert len(humaneval) == 164  # one env per problem
    others = [n for n in NAMES if n not in humaneval]
    assert len(others) >= 100 and all(REGISTRY.entries[n].env_cls.source_solution for n in others)
    # The held-out split is stratified over source: both kinds of problem are held out in proportion.
    for group in (humaneval, others):
        assert sum(REGISTRY.entries[n].split == "test" for n in group) / len(group) >= 0.25


@pytest.mark.parametrize("name", NAMES)
def test_env_has_frozen_train_and_test_tasks_at_every_difficulty(name):
    entry = REGISTRY.entries[name]
    assert len(entry.task_ids("train")) >= 10 and len(entry.task_ids("test")) >= 10
    assert {t.difficulty for t in entry.tasks} == {"easy", "medium", "hard"}
    assert 4 <= len(entry.tool_names()) <= 12
    assert entry.env_cls is not None and entry.env_cls.meta.license


@pytest.mark.parametrize("name", NAMES)
def test_env_passes_the_checker(name):
    report = report_for(name)
    failed = [f"{c.name}: {c.detail}" for c in report.checks if not c.ok]
    assert report.ok, failed
    assert 10 <= min(report.steps) and max(report.steps) <= 256


def test_library_statistics_are_in_the_papers_range():
    from codegym_mcp.verify import library_problems

    reports = [report_for(n) for n in NAMES]
    s = summarize(reports)
    assert 4 <= s["tools_per_env_mean"] <= 12
    assert s["oracle_steps_per_env_mean"] >= 40  # the paper reports 44.07
    assert library_problems(s) == []  # scalar-input envs at most 10%, overall and in the test split
    assert all(any(c.name == "partial observability" for c in r.checks) for r in reports)
