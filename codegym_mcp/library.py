"""Import CodeGym's released data as a library: a directory of env files plus a JSONL of instances.

Accepted rows, one per line, unmodified:
- veRL training instances: `{"ability": "codegym_v1@<file stem>@<config>", "prompt": [...], "extra_info": {...}}`;
  the statement is the user message's text after `Question:`; `solve_fc_round` and `qwen32b_Bo4_score`
  are kept with each task (as `solve_fc_round` and `base_pass`);
- config strings: `"NameEnv@{...}"` bare or as `{"env_str" | "config" | "task": ...}`, matched to the one file
  whose class has that name.

Environments are keyed by file stem (class names repeat across files). The import streams: rows go
straight to per-env task files, so memory stays flat however large the data. Env files are read with
`ast` only, never imported (the code is not ours). The summary accounts for every file and every row.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator

from .env import EnvDefinitionError
from .legacy import parse_config_string, statement_from_prompt, statement_sidecar, static_codegym_spec

__all__ = ["ImportSummary", "import_library"]

MANIFEST = "codegym_library.json"
ABILITY_PREFIX = "codegym_v1@"
MAX_LISTED = 200  # skipped rows listed one by one; all are counted


@dataclass
class ImportSummary:
    files: int = 0
    envs: list[dict[str, Any]] = field(default_factory=list)
    skipped_files: list[dict[str, str]] = field(default_factory=list)
    rows: int = 0
    rows_imported: int = 0
    rows_skipped: int = 0
    skipped_rows: list[dict[str, Any]] = field(default_factory=list)  # {"line", "reason"}, the first MAX_LISTED
    skip_reasons: dict[str, int] = field(default_factory=dict)
    without_statement: list[str] = field(default_factory=list)

    def skip_row(self, line: int, reason: str, kind: str) -> None:
        self.rows_skipped += 1
        self.skip_reasons[kind] = self.skip_reasons.get(kind, 0) + 1
        if len(self.skipped_rows) < MAX_LISTED:
            self.skipped_rows.append({"line": line, "reason": reason})

    def as_dict(self) -> dict[str, Any]:
        return {"format": "codegym", "files": self.files, "envs": self.envs, "skipped": self.skipped_files,
                "rows": self.rows, "rows_imported": self.rows_imported, "rows_skipped": self.rows_skipped,
                "skip_reasons": self.skip_reasons, "skipped_rows": self.skipped_rows,
                "without_statement": self.without_statement}


@dataclass
class _Row:
    line: int
    stem: str | None  # veRL rows name the file
    class_name: str | None  # config strings name the class
    config: dict[str, Any]
    statement: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


def _instance_meta(row: dict[str, Any]) -> dict[str, Any]:
    extra: dict[str, Any] = row["extra_info"] if isinstance(row.get("extra_info"), dict) else {}
    meta = {"solve_fc_round": extra.get("solve_fc_round"), "base_pass": extra.get("qwen32b_Bo4_score"),
            "base_pass_bo8": extra.get("qwen32b_Bo8_score"), "source_index": extra.get("index"),
            "code_id": row.get("code_id"), "max_calls": row.get("plugin_call_max_round")}
    return {k: v for k, v in meta.items() if v is not None}


def _parse_line(lineno: int, line: str) -> _Row:
    """One instance row; ValueError says what is wrong with it."""
    try:
        value: Any = json.loads(line)
    except json.JSONDecodeError:
        value = line  # a bare config string
    if isinstance(value, dict) and isinstance(value.get("ability"), str):
        ability = value["ability"]
        if not ability.startswith(ABILITY_PREFIX):
            raise ValueError(f"'ability' is not a CodeGym instance (expected {ABILITY_PREFIX}<file stem>@<config>)")
        stem, sep, body = ability[len(ABILITY_PREFIX):].partition("@")
        if not sep or not stem:
            raise ValueError("'ability' has no <file stem>@<config> part")
        _, config = parse_config_string("@" + body)
        return _Row(lineno, stem.strip(), None, config, statement_from_prompt(value.get("prompt")), _instance_meta(value))
    if isinstance(value, dict):
        value = value.get("env_str") or value.get("config") or value.get("task")
    if not isinstance(value, str) or "@" not in value:
        raise ValueError('expected a veRL instance ({"ability": "codegym_v1@STEM@{...}", ...}) or a config string "NameEnv@{...}"')
    name, config = parse_config_string(value)
    return _Row(lineno, None, name, config)


def _rows(tasks_file: Path) -> Iterator[tuple[int, _Row | str]]:
    with tasks_file.open(errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield lineno, _parse_line(lineno, line)
            except ValueError as exc:
                yield lineno, str(exc)


def _split_of(name: str, test_fraction: float) -> str:
    """Environment-level split, stable across runs: hash of the name."""
    bucket = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if bucket < test_fraction else "train"


class _TaskWriters:
    """Appends task rows to per-env files, keeping at most `size` files open."""

    def __init__(self, folder: Path, size: int = 128):
        self.folder, self.size = folder, size
        self.open: OrderedDict[str, IO[str]] = OrderedDict()
        self.counts: dict[str, int] = {}

    def write(self, stem: str, row: dict[str, Any]) -> None:
        f = self.open.pop(stem, None)
        if f is None:
            if len(self.open) >= self.size:
                self.open.popitem(last=False)[1].close()
            f = (self.folder / f"{stem}.jsonl").open("a" if stem in self.counts else "w")
        self.open[stem] = f
        i = self.counts.get(stem, 0)
        self.counts[stem] = i + 1
        f.write(json.dumps({"id": f"task-{i:04d}", **row}, separators=(",", ":")) + "\n")

    def close(self) -> None:
        for f in self.open.values():
            f.close()
        self.open.clear()


def import_library(directory: Path, tasks_file: Path, out_dir: Path, *, test_fraction: float = 0.2) -> ImportSummary:
    """Copy the env files that have instances, with their tasks and statements, into `out_dir`."""
    if not 0 <= test_fraction <= 1:
        raise ValueError("test_fraction must be between 0 and 1")
    directory, out_dir = Path(directory), Path(out_dir)
    summary = ImportSummary()
    classes: dict[str, str] = {}  # stem -> class name, for files that parse
    broken: dict[str, str] = {}
    by_class: dict[str, list[str]] = {}
    for path in sorted(directory.glob("*.py")):
        summary.files += 1
        try:
            spec = static_codegym_spec(path)
        except EnvDefinitionError as exc:
            broken[path.stem] = str(exc)
            continue
        classes[path.stem] = spec.name
        by_class.setdefault(spec.name, []).append(path.stem)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "tasks").mkdir(exist_ok=True)
    writers = _TaskWriters(out_dir / "tasks")
    statements: dict[str, bool] = {}
    try:
        for lineno, row in _rows(tasks_file):
            summary.rows += 1
            if isinstance(row, str):
                summary.skip_row(lineno, row, "malformed row")
                continue
            stem = row.stem
            if stem is None:
                stems = by_class.get(row.class_name or "", [])
                if len(stems) != 1:
                    why = (f"class {row.class_name} is defined in {len(stems)} files ({', '.join(stems[:4])}); "
                           "use veRL rows, which name the file") if stems else f"no env file defines class {row.class_name}"
                    summary.skip_row(lineno, why, "ambiguous class" if stems else "unknown env")
                    continue
                stem = stems[0]
            if stem in broken:
                summary.skip_row(lineno, f"{stem}.py is broken: {broken[stem]}", "broken env file")
                continue
            if stem not in classes:
                summary.skip_row(lineno, f"no env file {stem}.py in {directory}", "unknown env")
                continue
            if row.statement and not statements.get(stem):
                (out_dir / f"{stem}.md").write_text(row.statement + "\n")
                statements[stem] = True
            writers.write(stem, {"split": _split_of(stem, test_fraction), "config": row.config, **row.meta})
            summary.rows_imported += 1
    finally:
        writers.close()
    for stem in sorted(set(classes) | set(broken)):
        if stem in broken:
            summary.skipped_files.append({"file": f"{stem}.py", "reason": broken[stem]})
        elif stem not in writers.counts:
            summary.skipped_files.append({"file": f"{stem}.py", "reason": f"no instances in {tasks_file.name}"})
        else:
            source = directory / f"{stem}.py"
            shutil.copy2(source, out_dir / source.name)
            if not statements.get(stem):
                side = statement_sidecar(source)  # a sidecar statement in the source folder
                if side:
                    (out_dir / f"{stem}.md").write_text(side + "\n")
                elif not _has_own_doc(source):
                    summary.without_statement.append(stem)
            summary.envs.append({"name": stem, "class": classes[stem], "file": source.name, "tasks": f"tasks/{stem}.jsonl",
                                 "split": _split_of(stem, test_fraction), "source": str(source),
                                 "task_count": writers.counts[stem]})
    (out_dir / MANIFEST).write_text(json.dumps(summary.as_dict(), indent=1))
    return summary


def _has_own_doc(path: Path) -> bool:
    try:
        return bool(static_codegym_spec(path).doc.strip())
    except EnvDefinitionError:
        return False
