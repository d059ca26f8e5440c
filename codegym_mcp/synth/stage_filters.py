"""Stage 4: step bounds, near-duplicate removal, and the optional agent-difficulty filter."""

from __future__ import annotations

import json
import tempfile
import threading
from pathlib import Path
from typing import Any

from ..episode import EnvironmentFailure
from .config import Rejected, SynthConfig
from .stage_export import stage_export
from .stage_oracle import sandboxed_episode

__all__ = ['remember', 'stage_difficulty', 'stage_filters']


def stage_filters(env: dict[str, Any], tasks: dict[str, Any], oracle: dict[str, Any], cfg: SynthConfig,
                  seen: dict[str, list[dict[str, Any]]], lock: threading.Lock, workdir: Path) -> dict[str, Any]:
    low, high = min(oracle["steps"]), max(oracle["steps"])
    if low < cfg.min_steps or high > cfg.max_steps:
        raise Rejected("filters", f"oracle tool calls {low}..{high} outside [{cfg.min_steps}, {cfg.max_steps}]")
    signature = _signature(env)
    mine = remember(env, tasks, oracle, seen, lock)
    with lock:
        others = [o for o in seen[signature] if o["name"] != env["name"]]
    for other in others:  # same tools: a duplicate if it also behaves the same on the other's task
        if _replays_identically(workdir / f"{env['name']}.py", env["name"], other["task"], other["log"], cfg):
            with lock:
                seen[signature].remove(mine)
            raise Rejected("filters", f"near-duplicate of {other['name']} (same tools and behaviour)")
    return {"steps_min": low, "steps_max": high}


def _signature(env: dict[str, Any]) -> str:
    return json.dumps(sorted((t["name"], json.dumps(t["input_schema"], sort_keys=True)) for t in env["tools"]))


def remember(env: dict[str, Any], tasks: dict[str, Any], oracle: dict[str, Any], seen: dict[str, list[dict[str, Any]]],
             lock: threading.Lock) -> dict[str, Any]:
    """Register an env for near-duplicate checks (also for envs accepted in an earlier, resumed run)."""
    mine = {"name": env["name"], "task": tasks["tasks"][0], "log": oracle["log"]}
    with lock:
        bucket = seen.setdefault(_signature(env), [])
        if all(o["name"] != env["name"] for o in bucket):
            bucket.append(mine)
    return mine


def _replays_identically(env_file: Path, name: str, task: dict[str, Any], log: list, cfg: SynthConfig) -> bool:
    try:
        episode = sandboxed_episode(env_file, name, task, cfg)
    except (EnvironmentFailure, OSError):
        return False
    try:
        return all(episode.call(tool, json.loads(args)).text == text for tool, args, text in log)
    finally:
        episode.close()




def stage_difficulty(env: dict[str, Any], tasks: dict[str, Any], oracle: dict[str, Any], cfg: SynthConfig) -> dict[str, Any]:
    assert cfg.difficulty_filter is not None
    with tempfile.TemporaryDirectory(prefix="codegym-difficulty-") as tmp:  # not in the library until it passes
        probe = SynthConfig(out_dir=Path(tmp), format="native")
        written = stage_export(env, tasks, oracle, probe)
        measured = cfg.difficulty_filter(Path(tmp) / written["file"], Path(tmp) / "tasks" / f"{env['name']}.jsonl", env["name"])
    data = dict(measured) if isinstance(measured, dict) else {"pass_rate": float(measured)}
    rate = data["pass_rate"]
    if rate > cfg.difficulty_threshold:
        raise Rejected("difficulty", f"agent pass rate {rate:.0%} > {cfg.difficulty_threshold:.0%}",
                       spent=(int(data.get("input_tokens", 0)), int(data.get("output_tokens", 0))))
    return data
