"""Find environments and their task files; turn (env, task) into a ready `Episode`.

Shipped environments are `environments/*.py` (one or more `Environment` subclasses each) with frozen
tasks in `environments/tasks/<EnvName>.jsonl`. CodeGym-format files are served through `legacy.py`.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import json
import os
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Literal

from .env import DIFFICULTIES, EnvDefinitionError, Environment, ToolInfo
from .envfiles import import_env_module, is_native_file, is_native_text, scan_env_names
from .episode import DEFAULT_MAX_STEPS, Backend, Episode, NativeBackend, ToolProxy

__all__ = ["EnvEntry", "Registry", "Task", "TaskError", "default_registry", "parse_task"]

ENV_DIRS_VAR = "CODEGYM_ENV_DIRS"


class TaskError(ValueError):
    """A task spec that cannot be resolved (unknown id, bad JSON, bad config)."""


@dataclass(frozen=True)
class Task:
    """One frozen or generated task config."""

    id: str
    config: dict[str, Any]
    split: str = "train"
    difficulty: str | None = None
    seed: int | None = None
    # Per-instance facts from the source data, e.g. CodeGym's solve_fc_round and base_pass (qwen32b_Bo4_score).
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def base_pass_at_most(self, limit: float) -> bool:
        """Whether the recorded base-model pass rate is at most `limit` (none recorded: no)."""
        rate = self.meta.get("base_pass")
        return isinstance(rate, (int, float)) and rate <= limit

    def as_row(self) -> dict[str, Any]:
        row = {"id": self.id, "split": self.split, "difficulty": self.difficulty, "seed": self.seed, "config": self.config}
        return {**row, **self.meta} if self.meta else row


@dataclass
class EnvEntry:
    """A registered environment: native class or CodeGym-format file, plus its frozen tasks."""

    name: str
    kind: Literal["native", "codegym"]
    split: str
    source: str
    env_cls: type[Environment] | None = None
    path: Path | None = None
    task_file: Path | None = None
    trusted: bool = True
    description: str = ""
    tools: list[ToolInfo] | None = None  # known without importing, for untrusted files
    statement: str | None = None  # a CodeGym-format env's problem statement (given, or from a sidecar file)
    class_name: str | None = None  # a CodeGym-format env's class (not unique across files; the name is the file stem)
    _tasks: list[Task] | None = field(default=None, repr=False)

    def statement_text(self) -> str | None:
        """The problem statement of a CodeGym-format env: given, else `<stem>.md`/`.txt` beside its file."""
        if self.statement is None and self.kind == "codegym" and self.path is not None:
            from .legacy import statement_sidecar

            self.statement = statement_sidecar(self.path) or ""
        return self.statement or None

    def task_split(self, task: Task) -> str:
        """A task is held out if its own split or its environment's split is `test`."""
        return "test" if "test" in (self.split, task.split) else task.split if task.split in ("train", "test") else self.split

    def split_tasks(self, split: str | None) -> list[Task]:
        """The frozen tasks of `split` (all of them for None)."""
        return [t for t in self.tasks if split is None or self.task_split(t) == split]

    @property
    def tasks(self) -> list[Task]:
        if self._tasks is None:
            self._tasks = read_task_file(self.task_file) if self.task_file and self.task_file.exists() else []
        return self._tasks

    def task_ids(self, split: str | None = None) -> list[str]:
        return [t.id for t in self.tasks if split is None or t.split == split]

    def tool_infos(self) -> list[ToolInfo]:
        if self.env_cls is not None:
            return self.env_cls.tool_infos()
        if self.tools is None:
            from .legacy import load_codegym_file, static_codegym_spec

            spec = load_codegym_file(self.path) if self.trusted else static_codegym_spec(self.path)  # type: ignore[arg-type]
            self.tools = spec.tools
        return self.tools

    def tool_names(self) -> list[str]:
        return [t.name for t in self.tool_infos()]

    def get_task(self, task_id: str) -> Task:
        for t in self.tasks:
            if t.id == task_id:
                return t
        raise TaskError(f"{self.name} has no task '{task_id}' (known: {', '.join(self.task_ids()[:5])}...)")

    def generate_task(self, seed: int, difficulty: str = "medium") -> Task:
        if self.kind == "codegym":
            raise TaskError(f"{self.name} is a CodeGym-format file and has no task generator; give a task config")
        if self.env_cls is not None:
            config = self.env_cls.make_config(seed, difficulty).model_dump(mode="json")  # type: ignore[arg-type]
        else:  # an untrusted native file: its generator runs in a worker
            from .sandbox import worker_job

            config = worker_job({"op": "generate", "path": str(Path(self.path).resolve()), "env": self.name,  # type: ignore[arg-type]
                                 "seed": seed, "difficulty": difficulty})["config"]
        return Task(f"seed-{seed}-{difficulty}", config, "generated", difficulty, seed)

    def resolve_task(self, spec: str | dict[str, Any] | None = None, *, seed: int | None = None, difficulty: str | None = None) -> Task:
        """A task from an id, a JSON object / dict of config parameters, a CodeGym config string, or a seed."""
        if seed is not None:
            return self.generate_task(seed, difficulty or "medium")
        if spec is None:
            if self.tasks:
                return self.tasks[0]
            if self.kind == "native":
                return self.generate_task(0, difficulty or "medium")
            raise TaskError(f"{self.name}: a CodeGym-format file has no generator and this one has no frozen tasks: give "
                            "a config (`--task` for serve/play) or a task file (`codegym-mcp import DIR --tasks FILE`)")
        return parse_task(spec, self)

    def backend(self, task: Task, *, sandbox: bool | None = None) -> Backend:
        untrusted = (not self.trusted) if sandbox is None else sandbox
        if untrusted:
            from .sandbox import SandboxBackend

            return SandboxBackend(self, task)
        if self.env_cls is None and self.kind == "native":  # an untrusted file run in-process: asked for explicitly
            self.env_cls = {c.env_name: c for c in import_env_module(Path(self.path))}[self.name]  # type: ignore[arg-type]
        if self.env_cls is not None:
            try:
                return NativeBackend(self.env_cls, task.config, task.seed)
            except Exception as exc:  # noqa: BLE001 - pydantic or setup errors mean a bad config
                raise TaskError(f"{self.name}: bad task config: {exc}") from exc
        from .legacy import CodeGymBackend

        return CodeGymBackend(load_codegym_file(self.path), task.config, statement=self.statement_text(), name=self.name)  # type: ignore[arg-type]

    def run_oracle(self, task: Task, call: Callable[[str, dict[str, Any]], Any]) -> Any:
        """Run this env's oracle for `task`, acting only through `call` (e.g. a client forwarding over MCP)."""
        if self.env_cls is not None:
            return self.env_cls.oracle(ToolProxy(call))
        if self.kind == "native":  # an untrusted file: running its oracle here is the caller's explicit choice
            cls = {c.env_name: c for c in import_env_module(Path(self.path))}[self.name]  # type: ignore[arg-type]
            return cls.oracle(ToolProxy(call))
        from .legacy import solve_with

        return solve_with(load_codegym_file(self.path), task.config, call)  # type: ignore[arg-type]

    def episode(self, task: Task, *, max_steps: int = DEFAULT_MAX_STEPS, reveal_answer: bool = True, sandbox: bool | None = None) -> Episode:
        return Episode(self.backend(task, sandbox=sandbox), max_steps=max_steps, reveal_answer=reveal_answer)


def load_codegym_file(path: Path) -> Any:
    from .legacy import load_codegym_file as load

    return load(path)


def parse_task(spec: str | dict[str, Any], entry: EnvEntry) -> Task:
    if isinstance(spec, dict):
        return Task(_digest(spec), spec, "custom")
    if not isinstance(spec, str):
        raise TaskError(f"a task is an id (e.g. train-000), an object of config parameters or a CodeGym config string, "
                        f"not {type(spec).__name__} {spec!r}")
    text = spec.strip()
    if text.startswith("{"):
        try:
            cfg = json.loads(text)
        except json.JSONDecodeError:
            try:
                cfg = ast.literal_eval(text)
            except (ValueError, SyntaxError) as exc:
                raise TaskError(f"task is neither JSON nor a Python literal: {exc}") from None
        if not isinstance(cfg, dict):
            raise TaskError("a task config must be an object")
        return Task(_digest(cfg), cfg, "custom")
    if "@" in text:
        from .legacy import parse_config_string

        name, cfg = parse_config_string(text)
        return Task(_digest(cfg), cfg, "custom")
    return entry.get_task(text)


def _digest(cfg: dict[str, Any]) -> str:
    blob = json.dumps(cfg, sort_keys=True, default=str).encode()
    return "custom-" + hashlib.sha256(blob).hexdigest()[:12]


_TASK_KEYS = frozenset({"id", "config", "split", "difficulty", "seed"})


def read_task_file(path: Path) -> list[Task]:
    tasks = []
    for lineno, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            extra = {k: v for k, v in row.items() if k not in _TASK_KEYS}
            tasks.append(Task(row["id"], row["config"], row.get("split", "train"), row.get("difficulty"), row.get("seed"), extra))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise TaskError(f"{path}:{lineno}: bad task row: {exc}") from None
    return tasks


def freeze_tasks(env_cls: type[Environment], path: Path, per_split: int = 12) -> list[Task]:
    """Write a task file: `per_split` train and test tasks spread over the difficulties."""
    tasks = []
    for split, base in (("train", 0), ("test", 10_000)):
        for i in range(per_split):
            difficulty = DIFFICULTIES[i % len(DIFFICULTIES)]
            seed = base + i
            cfg = env_cls.make_config(seed, difficulty).model_dump(mode="json")
            tasks.append(Task(f"{split}-{i:03d}", cfg, split, difficulty, seed))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(t.as_row(), separators=(",", ":")) + "\n" for t in tasks))
    return tasks


class Registry:
    """Environments by name, from directories of env files and explicitly added files.

    A directory's native env files are imported when first needed: `get(name)` imports only the file a text
    scan says defines `name`, so serving one env does not pay for the whole library. `entries`, `errors` and
    `names()` import the rest.
    """

    def __init__(self, dirs: list[Path] | None = None):
        self._entries: dict[str, EnvEntry] = {}
        self._errors: dict[str, str] = {}  # file -> why it could not be loaded (one broken file spoils nothing else)
        self._pending: dict[Path, None] = {}  # trusted native files not imported yet, in registration order
        self._owner: dict[str, Path] = {}  # env name -> the file that defines it (later files win, as with imports)
        self._loading = threading.RLock()  # servers create episodes from worker threads: one import per file
        for d in dirs or []:
            self.add_dir(Path(d))

    @property
    def entries(self) -> dict[str, EnvEntry]:
        """Every registered env (imports the files not loaded yet)."""
        self._load_all()
        return self._entries

    @property
    def errors(self) -> dict[str, str]:
        self._load_all()
        return self._errors

    def add_dir(self, directory: Path) -> None:
        directory = Path(directory).resolve()  # sandbox workers run in a scratch dir: entries keep absolute paths
        manifest = directory / "codegym_library.json"
        if manifest.exists():  # an imported CodeGym-format library (see `import_library`)
            self._add_library(directory, json.loads(manifest.read_text()))
            return
        for path in sorted(directory.glob("*.py")):
            if path.name.startswith("_"):
                continue
            text = path.read_text(errors="replace")
            if is_native_text(text):
                self._pending[path] = None
                self._owner.update(dict.fromkeys(scan_env_names(text), path))
                continue
            try:
                self.add_file(path, trusted=True)
            except EnvDefinitionError as exc:
                self._errors[str(path)] = str(exc)

    def _load(self, path: Path) -> None:
        """Import a pending file; an env it defines is registered unless a later-registered file also defines it."""
        with self._loading:
            if path in self._pending:  # another thread may have imported it while we waited
                self._import_pending(path)

    def _import_pending(self, path: Path) -> None:
        try:
            classes = import_env_module(path)
            for cls in classes:
                if self._owner.get(cls.env_name, path) == path or cls.env_name not in self._entries:
                    self._entries[cls.env_name] = _native_entry(cls, path)
        except EnvDefinitionError as exc:
            self._errors[str(path)] = str(exc)
        finally:
            del self._pending[path]  # last: a reader that finds the file no longer pending finds its entries

    def _load_all(self) -> None:
        with self._loading:
            for path in list(self._pending):
                self._load(path)

    def _put(self, entry: EnvEntry, path: Path) -> None:
        self._entries[entry.name] = entry
        self._owner[entry.name] = path

    def add_file(self, path: Path, *, trusted: bool = False, task_file: Path | None = None, split: str = "train",
                 statement: str | None = None) -> list[EnvEntry]:
        if not Path(path).exists():
            raise EnvDefinitionError(f"{path}: no such file")
        path = Path(path).resolve()  # workers and subprocesses run elsewhere (a scratch dir): never a relative path
        self._pending.pop(path, None)  # added explicitly now: its entries below replace the lazy ones
        added = []
        if is_native_file(path) and trusted:
            added = [_native_entry(cls, path, task_file) for cls in import_env_module(path)]
        elif is_native_file(path):  # untrusted: learn what it holds inside a worker, never import it here
            from .episode import EnvironmentFailure
            from .sandbox import describe_file

            try:
                envs = describe_file(path)
            except EnvironmentFailure as exc:
                raise EnvDefinitionError(f"{path}: {exc}") from None
            for row in envs:
                tools = [ToolInfo(t["name"], t["description"], t["input_schema"]) for t in row["tools"]]
                added.append(EnvEntry(row["name"], "native", row.get("split", split), row.get("source", str(path)), path=path,
                                      task_file=task_file or path.parent / "tasks" / f"{row['name']}.jsonl", trusted=False,
                                      description=row["doc"], tools=tools))
        else:
            from .legacy import load_codegym_file, static_codegym_spec

            spec = load_codegym_file(path) if trusted else static_codegym_spec(path)
            added.append(EnvEntry(spec.name, "codegym", split, str(path), path=path, task_file=task_file, trusted=trusted,
                                  description=spec.doc, tools=spec.tools, statement=statement, class_name=spec.name))
        for e in added:
            self._put(e, path)
        return added

    def _add_library(self, directory: Path, manifest: dict[str, Any]) -> None:
        for row in manifest.get("envs", []):
            self._put(EnvEntry(row["name"], "codegym", row.get("split", "train"), row.get("source", ""),
                               path=directory / row["file"], task_file=directory / row["tasks"], trusted=False,
                               class_name=row.get("class")), directory / row["file"])

    def get(self, name_or_path: str) -> EnvEntry:
        found = self.find(name_or_path)
        if found is None and self._pending:  # the scan missed it (a name set in an unusual way): import everything
            self._load_all()
            found = self.find(name_or_path)
        if found is not None:
            return found
        if name_or_path.endswith(".py") or os.sep in name_or_path:
            return self.add_file(Path(name_or_path), trusted=False)[0]
        raise KeyError(f"unknown environment '{name_or_path}'; run `codegym-mcp list` to see the registered ones")

    def find(self, name: str) -> EnvEntry | None:
        """By exact name, else case-insensitively with or without the "Env" suffix; None if no file registered so
        far names it. Imports only the files named (`get` also imports all the rest before giving up)."""
        if name in self._entries and self._owner.get(name) not in self._pending:  # the common case, per episode
            return self._entries[name]
        wanted = (name.lower(), name.lower() + "env")
        for owned, path in list(self._owner.items()):
            if path in self._pending and owned.lower() in wanted:
                self._load(path)
        if name in self._entries:
            return self._entries[name]
        lowered = {k.lower(): v for k, v in self._entries.items()}
        return next((lowered[c] for c in wanted if c in lowered), None)

    def names(self, split: str | None = None) -> list[str]:
        return sorted(n for n, e in self.entries.items() if split is None or e.split == split)


def _native_entry(cls: type[Environment], path: Path, task_file: Path | None = None) -> EnvEntry:
    return EnvEntry(cls.env_name, "native", cls.meta.split, cls.meta.source, env_cls=cls, path=path,
                    task_file=task_file or path.parent / "tasks" / f"{cls.env_name}.jsonl", trusted=True,
                    description=cls.__doc__ or "")


def shipped_env_dir() -> Path:
    """`environments/` of a source checkout, else the installed `codegym_environments` package."""
    source = Path(__file__).resolve().parent.parent / "environments"
    if source.is_dir():
        return source
    spec = importlib.util.find_spec("codegym_environments")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return source


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The shipped library plus any directories in $CODEGYM_ENV_DIRS (os.pathsep-separated)."""
    dirs = [shipped_env_dir()] if shipped_env_dir().is_dir() else []
    dirs += [Path(p) for p in os.environ.get(ENV_DIRS_VAR, "").split(os.pathsep) if p]
    return Registry(dirs)
