"""Shared pieces of the synthesis stages: the configuration and the rejection a stage raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .isolate import Limits

__all__ = ['Rejected', 'STAGES', 'SynthConfig']


STAGES = ("solution", "environment", "tasks", "oracle", "filters", "difficulty", "export")


@dataclass
class SynthConfig:
    out_dir: Path
    repairs: int = 2
    oracle_samples: int = 10
    tasks_per_difficulty: int = 6
    min_valid_tasks: int = 10
    min_valid_fraction: float = 0.8
    min_steps: int = 10
    max_steps: int = 256
    concurrency: int = 4
    limits: Limits = field(default_factory=Limits)
    format: str = "native"  # or "codegym"
    verify: bool = True
    # (env file, task file, env name) -> the agent's pass rate, or a dict with "pass_rate" and what else to keep
    difficulty_filter: Callable[[Path, Path, str], float | dict[str, Any]] | None = None
    difficulty_threshold: float = 0.25


class Rejected(Exception):
    def __init__(self, stage: str, reason: str, spent: tuple[int, int] = (0, 0)):
        super().__init__(reason)
        self.stage = stage
        self.reason = reason
        self.spent = spent  # tokens (in, out) spent outside the synthesis model, e.g. by the difficulty agent
