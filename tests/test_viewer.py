"""`codegym-mcp view`: datasette metadata whose canned queries all run on a real trajectory database."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from codegym_mcp import viewer
from codegym_mcp.cli import main


@pytest.fixture
def runs_db(tmp_path):
    from agent_runners import RunConfig, run

    db = tmp_path / "runs.db"
    run(RunConfig(agent="random:1", envs=["BinarySearchEnv"], tasks_per_env=2, transport="memory", max_turns=8,
                  oracle_steps=False), str(db))
    return db


def test_canned_queries_run_on_a_real_database(runs_db):
    meta = viewer.datasette_metadata(runs_db)
    queries = meta["databases"]["runs"]["queries"]
    assert set(queries) == set(viewer.CANNED_QUERIES) and len(queries) == 5
    conn = sqlite3.connect(runs_db)
    episode_id = conn.execute("select id from episodes limit 1").fetchone()[0]
    for name, q in queries.items():
        rows = conn.execute(q["sql"], {"episode_id": episode_id}).fetchall()
        if name in ("success_by_env", "longest_episodes", "trajectory"):
            assert rows, name


def test_view_falls_back_to_the_html_report_without_datasette(runs_db, monkeypatch, tmp_path):
    monkeypatch.setattr(viewer.importlib.util, "find_spec", lambda name: None)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["view", str(runs_db), "--html", str(out)])
    assert result.exit_code == 0, result.output
    assert "datasette is not installed" in result.output and out.read_text().lstrip().lower().startswith("<!doctype html")


def test_view_command_uses_datasette_with_metadata(runs_db, monkeypatch, tmp_path):
    monkeypatch.setattr(viewer.importlib.util, "find_spec", lambda name: object())
    meta = tmp_path / "meta" / "m.json"
    meta.parent.mkdir()
    command = viewer.view_command(runs_db, meta, port=8123)
    assert command[:3] == ["datasette", "serve", str(runs_db)] and "127.0.0.1" in command
    assert command[command.index("--metadata") + 1] == str(meta)
    assert set(json.loads(meta.read_text())["databases"]["runs"]["queries"]) == set(viewer.CANNED_QUERIES)


def test_view_leaves_no_metadata_behind_and_names_every_canned_query(runs_db, monkeypatch, tmp_path):
    monkeypatch.setattr(viewer.importlib.util, "find_spec", lambda name: object())
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    seen = {}

    def fake_datasette(command):  # stands in for the datasette process: the metadata exists while it runs
        path = Path(command[command.index("--metadata") + 1])
        seen["path"], seen["meta"] = path, json.loads(path.read_text())
        return 0

    monkeypatch.setattr(subprocess, "call", fake_datasette)
    result = CliRunner().invoke(main, ["view", str(runs_db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert set(seen["meta"]["databases"]["runs"]["queries"]) == set(viewer.CANNED_QUERIES)
    assert not seen["path"].exists() and seen["path"].parent not in (cwd, runs_db.parent)  # a temp dir, removed after
    assert list(cwd.iterdir()) == [] and sorted(p.name for p in runs_db.parent.iterdir() if "datasette" in p.name) == []
    for name, q in viewer.CANNED_QUERIES.items():
        assert f"{q['title']}: http://127.0.0.1:8123/runs/{name}" in result.output


def test_view_stops_quietly_on_ctrl_c(runs_db, monkeypatch):
    monkeypatch.setattr(viewer.importlib.util, "find_spec", lambda name: object())

    def interrupted(command):
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess, "call", interrupted)
    result = CliRunner().invoke(main, ["view", str(runs_db)])
    assert result.exit_code == 0 and "datasette stopped" in result.output and "Aborted" not in result.output
