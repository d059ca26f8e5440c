"""The trajectory store and the server's batching log writer."""

from __future__ import annotations

import sqlite3

import pytest

from codegym_mcp.store import SCHEMA_VERSION, LogWriter, Store, StoreError


def test_log_writer_batches_in_order_and_drains_on_close(tmp_path):
    store = Store(tmp_path / "log.db")
    writer = LogWriter(store, max_delay=0.01, max_batch=7)
    writer.start_episode(env="E", task_id="t", episode_id="ep")
    for i in range(50):
        writer.log_tool_call("ep", i + 1, "Tool", {"i": i}, f"result {i}", i % 5 == 0, 0.1)
    writer.end_episode("ep", status="terminated", reward=1.0, steps=50)
    writer.close()
    reader = Store(tmp_path / "log.db")
    rows = reader.tool_calls("ep")
    assert [r["idx"] for r in rows] == list(range(1, 51))
    assert [r["is_error"] for r in rows[:6]] == [1, 0, 0, 0, 0, 1]
    assert reader.episode("ep")["status"] == "terminated" and reader.episode("ep")["steps"] == 50


def test_flush_makes_rows_visible_to_other_connections(tmp_path):
    writer = LogWriter(Store(tmp_path / "log.db"), max_delay=5.0)
    writer.start_episode(env="E", task_id="t", episode_id="ep")
    writer.log_tool_call("ep", 1, "Tool", {}, "ok", False, 0.1)
    writer.flush()
    assert len(Store(tmp_path / "log.db").tool_calls("ep")) == 1
    writer.close()


def test_corrupt_or_newer_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="not a usable trajectory database"):
        Store(bad)
    newer = tmp_path / "newer.db"
    Store(newer).close()
    conn = sqlite3.connect(newer)
    conn.execute("insert into schema_version (version, applied_at) values (?, 0)", [SCHEMA_VERSION + 5])
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store(newer)
