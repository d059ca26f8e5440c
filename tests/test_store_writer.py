"""The harness's batched trajectory writer: batches really happen, off the event loop, with the same rows as
the per-row path; a kill -9 never loses a finished episode; a failed write stops the run with a clear error."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import anyio
import pytest

from agent_runners.harness import RunConfig, run_async
from codegym_mcp.store import LogWriter, Store, StoreError

from .harness_fakes import make_registry
from .test_harness_e2e import check_episode_rows

ROOT = Path(__file__).resolve().parent.parent
VOLATILE = {"id", "episode_id", "run_id", "created_at", "started_at", "ended_at", "latency_ms", "llm_latency_ms",
            "tool_latency_ms", "pid"}


@pytest.fixture
def registry(tmp_path):
    return make_registry(tmp_path)


class StatementLog:
    """Every SQL statement a connection runs, with the thread that ran it."""

    def __init__(self, store: Store):
        self.rows: list[tuple[str, str]] = []
        store.db.conn.set_trace_callback(self.record)

    def record(self, sql: str) -> None:
        self.rows.append((threading.current_thread().name, " ".join(sql.split()).lower()))

    def count(self, prefix: str) -> int:
        return sum(1 for _, sql in self.rows if sql.startswith(prefix))


async def play(registry, store: Store, **cfg: Any):
    with anyio.fail_after(120):
        return await run_async(RunConfig(**{"transport": "memory", "retry_base": 0.001, "oracle_steps": False, **cfg}),
                               store, registry=registry)


def test_writer_commits_many_rows_per_transaction_and_resolves_waiters(tmp_path):
    store = Store(tmp_path / "w.db")
    log = StatementLog(store)
    writer = LogWriter(store, max_delay=0.05, max_batch=10_000, strict=True)
    writer.start_episode(env="E", task_id="t", run_id="r", episode_id="ep")
    for i in range(500):
        writer.log_message("ep", i, "user", {"i": i}, turn=i)
        writer.log_tool_call("ep", i + 1, "Tool", {"i": i}, f"result {i}", False, 0.1, source="harness", turn=i)
    done = writer.end_episode("ep", status="terminated", reward=1.0, steps=500, turns=500, tool_errors=3)
    done.result(10)
    assert len(store.messages("ep")) == 500 and len(store.tool_calls("ep")) == 500
    ep = store.episode("ep")
    assert (ep["status"], ep["steps"], ep["turns"], ep["tool_errors"]) == ("terminated", 500, 500, 3)
    assert log.count("commit") <= 3  # 1,001 rows and one update in a handful of transactions
    assert all(name == "codegym-log-writer" for name, sql in log.rows if sql.startswith(("insert", "update", "commit")))
    writer.close()


def test_waited_rows_commit_without_waiting_for_the_batch_window(tmp_path):
    writer = LogWriter(Store(tmp_path / "w.db"), max_delay=30.0, strict=True)
    writer.start_episode(env="E", task_id="t", run_id="r", episode_id="ep")
    writer.committed().result(5)  # a 30 s window, yet a waiter gets its commit at once
    writer.end_episode("ep", status="terminated", reward=1.0, steps=0).result(5)
    assert Store(tmp_path / "w.db").episode("ep")["status"] == "terminated"
    writer.close()


@pytest.mark.anyio
async def test_a_run_writes_in_batches_off_the_event_loop_and_no_per_turn_update(registry, tmp_path):
    store = Store(tmp_path / "runs.db")
    log = StatementLog(store)
    result = await play(registry, store, agent="oracle", envs=["BinarySearchEnv"], tasks_per_env=4, samples=3,
                        concurrency=6)
    eps = store.episodes(result.run_id)
    assert len(eps) == 12 and all(e["status"] == "terminated" for e in eps)
    rows = sum(len(store.messages(e["id"])) + len(store.tool_calls(e["id"])) for e in eps)
    writes = [(name, sql) for name, sql in log.rows if sql.startswith(("insert into messages", "insert into tool_calls",
                                                                      "insert into episodes", "update episodes"))]
    assert writes and all(name == "codegym-log-writer" for name, _ in writes)  # the loop never runs these
    assert log.count("update episodes") == len(eps)  # the end row only: no per-turn UPDATE
    assert rows >= 10 * log.count("commit"), (rows, log.count("commit"))


class PerRowWriter:
    """The old path: every row its own Store call and commit, counters set by UPDATE before the end row."""

    closed = False
    error = None

    def __init__(self, store: Store):
        self.store = store

    def start_episode(self, **kwargs: Any) -> str:
        return self.store.start_episode(**kwargs)

    def log_message(self, *args: Any, **kwargs: Any) -> None:
        self.store.log_message(*args, **kwargs)

    def log_tool_call(self, *args: Any, **kwargs: Any) -> None:
        self.store.log_tool_call(*args, **kwargs)

    def end_episode(self, episode_id: str, *, status: str, reward: float | None, steps: int, end_reason: str = "",
                    error: str | None = None, oracle_steps: int | None = None, **counters: Any) -> Future[None]:
        self.store.update_episode(episode_id, **{k: v for k, v in counters.items() if v is not None})
        self.store.end_episode(episode_id, status=status, reward=reward, steps=steps, end_reason=end_reason, error=error,
                               oracle_steps=oracle_steps)
        return self.committed()

    def committed(self) -> Future[None]:
        done: Future[None] = Future()
        done.set_result(None)
        return done

    def close(self) -> None:
        pass


def _strip(row: dict[str, Any]) -> dict[str, Any]:
    """A row without what differs between two plays (row ids, clocks, random call ids; these are checked apart)."""
    out = {k: v for k, v in row.items() if k not in VOLATILE | {"call_id", "tool_call_id"}}
    if out.get("tool_calls"):
        out["tool_calls"] = [{k: v for k, v in c.items() if k != "id"} for c in json.loads(out["tool_calls"])]
    return out


def _trajectories(store: Store, run_id: str) -> dict[tuple, Any]:
    out = {}
    for ep in store.episodes(run_id):
        check_episode_rows(store, ep)  # call ids match across messages and tool calls
        out[(ep["env"], ep["task_id"], ep["sample"])] = (
            _strip(ep), [_strip(m) for m in store.messages(ep["id"])], [_strip(c) for c in store.tool_calls(ep["id"])])
    return out


@pytest.mark.anyio
@pytest.mark.parametrize("agent", ["oracle", "random:7"])
async def test_batched_rows_equal_the_per_row_path(registry, tmp_path, monkeypatch, agent):
    cfg = dict(agent=agent, envs=["BinarySearchEnv", "MaxGapEnv"], tasks_per_env=2, samples=2, concurrency=1,
               oracle_steps=True)
    batched = Store(tmp_path / "batched.db")
    new = await play(registry, batched, **cfg)
    per_row = Store(tmp_path / "per_row.db")
    monkeypatch.setattr(Store, "writer", lambda self: PerRowWriter(self))
    old = await play(registry, per_row, **cfg)
    got, want = _trajectories(batched, new.run_id), _trajectories(per_row, old.run_id)
    assert len(got) == 8 and got.keys() == want.keys()
    for key in want:
        assert got[key] == want[key], key
    assert sum(len(calls) for _, _, calls in got.values()) > 8


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    import anyio
    from agent_runners import episodes, harness
    from codegym_mcp.store import Store
    from tests.harness_fakes import make_registry

    plain_call = episodes.call_tool

    async def slow_call(client, call):  # an agent that takes its time, so the kill lands mid-run
        await anyio.sleep(0.01)
        return await plain_call(client, call)

    episodes.call_tool = slow_call
    registry = make_registry(Path(sys.argv[2]))
    cfg = harness.RunConfig(agent="oracle", envs=["BinarySearchEnv"], tasks_per_env=5, samples=8, concurrency=4,
                            transport="memory", oracle_steps=False)
    harness.run(cfg, sys.argv[1], registry=registry)
""")


def _ended(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("select count(*) from episodes where status != 'running'").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet
        return 0


@pytest.mark.anyio
async def test_kill_9_loses_no_finished_episode_and_resume_is_exact(registry, tmp_path):
    db = tmp_path / "runs.db"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(tmp_path)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while _ended(db) < 6:
            assert proc.poll() is None, proc.stderr.read().decode()[-3000:] if proc.stderr else ""
            assert time.monotonic() < deadline, "the run never finished 6 episodes"
            await anyio.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    store = Store(db)
    [run] = store.runs()
    before = {e["id"]: e for e in store.episodes(run["id"])}
    finished = {k: e for k, e in before.items() if e["status"] != "running"}
    assert 6 <= len(finished) < 40, "the kill should land mid-run"
    for ep in finished.values():
        assert ep["status"] == "terminated" and ep["reward"] == 1.0
        check_episode_rows(store, ep)  # a finished episode has every message and tool call
    with anyio.fail_after(120):
        result = await run_async(None, store, registry=registry, resume=run["id"])
    eps = store.episodes(run["id"])
    assert len(eps) == 40 and len({(e["env"], e["task_id"], e["sample"]) for e in eps}) == 40
    assert {e["id"]: e for e in eps if e["id"] in finished} == finished  # never replayed
    for ep in eps:
        assert ep["status"] == "terminated" and ep["reward"] == 1.0
        check_episode_rows(store, ep)
    for table in ("messages", "tool_calls"):
        assert store.query(f"select count(*) n from {table} where episode_id not in (select id from episodes)")[0]["n"] == 0
    assert result.stats.done == 40 and store.run(run["id"])["status"] == "finished"


@pytest.mark.anyio
async def test_a_failed_write_stops_the_run_with_a_clear_error(registry, tmp_path):
    store = Store(tmp_path / "runs.db")
    # a database that refuses writes part-way through (as a full disk would)
    store.db.execute("create trigger refuse after insert on tool_calls when new.idx = 3 "
                     "begin select raise(abort, 'simulated disk full'); end")
    with anyio.fail_after(60), pytest.raises(StoreError, match="simulated disk full") as caught:
        await play(registry, store, agent="oracle", envs=["BinarySearchEnv"], tasks_per_env=4, samples=2, concurrency=4)
    assert "writing trajectory rows failed" in str(caught.value)
    [run] = store.runs()
    assert run["status"] == "crashed"
    for ep in store.episodes(run["id"]):  # an end row is written only with all its rows
        if ep["status"] != "running":
            check_episode_rows(store, ep)
    assert store.query("select count(*) n from tool_calls where idx >= 3")[0]["n"] == 0


@pytest.mark.anyio
async def test_two_runs_share_one_store_writer_and_the_last_one_stops_it(registry, tmp_path):
    store = Store(tmp_path / "runs.db")
    results = []
    writers_before = _writer_threads()

    async def one(sample_count: int) -> None:
        results.append(await play(registry, store, agent="oracle", envs=["BinarySearchEnv"], tasks_per_env=3,
                                  samples=sample_count, concurrency=3))

    async with anyio.create_task_group() as tg:
        tg.start_soon(one, 2)
        tg.start_soon(one, 3)
    assert sorted(len(store.episodes(r.run_id)) for r in results) == [6, 9]
    for r in results:
        assert store.run(r.run_id)["status"] == "finished"
        for ep in store.episodes(r.run_id):
            assert ep["status"] == "terminated"
            check_episode_rows(store, ep)
    assert store._writer is None and _writer_threads() <= writers_before  # stopped by the last run


def _writer_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "codegym-log-writer")
