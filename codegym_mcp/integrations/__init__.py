"""Bridges to other frameworks (each an optional extra), and what they share."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..registry import EnvEntry, Task

SYSTEM_PROMPT = ("You are solving a coding task through tools. You only see what tools return. "
                 "Call Observe() first, use the other tools to work the problem out, then call Done(answer) once.")


def split_tasks(entry: EnvEntry, split: str | None) -> list[Task]:
    """The frozen tasks of a split, with the harness's rule: a task is held out if it or its env is `test`."""
    from agent_runners.plan import task_split

    return [t for t in entry.tasks if split is None or task_split(entry, t) == split]
