"""Which episodes a run plays: environments x tasks of a split x samples, in a stable order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from codegym_mcp.registry import EnvEntry, Registry, Task

__all__ = ["EpisodeSpec", "plan_episodes"]


@dataclass(frozen=True)
class EpisodeSpec:
    """One episode to play; (env, task_id, sample) is its key within a run."""

    env: str
    task_id: str
    split: str
    difficulty: str | None
    sample: int
    entry: EnvEntry | None = None
    task: Task | None = None

    @property
    def key(self) -> tuple[str, str, int]:
        return (self.env, self.task_id, self.sample)


def plan_episodes(registry: Registry, *, split: str | None = "train", envs: list[str] | None = None,
                  tasks_per_env: int | None = None, samples: int = 1,
                  max_base_pass: float | None = None) -> tuple[list[EpisodeSpec], list[dict[str, Any]]]:
    """The episodes to run, and the environments skipped (with why)."""
    if samples < 1:
        raise ValueError("samples must be at least 1")
    entries = [registry.get(name) for name in envs] if envs else [registry.entries[n] for n in registry.names()]
    specs: list[EpisodeSpec] = []
    skipped: list[dict[str, Any]] = []
    for entry in entries:
        tasks = entry.split_tasks(split)
        if max_base_pass is not None:  # the paper keeps instances a base model solves at most 25% of the time
            tasks = [t for t in tasks if t.base_pass_at_most(max_base_pass)]
        if not tasks:
            where = f"the {split or 'any'} split" + (f" with base pass <= {max_base_pass:g}" if max_base_pass is not None else "")
            skipped.append({"env": entry.name, "reason": f"no frozen tasks in {where}"})
            continue
        for task in tasks[:tasks_per_env] if tasks_per_env else tasks:
            for sample in range(samples):
                specs.append(EpisodeSpec(entry.name, task.id, entry.task_split(task), task.difficulty, sample, entry, task))
    return specs, skipped
