"""Turn a file of coding problems into verified environments with an LLM (CodeGym's Gym Synthesis and
Verification, with reference answers from the original solution, isolation, tool-only oracles,
deduplication and resumable batches)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .inputs import Problem, read_problems
    from .isolate import Limits
    from .llm import ChatClient
    from .pipeline import STAGES, SynthConfig, SynthResult, synthesize

__all__ = ["STAGES", "ChatClient", "Limits", "Problem", "SynthConfig", "SynthResult", "read_problems", "synthesize"]

# Imported on first use: the isolated children (`python -m codegym_mcp.synth._child`) import this package,
# and must not pay for the pipeline's imports (sqlite_utils pulls in pandas) on every job.
_HOME = {"Problem": "inputs", "read_problems": "inputs", "Limits": "isolate", "ChatClient": "llm"}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME.get(name, 'pipeline')}", __name__), name)
