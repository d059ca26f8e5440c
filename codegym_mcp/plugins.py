"""What other installed packages add to the library, found through entry points (group `codegym_mcp.plugins`).

The harness (`agent_runners`) sits above the library: it adds the `run`/`eval`/`export`/`report`/`view`
commands and the agent-driven difficulty filter of `synth` this way, so `codegym_mcp` never imports it.
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Any

__all__ = ["GROUP", "plugin"]

GROUP = "codegym_mcp.plugins"


def plugin(name: str) -> Any | None:
    """The object registered under `name`, or None when no installed package provides it."""
    for ep in entry_points(group=GROUP, name=name):
        return ep.load()
    return None
