"""The trajectory store: plain SQLite tables (via sqlite-utils) that anyone can query.

Tables: `runs`, `episodes`, `messages`, `tool_calls`, `schema_version`. Every row is written when
it happens (WAL mode, committed per write), so a crash loses nothing already recorded. JSON
columns hold arguments, content and parameters. This module imports nothing else of ours.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Iterable

import sqlite_utils

__all__ = ["SCHEMA_VERSION", "Store", "StoreError"]

SCHEMA_VERSION = 1


class StoreError(RuntimeError):
    """The database file is unusable (corrupt, or from a newer schema)."""


def _now() -> float:
    return time.time()


def _json(value: Any) -> str:
    return json.dumps(value, default=str)


_TABLES: dict[str, dict[str, Any]] = {
    "runs": {
        "columns": {"id": str, "created_at": float, "kind": str, "agent": str, "model": str, "split": str,
                    "params": str, "status": str, "finished_at": float, "meta": str},
        "pk": "id",
    },
    "episodes": {
        "columns": {"id": str, "run_id": str, "env": str, "task_id": str, "split": str, "difficulty": str,
                    "sample": int, "agent": str, "model": str, "status": str, "reward": float, "steps": int,
                    "end_reason": str, "error": str, "started_at": float, "ended_at": float,
                    "input_tokens": int, "output_tokens": int, "oracle_steps": int, "source": str, "meta": str},
        "pk": "id",
    },
    "messages": {
        "columns": {"id": int, "episode_id": str, "idx": int, "role": str, "content": str, "tool_calls": str,
                    "tool_call_id": str, "name": str, "input_tokens": int, "output_tokens": int,
                    "latency_ms": float, "created_at": float},
        "pk": "id",
    },
    "tool_calls": {
        "columns": {"id": int, "episode_id": str, "idx": int, "name": str, "arguments": str, "result": str,
                    "is_error": int, "latency_ms": float, "created_at": float, "source": str},
        "pk": "id",
    },
}


class Store:
    """A trajectory database. Thread-safe: one connection guarded by a lock, WAL, busy timeout."""

    def __init__(self, path: str | Path = ":memory:"):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(self.path, check_same_thread=False, timeout=30, isolation_level=None)
            self.db = sqlite_utils.Database(conn)
            if self.path != ":memory:":
                self.db.enable_wal()
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
            self._lock = threading.RLock()
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable trajectory database ({exc})") from None

    def _migrate(self) -> None:
        with self._lock:
            versions = self.db["schema_version"]
            current = 0
            if versions.exists():
                current = max((r["version"] for r in versions.rows), default=0)
            if current > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema version {current} is newer than this codegym-mcp ({SCHEMA_VERSION})")
            for name, spec in _TABLES.items():
                table = self.db[name]
                if not table.exists():
                    table.create(spec["columns"], pk=spec["pk"])
                else:  # additive migrations only: new columns appear, nothing is dropped
                    have = set(table.columns_dict)
                    for col, typ in spec["columns"].items():
                        if col not in have:
                            table.add_column(col, typ)
            for table, cols in (("episodes", ["run_id"]), ("messages", ["episode_id"]), ("tool_calls", ["episode_id"])):
                self.db[table].create_index(cols, if_not_exists=True)
            if current < SCHEMA_VERSION:
                versions.insert({"version": SCHEMA_VERSION, "applied_at": _now()}, pk="version", replace=True)

    # ---------------------------------------------------------------- writes

    def create_run(self, *, kind: str = "run", agent: str = "", model: str = "", split: str = "",
                   params: dict[str, Any] | None = None, run_id: str | None = None, meta: dict[str, Any] | None = None) -> str:
        run_id = run_id or uuid.uuid4().hex[:12]
        with self._lock:
            self.db["runs"].insert({"id": run_id, "created_at": _now(), "kind": kind, "agent": agent, "model": model,
                                    "split": split, "params": _json(params or {}), "status": "running",
                                    "meta": _json(meta or {})}, replace=True)
        return run_id

    def finish_run(self, run_id: str, status: str = "finished") -> None:
        with self._lock:
            self.db["runs"].update(run_id, {"status": status, "finished_at": _now()})

    def start_episode(self, *, env: str, task_id: str, run_id: str | None = None, episode_id: str | None = None,
                      split: str = "", difficulty: str | None = None, sample: int = 0, agent: str = "", model: str = "",
                      source: str = "server", meta: dict[str, Any] | None = None) -> str:
        episode_id = episode_id or uuid.uuid4().hex
        with self._lock:
            self.db["episodes"].insert({
                "id": episode_id, "run_id": run_id, "env": env, "task_id": task_id, "split": split,
                "difficulty": difficulty, "sample": sample, "agent": agent, "model": model, "status": "running",
                "steps": 0, "started_at": _now(), "source": source, "meta": _json(meta or {}),
            }, replace=True)
        return episode_id

    def end_episode(self, episode_id: str, *, status: str, reward: float | None, steps: int, end_reason: str = "",
                    error: str | None = None, input_tokens: int | None = None, output_tokens: int | None = None,
                    oracle_steps: int | None = None) -> None:
        row: dict[str, Any] = {"status": status, "reward": reward, "steps": steps, "end_reason": end_reason,
                               "error": error, "ended_at": _now()}
        for key, value in (("input_tokens", input_tokens), ("output_tokens", output_tokens), ("oracle_steps", oracle_steps)):
            if value is not None:
                row[key] = value
        with self._lock:
            self.db["episodes"].update(episode_id, row)

    def log_tool_call(self, episode_id: str, idx: int, name: str, arguments: Any, result: str, is_error: bool,
                      latency_ms: float, source: str = "server") -> None:
        with self._lock:
            self.db["tool_calls"].insert({"episode_id": episode_id, "idx": idx, "name": name,
                                          "arguments": _json(arguments), "result": result, "is_error": int(is_error),
                                          "latency_ms": latency_ms, "created_at": _now(), "source": source})

    def log_message(self, episode_id: str, idx: int, role: str, content: Any, *, tool_calls: Any = None,
                    tool_call_id: str | None = None, name: str | None = None, input_tokens: int | None = None,
                    output_tokens: int | None = None, latency_ms: float | None = None) -> None:
        with self._lock:
            self.db["messages"].insert({"episode_id": episode_id, "idx": idx, "role": role,
                                        "content": content if isinstance(content, str) else _json(content),
                                        "tool_calls": _json(tool_calls) if tool_calls is not None else None,
                                        "tool_call_id": tool_call_id, "name": name, "input_tokens": input_tokens,
                                        "output_tokens": output_tokens, "latency_ms": latency_ms,
                                        "created_at": _now()})

    # ---------------------------------------------------------------- reads

    def query(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.db.query(sql, params))

    def episode(self, episode_id: str) -> dict[str, Any]:
        with self._lock:
            return dict(self.db["episodes"].get(episode_id))

    def episodes(self, run_id: str | None = None) -> list[dict[str, Any]]:
        if run_id is None:
            return self.query("select * from episodes order by started_at")
        return self.query("select * from episodes where run_id = ? order by started_at", [run_id])

    def tool_calls(self, episode_id: str) -> list[dict[str, Any]]:
        return self.query("select * from tool_calls where episode_id = ? order by idx, id", [episode_id])

    def messages(self, episode_id: str) -> list[dict[str, Any]]:
        return self.query("select * from messages where episode_id = ? order by idx, id", [episode_id])

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()
