"""Import a directory of CodeGym-format env files plus a JSONL of config strings as a library.

The output directory holds copies of the env files, one task file per environment and a manifest
(`codegym_library.json`) that the registry reads; it is served and verified like the shipped library
(always sandboxed, since the code is not ours).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

from .env import EnvDefinitionError
from .legacy import load_codegym_file, parse_config_string

__all__ = ["import_library"]

MANIFEST = "codegym_library.json"


def _config_strings(tasks_file: Path) -> list[str]:
    rows = []
    for lineno, line in enumerate(tasks_file.read_text().splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError:
            value = line  # a bare config string
        if isinstance(value, dict):
            value = value.get("env_str") or value.get("config") or value.get("task")
        if not isinstance(value, str) or "@" not in value:
            raise ValueError(f"{tasks_file}:{lineno}: expected a config string like \"NameEnv@{{...}}\"")
        rows.append(value)
    return rows


def _split_of(name: str, test_fraction: float) -> str:
    """Environment-level split, stable across runs: hash of the name."""
    bucket = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if bucket < test_fraction else "train"


def import_library(directory: Path, tasks_file: Path, out_dir: Path, *, test_fraction: float = 0.2) -> dict[str, Any]:
    """Copy valid env files and their tasks into `out_dir`; report skipped files with the reason."""
    if not 0 <= test_fraction <= 1:
        raise ValueError("test_fraction must be between 0 and 1")
    by_env: dict[str, list[dict[str, Any]]] = {}
    for text in _config_strings(tasks_file):
        name, cfg = parse_config_string(text)
        by_env.setdefault(name or "", []).append(cfg)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "tasks").mkdir(exist_ok=True)
    manifest: dict[str, Any] = {"format": "codegym", "envs": [], "skipped": []}
    for path in sorted(Path(directory).glob("*.py")):
        try:
            spec = load_codegym_file(path)
        except EnvDefinitionError as exc:
            manifest["skipped"].append({"file": path.name, "reason": str(exc)})
            continue
        configs = by_env.get(spec.name, [])
        if not configs:
            manifest["skipped"].append({"file": path.name, "reason": f"no task configs for {spec.name} in {tasks_file.name}"})
            continue
        shutil.copy2(path, out_dir / path.name)
        split = _split_of(spec.name, test_fraction)
        task_path = out_dir / "tasks" / f"{spec.name}.jsonl"
        with task_path.open("w") as f:
            for i, cfg in enumerate(configs):
                f.write(json.dumps({"id": f"task-{i:03d}", "split": split, "config": cfg}) + "\n")
        manifest["envs"].append({"name": spec.name, "file": path.name, "tasks": f"tasks/{spec.name}.jsonl",
                                 "split": split, "source": str(path), "task_count": len(configs)})
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest
