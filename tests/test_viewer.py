"""`codegym-mcp view`: datasette metadata whose canned queries all run on a real trajectory database."""

from __future__ import annotations

import sqlite3

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
    assert {"success_by_env", "longest_episodes", "failed_tool_calls"} <= set(queries)
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


def test_view_command_uses_datasette_with_metadata(runs_db, monkeypatch):
    monkeypatch.setattr(viewer.importlib.util, "find_spec", lambda name: object())
    command = viewer.view_command(runs_db, port=8123)
    assert command[:3] == ["datasette", "serve", str(runs_db)] and "--metadata" in command and "127.0.0.1" in command
