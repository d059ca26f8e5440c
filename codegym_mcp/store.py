"""The trajectory store: plain SQLite tables (via sqlite-utils) that anyone can query.

Tables: `runs`, `episodes`, `messages`, `tool_calls`, `schema_version`. `Store` methods commit each
write at once (WAL mode); the hot paths (the harness, the server's log) write through a `LogWriter`
thread instead, which commits rows in batches every few milliseconds, so a crash loses at most the last
batch. JSON columns hold arguments, content and parameters. This module imports nothing else of ours.

Schema history (migrations are additive: columns and indexes appear, nothing is dropped):
1. the tables above.
2. harness columns (episode turns, error and retry counts, latencies; message kind and turn; tool-call id
   and turn; the schema version on each run) and a unique (run_id, env, task_id, sample) key, so a resumed
   run cannot record the same episode twice.
3. the process that writes a run or a server-logged episode (`pid`, `host` on `runs` and `episodes`), so a run
   whose driver was killed reads as interrupted, and episodes left `running` by a killed server are marked
   `abandoned` when a server opens the database again.
4. a model's thinking apart from what it said (`reasoning` on `messages`), and replies cut at the token limit
   (`truncated_replies` on `episodes`; the cut assistant message has kind `truncated`).
"""

from __future__ import annotations

import json
import os
import queue
import socket
import sqlite3
import sys
import threading
import time
import uuid
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator


def _import_sqlite_utils() -> Any:
    """sqlite-utils imports pandas and numpy, when installed, only to map their column types (about 80 MiB of
    RSS in every harness and server process). We never store their values, so they are hidden while it loads,
    unless something already imported them; importing them later works as usual."""
    hidden = [name for name in ("pandas", "numpy") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        import sqlite_utils
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
    return sqlite_utils


sqlite_utils = _import_sqlite_utils()

__all__ = ["SCHEMA_VERSION", "LogWriter", "Store", "StoreError", "process_alive"]

SCHEMA_VERSION = 4

HOST = socket.gethostname()


class StoreError(RuntimeError):
    """The database file is unusable (corrupt, or from a newer schema)."""


def _now() -> float:
    return time.time()


def _json(value: Any) -> str:
    return json.dumps(value, default=str)


def process_alive(pid: int | None, host: str | None) -> bool | None:
    """Whether the process that wrote a row still runs: None when that cannot be told (another host, no pid)."""
    if not pid or not host or host != HOST:
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return None
    try:  # a zombie (killed, not yet reaped by its parent) is gone too
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


_TABLES: dict[str, dict[str, Any]] = {
    "runs": {
        "columns": {"id": str, "created_at": float, "kind": str, "agent": str, "model": str, "split": str,
                    "params": str, "status": str, "finished_at": float, "meta": str, "schema_version": int,
                    "pid": int, "host": str},
        "pk": "id",
    },
    "episodes": {
        "columns": {"id": str, "run_id": str, "env": str, "task_id": str, "split": str, "difficulty": str,
                    "sample": int, "agent": str, "model": str, "status": str, "reward": float, "steps": int,
                    "end_reason": str, "error": str, "started_at": float, "ended_at": float,
                    "input_tokens": int, "output_tokens": int, "oracle_steps": int, "source": str, "meta": str,
                    "turns": int, "tool_errors": int, "parse_errors": int, "api_retries": int,
                    "llm_latency_ms": float, "tool_latency_ms": float, "pid": int, "host": str,
                    "truncated_replies": int},
        "pk": "id",
    },
    "messages": {
        "columns": {"id": int, "episode_id": str, "idx": int, "role": str, "content": str, "tool_calls": str,
                    "tool_call_id": str, "name": str, "input_tokens": int, "output_tokens": int,
                    "latency_ms": float, "created_at": float, "kind": str, "turn": int, "reasoning": str},
        "pk": "id",
    },
    "tool_calls": {
        "columns": {"id": int, "episode_id": str, "idx": int, "name": str, "arguments": str, "result": str,
                    "is_error": int, "latency_ms": float, "created_at": float, "source": str, "call_id": str,
                    "turn": int},
        "pk": "id",
    },
}


# Rows as both `Store` (one commit per write) and `LogWriter` (batched) insert them.


def _episode_row(episode_id: str | None, run_id: str | None, env: str, task_id: str, split: str, difficulty: str | None,
                 sample: int, agent: str, model: str, source: str, meta: dict[str, Any] | None) -> dict[str, Any]:
    return {"id": episode_id or uuid.uuid4().hex, "run_id": run_id, "env": env, "task_id": task_id, "split": split,
            "difficulty": difficulty, "sample": sample, "agent": agent, "model": model, "status": "running",
            "steps": 0, "started_at": _now(), "source": source, "meta": _json(meta or {}), "pid": os.getpid(), "host": HOST}


def _tool_call_row(episode_id: str, idx: int, name: str, arguments: Any, result: str, is_error: bool, latency_ms: float,
                   source: str, call_id: str | None, turn: int | None) -> dict[str, Any]:
    return {"episode_id": episode_id, "idx": idx, "name": name, "arguments": _json(arguments), "result": result,
            "is_error": int(is_error), "latency_ms": latency_ms, "created_at": _now(), "source": source,
            "call_id": call_id, "turn": turn}


def _message_row(episode_id: str, idx: int, role: str, content: Any, tool_calls: Any, tool_call_id: str | None,
                 name: str | None, input_tokens: int | None, output_tokens: int | None, latency_ms: float | None,
                 kind: str | None, turn: int | None, reasoning: str | None) -> dict[str, Any]:
    return {"episode_id": episode_id, "idx": idx, "role": role,
            "content": content if isinstance(content, str) else _json(content),
            "tool_calls": _json(tool_calls) if tool_calls is not None else None, "tool_call_id": tool_call_id,
            "name": name, "input_tokens": input_tokens, "output_tokens": output_tokens, "latency_ms": latency_ms,
            "created_at": _now(), "kind": kind, "turn": turn, "reasoning": reasoning}


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
            self._writer: LogWriter | None = None
            self._writer_users = 0
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable trajectory database ({exc})") from None

    def _migrate(self) -> None:
        with self._lock:
            versions = self.db.table("schema_version")
            current = 0
            if versions.exists():
                current = max((r["version"] for r in versions.rows), default=0)
            if current > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema version {current} is newer than this codegym-mcp ({SCHEMA_VERSION})")
            for name, spec in _TABLES.items():
                table = self.db.table(name)
                if not table.exists():
                    table.create(spec["columns"], pk=spec["pk"])
                else:  # additive migrations only: new columns appear, nothing is dropped
                    have = set(table.columns_dict)
                    for col, typ in spec["columns"].items():
                        if col not in have:
                            table.add_column(col, typ)
            for table_name, cols in (("episodes", ["run_id"]), ("messages", ["episode_id"]), ("tool_calls", ["episode_id"])):
                self.db.table(table_name).create_index(cols, if_not_exists=True)
            # NULL run_ids (episodes logged by a server) never collide: SQLite treats NULLs as distinct.
            self.db.table("episodes").create_index(["run_id", "env", "task_id", "sample"], index_name="episodes_run_key",
                                             unique=True, if_not_exists=True)
            if current < SCHEMA_VERSION:
                versions.insert({"version": SCHEMA_VERSION, "applied_at": _now()}, pk="version", replace=True)

    # ---------------------------------------------------------------- writes

    def create_run(self, *, kind: str = "run", agent: str = "", model: str = "", split: str = "",
                   params: dict[str, Any] | None = None, run_id: str | None = None, meta: dict[str, Any] | None = None) -> str:
        run_id = run_id or uuid.uuid4().hex[:12]
        with self._lock:
            self.db.table("runs").insert({"id": run_id, "created_at": _now(), "kind": kind, "agent": agent, "model": model,
                                    "split": split, "params": _json(params or {}), "status": "running",
                                    "meta": _json(meta or {}), "schema_version": SCHEMA_VERSION,
                                    "pid": os.getpid(), "host": HOST}, replace=True)
        return run_id

    def finish_run(self, run_id: str, status: str = "finished") -> None:
        with self._lock:
            self.db.table("runs").update(run_id, {"status": status, "finished_at": _now()})

    def reopen_run(self, run_id: str) -> None:
        with self._lock:
            self.db.table("runs").update(run_id, {"status": "running", "finished_at": None, "pid": os.getpid(), "host": HOST})

    def start_episode(self, *, env: str, task_id: str, run_id: str | None = None, episode_id: str | None = None,
                      split: str = "", difficulty: str | None = None, sample: int = 0, agent: str = "", model: str = "",
                      source: str = "server", meta: dict[str, Any] | None = None) -> str:
        """Record an episode as it starts. Within a run, (env, task_id, sample) is unique: a second start raises."""
        row = _episode_row(episode_id, run_id, env, task_id, split, difficulty, sample, agent, model, source, meta)
        with self._lock:
            self.db.table("episodes").insert(row, replace=run_id is None)
        return row["id"]

    def update_episode(self, episode_id: str, **fields: Any) -> None:
        """Set columns of an episode row (counters, tokens) while it runs."""
        with self._lock:
            self.db.table("episodes").update(episode_id, fields)

    def delete_episode(self, episode_id: str) -> None:
        """Remove an unfinished episode and its messages and tool calls (before it is run again on resume)."""
        with self._lock, self._transaction():
            for table in ("messages", "tool_calls"):
                self.db.execute(f"delete from {table} where episode_id = ?", [episode_id])
            self.db.execute("delete from episodes where id = ?", [episode_id])

    def end_episode(self, episode_id: str, *, status: str, reward: float | None, steps: int, end_reason: str = "",
                    error: str | None = None, input_tokens: int | None = None, output_tokens: int | None = None,
                    oracle_steps: int | None = None) -> None:
        row: dict[str, Any] = {"status": status, "reward": reward, "steps": steps, "end_reason": end_reason,
                               "error": error, "ended_at": _now()}
        for key, value in (("input_tokens", input_tokens), ("output_tokens", output_tokens), ("oracle_steps", oracle_steps)):
            if value is not None:
                row[key] = value
        with self._lock:
            self.db.table("episodes").update(episode_id, row)

    def log_tool_call(self, episode_id: str, idx: int, name: str, arguments: Any, result: str, is_error: bool,
                      latency_ms: float, source: str = "server", *, call_id: str | None = None,
                      turn: int | None = None) -> None:
        row = _tool_call_row(episode_id, idx, name, arguments, result, is_error, latency_ms, source, call_id, turn)
        with self._lock:
            self.db.table("tool_calls").insert(row)

    def log_message(self, episode_id: str, idx: int, role: str, content: Any, *, tool_calls: Any = None,
                    tool_call_id: str | None = None, name: str | None = None, input_tokens: int | None = None,
                    output_tokens: int | None = None, latency_ms: float | None = None, kind: str | None = None,
                    turn: int | None = None, reasoning: str | None = None) -> None:
        row = _message_row(episode_id, idx, role, content, tool_calls, tool_call_id, name, input_tokens, output_tokens,
                           latency_ms, kind, turn, reasoning)
        with self._lock:
            self.db.table("messages").insert(row)

    def abandon_orphaned_episodes(self) -> int:
        """Mark `abandoned` the server-logged episodes (no run) still `running` whose server process is gone
        (killed before it could close them); episodes of live servers, or of other hosts, are left alone."""
        rows = self.query("select id, pid, host from episodes where run_id is null and status = 'running' and pid is not null")
        gone = [r["id"] for r in rows if process_alive(r["pid"], r["host"]) is False]
        with self._lock:
            for episode_id in gone:
                self.db.table("episodes").update(episode_id, {
                    "status": "abandoned", "end_reason": "the server stopped before the episode ended", "ended_at": _now()})
        return len(gone)

    # ---------------------------------------------------------------- reads

    def run_status(self, run: dict[str, Any] | str) -> str:
        """A run's status, reading `running` as `interrupted` when the process driving it is gone."""
        row = self.run(run) if isinstance(run, str) else run
        if row is None:
            raise ValueError(f"no run {run!r} in {self.path}")
        status = row.get("status") or ""
        if status == "running" and process_alive(row.get("pid"), row.get("host")) is False:
            return "interrupted"
        return status

    def query(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        with self._lock:
            return list(self.db.query(sql, params if isinstance(params, dict) else list(params)))

    def run(self, run_id: str) -> dict[str, Any] | None:
        rows = self.query("select * from runs where id = ?", [run_id])
        return rows[0] if rows else None

    def runs(self) -> list[dict[str, Any]]:
        return self.query("select * from runs order by created_at")

    def episode(self, episode_id: str) -> dict[str, Any]:
        with self._lock:
            return dict(self.db.table("episodes").get(episode_id))

    def episodes(self, run_id: str | None = None) -> list[dict[str, Any]]:
        if run_id is None:
            return self.query("select * from episodes order by started_at")
        return self.query("select * from episodes where run_id = ? order by started_at", [run_id])

    def tool_calls(self, episode_id: str) -> list[dict[str, Any]]:
        return self.query("select * from tool_calls where episode_id = ? order by idx, id", [episode_id])

    def messages(self, episode_id: str) -> list[dict[str, Any]]:
        return self.query("select * from messages where episode_id = ? order by idx, id", [episode_id])

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Several statements as one commit (the connection is otherwise in autocommit mode)."""
        conn = self.db.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def writer(self) -> "LogWriter":
        """This store's batching writer for the harness (strict: a failed commit is raised, never dropped),
        shared by everyone who asks until the last of them calls `release_writer`."""
        with self._lock:
            if self._writer is None or self._writer.closed:
                self._writer = LogWriter(self, strict=True)
                self._writer_users = 0
            self._writer_users += 1
            return self._writer

    def release_writer(self) -> None:
        """One user of `writer()` is done: the last one commits everything queued and stops the thread.
        Raises the writer's error if a commit failed."""
        with self._lock:
            writer = self._writer
            if writer is None:
                return
            self._writer_users -= 1
            last = self._writer_users <= 0
            if last:
                self._writer = None
        if last:
            writer.close()
        if writer.error is not None:
            raise writer.error

    def close_writer(self) -> None:
        """Commit everything the writer holds and stop its thread, whoever still uses it; raise its error."""
        with self._lock:
            writer, self._writer = self._writer, None
        if writer is not None:
            writer.close()
            if writer.error is not None:
                raise writer.error

    def close(self) -> None:
        try:
            self.close_writer()
        finally:
            with self._lock:
                self.db.conn.close()


class LogWriter:
    """One writer thread in front of a Store. Callers only enqueue; the thread commits what is queued in
    batches, one transaction per batch (`executemany` per table and column set), at most `max_delay` seconds
    apart, sooner once `max_batch` rows wait. Rows of one caller stay in order across batches, so once an
    episode's end row is committed, everything logged before it is too: a crash loses at most the last batch.

    `end_episode` returns a Future resolved when its row is committed (the harness counts an episode as
    finished only then); a batch someone waits on is committed at once. `strict` writers (the harness's) stop
    at the first failed commit: the error is kept in `error`, set on every pending and later Future, and raised
    by every later call; lenient writers (the server's log) print it and go on, since logging must never take a
    server down. Other Store
    methods named `create_*`/`finish_*`/`reopen_*` are applied in order; reads go straight to the store.
    """

    def __init__(self, store: Store, *, max_delay: float = 0.05, max_batch: int = 512, strict: bool = False):
        self.store = store
        self.max_delay = max_delay
        self.max_batch = max_batch
        self.strict = strict
        self.error: StoreError | None = None
        self.closed = False
        self._queue: queue.SimpleQueue[_Op | None] = queue.SimpleQueue()
        self._urgent = threading.Event()  # set when a waiter or a full batch must not wait for max_delay
        self._thread = threading.Thread(target=self._run, name="codegym-log-writer", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ enqueue (any thread, never blocks)

    def start_episode(self, *, env: str, task_id: str, run_id: str | None = None, episode_id: str | None = None,
                      split: str = "", difficulty: str | None = None, sample: int = 0, agent: str = "", model: str = "",
                      source: str = "server", meta: dict[str, Any] | None = None) -> str:
        """As `Store.start_episode`; a duplicate (run, env, task, sample) fails the batch (and a strict writer)."""
        row = _episode_row(episode_id, run_id, env, task_id, split, difficulty, sample, agent, model, source, meta)
        self._put(_Op("insert", "episodes", row, replace=run_id is None))
        return row["id"]

    def update_episode(self, episode_id: str, **fields: Any) -> None:
        self._put(_Op("update", "episodes", {**fields, "id": episode_id}))

    def end_episode(self, episode_id: str, *, status: str, reward: float | None, steps: int, end_reason: str = "",
                    error: str | None = None, **fields: Any) -> Future[None]:
        """As `Store.end_episode`, plus any other episode columns (counters, meta) set in the same UPDATE.
        None-valued extra fields are left alone. The Future resolves once the row is committed."""
        row: dict[str, Any] = {"status": status, "reward": reward, "steps": steps, "end_reason": end_reason,
                               "error": error, "ended_at": _now()}
        row.update({k: v for k, v in fields.items() if v is not None})
        row["id"] = episode_id
        done: Future[None] = Future()
        self._put(_Op("update", "episodes", row, done=done))
        return done

    def log_tool_call(self, episode_id: str, idx: int, name: str, arguments: Any, result: str, is_error: bool,
                      latency_ms: float, source: str = "server", *, call_id: str | None = None,
                      turn: int | None = None) -> None:
        self._put(_Op("insert", "tool_calls", _tool_call_row(episode_id, idx, name, arguments, result, is_error, latency_ms,
                                                             source, call_id, turn)))

    def log_message(self, episode_id: str, idx: int, role: str, content: Any, *, tool_calls: Any = None,
                    tool_call_id: str | None = None, name: str | None = None, input_tokens: int | None = None,
                    output_tokens: int | None = None, latency_ms: float | None = None, kind: str | None = None,
                    turn: int | None = None, reasoning: str | None = None) -> None:
        self._put(_Op("insert", "messages", _message_row(episode_id, idx, role, content, tool_calls, tool_call_id, name,
                                                         input_tokens, output_tokens, latency_ms, kind, turn, reasoning)))

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.store, name)
        if name.startswith(("create_", "finish_", "reopen_")):
            return lambda *args, **kwargs: self._put(_Op("call", name, (args, kwargs)))
        return method  # reads go straight to the store (after `flush()` if they must see recent writes)

    def _put(self, op: _Op) -> None:
        if self.error is not None:
            raise self.error
        if self.closed:
            raise StoreError(f"{self.store.path}: the trajectory writer is closed")
        self._enqueue(op)

    def _enqueue(self, op: _Op | None) -> None:
        """Queue `op` (None: stop); the writer commits at once for a waiter or a stop, or when a batch is full."""
        self._queue.put(op)
        if op is None or op.done is not None or self._queue.qsize() >= self.max_batch:
            self._urgent.set()

    # ------------------------------------------------------------ wait

    def flush(self, timeout: float = 10.0) -> None:
        """Block until everything queued so far is written; a strict writer raises its error."""
        if not self._thread.is_alive():
            if self.error is not None and self.strict:
                raise self.error
            return
        done = self.committed()
        try:
            done.result(timeout)
        except StoreError:
            if self.strict:
                raise
        except TimeoutError:
            if self.strict:
                raise StoreError(f"{self.store.path}: trajectory rows not written within {timeout} s") from None

    def committed(self) -> Future[None]:
        """A Future resolved once everything queued so far is committed (at once, without waiting for the batch
        to fill); it fails with a strict writer's error."""
        done: Future[None] = Future()
        if not self._thread.is_alive():
            _settle([done], self.error if self.strict else None)
            return done
        self._enqueue(_Op("flush", "", None, done=done))
        return done

    def close(self) -> None:
        """Write everything queued, then stop the thread (the store stays open). Idempotent."""
        if not self.closed:
            self.closed = True
            self._enqueue(None)
        self._thread.join(timeout=60)

    # ------------------------------------------------------------ the writer thread

    def _run(self) -> None:
        try:
            self._serve()
        except BaseException as exc:  # noqa: BLE001 - our bug: never leave a waiter hanging, nor take new work
            self.error = self.error or StoreError(f"{self.store.path}: the trajectory writer stopped "
                                                  f"({type(exc).__name__}: {exc})")
            self._drain_after_failure()

    def _serve(self) -> None:
        while True:
            item = self._queue.get()  # idle until the first row of a batch
            # Let the batch gather without a wake-up per row, unless someone waits on it or it is full (`_put`).
            self._urgent.wait(self.max_delay)
            self._urgent.clear()
            batch = _Batch()
            while True:
                if item is None:
                    self._commit(batch)
                    return
                if item.kind in ("insert", "update"):
                    batch.add(item)
                else:  # "flush" or an ordered Store call: everything before it is written first
                    self._commit(batch)
                    batch = _Batch()
                    self._apply(item)
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            self._commit(batch)

    def _commit(self, batch: "_Batch") -> None:
        if not batch.size:
            return
        if self.error is not None:  # a strict writer that failed writes nothing more: no end row without its rows
            _settle(batch.waiters, self.error)
            return
        store = self.store
        try:
            with store._lock, store._transaction():
                for (verb, table, cols), rows in batch.inserts.items():
                    store.db.conn.executemany(f"{verb} into {table} ({', '.join(cols)}) values ({', '.join('?' * len(cols))})",
                                              rows)
                for (table, cols), rows in batch.updates:  # after the inserts: an episode's start precedes its end
                    assignments = ", ".join(f"{c} = ?" for c in cols)
                    store.db.conn.executemany(f"update {table} set {assignments} where id = ?", rows)
        except Exception as exc:  # noqa: BLE001 - reported below, to the waiters (strict) or on stderr
            self._fail(exc, batch.waiters)
            return
        _settle(batch.waiters, None)

    def _apply(self, op: _Op) -> None:
        if op.kind == "flush":
            _settle([op.done] if op.done else [], self.error)
            return
        if self.error is not None:
            return
        args, kwargs = op.row
        try:
            getattr(self.store, op.table)(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001
            self._fail(exc, [])

    def _fail(self, exc: BaseException, waiters: list[Future[None]]) -> None:
        if not self.strict:
            import traceback

            traceback.print_exception(exc)
            _settle(waiters, None)
            return
        if self.error is None:
            error = StoreError(f"{self.store.path}: writing trajectory rows failed ({type(exc).__name__}: {exc}); "
                               "the rows of this batch and everything after it were not written")
            error.__cause__ = exc
            self.error = error
        _settle(waiters, self.error)

    def _drain_after_failure(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=0.1)
            except queue.Empty:
                if self.closed:
                    return
                continue
            if item is None:
                return
            if item.done is not None:
                _settle([item.done], self.error or StoreError("the trajectory writer stopped"))


@dataclass
class _Op:
    """One queued write: an insert or update row of `table`, an ordered Store call (`table` names the method,
    `row` holds its args), or a flush marker. `done` resolves once it is committed."""

    kind: str
    table: str
    row: Any
    replace: bool = False
    done: Future[None] | None = None


class _Batch:
    """Rows grouped per statement: inserts per (verb, table, columns); updates in arrival order, consecutive
    rows with the same columns sharing one statement (two updates of one row must not swap)."""

    def __init__(self) -> None:
        self.inserts: dict[tuple[str, str, tuple[str, ...]], list[tuple[Any, ...]]] = {}
        self.updates: list[tuple[tuple[str, tuple[str, ...]], list[tuple[Any, ...]]]] = []  # in order: runs of one key
        self.waiters: list[Future[None]] = []
        self.size = 0

    def add(self, op: _Op) -> None:
        row: dict[str, Any] = op.row
        if op.kind == "insert":
            key = ("insert or replace" if op.replace else "insert", op.table, tuple(row))
            self.inserts.setdefault(key, []).append(tuple(row.values()))
        else:  # the id goes last, for `where id = ?`
            cols = tuple(c for c in row if c != "id")
            if not self.updates or self.updates[-1][0] != (op.table, cols):
                self.updates.append(((op.table, cols), []))
            self.updates[-1][1].append((*(row[c] for c in cols), row["id"]))
        if op.done is not None:
            self.waiters.append(op.done)
        self.size += 1


def _settle(waiters: list[Future[None]], error: BaseException | None) -> None:
    for done in waiters:
        if done.done():
            continue
        if error is None:
            done.set_result(None)
        else:
            done.set_exception(error)
