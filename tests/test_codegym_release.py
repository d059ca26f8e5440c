"""CodeGym's released data, imported unmodified: veRL instance rows, stems as names, statements, verify."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from mcp import Client

from codegym_mcp.cli import main
from codegym_mcp.library import import_library
from codegym_mcp.registry import Registry
from codegym_mcp.server import ServeOptions, episode_server, open_episode
from codegym_mcp.verify import verify_entry

from .codegym_release import env_source, instance_row, statement, write_release

FILES = [
    ("P1_I__CountEnv", "CountEnv", "ok"),
    ("P2_I__CountEnv", "CountEnv", "ok"),  # the same class name in another file
    ("P3_I__BoomEnv", "BoomEnv", "init_raises"),
    ("P4_I__CountEnv", "CountEnv", "extra_calls"),
    ("P5_I__OffEnv", "OffEnv", "wrong_ref"),
]


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    src = tmp_path_factory.mktemp("release")
    rows_file = write_release(src, FILES, per_file=3)
    (src / "P6_I__LonelyEnv.py").write_text(env_source("LonelyEnv"))  # a file without instances
    (src / "Broken.py").write_text("class BrokenEnv(:\n")
    extra = [
        "this line is not JSON and has no config",  # malformed
        json.dumps({"ability": "other_v2@P1_I__CountEnv@{}"}),  # not a CodeGym instance
        json.dumps(instance_row("P9_I__GhostEnv", "GhostEnv", [1, 2, 3, 4, 5], index=99)),  # no such file
        '"CountEnv@{\'nums\': [1, 2, 3, 4, 5]}"',  # a config string whose class is in three files: ambiguous
        "OffEnv@{'nums': [5, 6, 7, 8, 9]}",  # a config string with a unique class: imported
    ]
    with rows_file.open("a") as f:
        f.write("\n".join(extra) + "\n")
    lib = tmp_path_factory.mktemp("lib")
    summary = import_library(src, rows_file, lib)
    return src, rows_file, lib, summary


def test_import_accounts_for_every_file_and_row(release):
    _, _, lib, s = release
    assert s.files == 7
    assert sorted(e["name"] for e in s.envs) == [stem for stem, _, _ in FILES]  # keyed by stem: no clash dropped
    assert {e["class"] for e in s.envs} == {"CountEnv", "BoomEnv", "OffEnv"}
    skipped = {r["file"]: r["reason"] for r in s.skipped_files}
    assert set(skipped) == {"P6_I__LonelyEnv.py", "Broken.py"}
    assert "no instances" in skipped["P6_I__LonelyEnv.py"] and "syntax" in skipped["Broken.py"]
    assert s.rows == 15 + 5 and s.rows_imported == 15 + 1 and s.rows_skipped == 4
    lines = {r["line"]: r["reason"] for r in s.skipped_rows}
    assert sorted(lines) == [16, 17, 18, 19]
    assert "veRL instance" in lines[16] and "CodeGym instance" in lines[17] and "P9_I__GhostEnv.py" in lines[18]
    assert "3 files" in lines[19]
    manifest = json.loads((lib / "codegym_library.json").read_text())
    assert manifest["rows"] == s.rows and len(manifest["envs"]) == 5


def test_instance_metadata_is_kept_with_each_task(release):
    _, _, lib, _ = release
    entry = Registry([lib]).entries["P1_I__CountEnv"]
    assert entry.class_name == "CountEnv" and len(entry.tasks) == 3
    meta = entry.tasks[0].meta
    assert set(meta) >= {"solve_fc_round", "base_pass", "source_index", "code_id", "max_calls"}
    assert meta["code_id"] == "P1_I" and meta["max_calls"] == 256


def test_the_statement_from_the_prompt_reaches_the_agent_over_mcp(release):
    _, _, lib, _ = release
    entry = Registry([lib]).entries["P2_I__CountEnv"]
    live = open_episode(entry, entry.tasks[0], ServeOptions())

    async def talk():
        async with Client(episode_server(live)) as client:
            prompt = await client.get_prompt("task")
            tools = await client.list_tools()
            return client.instructions, prompt, tools

    import anyio

    instructions, prompt, tools = anyio.run(talk)
    live.episode.close()
    assert statement("CountEnv") in instructions
    assert statement("CountEnv") in json.dumps(prompt.model_dump(mode="json"))
    assert "Gymnasium" not in instructions  # never a base class's docstring
    assert {t.name for t in tools.tools} == {"Observe", "GetLength", "GetItem", "Add", "Done"}


def test_no_statement_is_said_and_built_from_the_tools(tmp_path):
    path = tmp_path / "Q1__QuietEnv.py"
    path.write_text(env_source("QuietEnv"))
    [entry] = Registry().add_file(path)
    entry._tasks = []
    episode = entry.episode(entry.resolve_task('{"nums": [1, 2, 3, 4, 5]}'))
    text = episode.instructions()
    episode.close()
    assert "No problem statement was given" in text and "GetItem" in text and "Gymnasium" not in text
    (tmp_path / "Q1__QuietEnv.md").write_text("Sum the hidden numbers.")  # a sidecar statement
    [entry] = Registry().add_file(path)
    episode = entry.episode(entry.resolve_task('{"nums": [1, 2, 3, 4, 5]}'))
    assert episode.instructions().startswith("Sum the hidden numbers.")
    episode.close()


def test_verify_reports_each_failure_kind_under_the_papers_rules(release):
    _, _, lib, _ = release
    reg = Registry([lib])
    reports = {n: verify_entry(reg.entries[n]) for n in reg.names()}
    assert reports["P1_I__CountEnv"].ok and not reports["P1_I__CountEnv"].warnings  # 3 domain tools: fine for the paper
    boom = reports["P3_I__BoomEnv"]
    assert not boom.ok and "IndexError" in " ".join(c.detail for c in boom.checks)
    extra = reports["P4_I__CountEnv"]
    assert extra.ok and extra.warnings and "solve_fc_round" in extra.warnings[0]
    off = reports["P5_I__OffEnv"]
    failed = {c.name for c in off.checks if not c.ok}
    assert "oracle solves all" in failed
    strict = verify_entry(reg.entries["P1_I__CountEnv"], house_rules=True)
    assert "tool use" in {c.name for c in strict.checks if not c.ok}  # our house rules want >= 4 domain tools


def test_cli_import_and_verify_never_crash(release, tmp_path):
    src, rows_file, _, _ = release
    runner = CliRunner()
    out = tmp_path / "lib"
    imported = runner.invoke(main, ["import", str(src), "--tasks", str(rows_file), "--out", str(out)])
    assert imported.exit_code == 0, imported.output
    assert "imported 5 of 7 env files (16 of 20 instance rows)" in imported.output
    assert "skipped 4 rows" in imported.output and ":19:" in imported.output
    verified = runner.invoke(main, ["verify", str(out), "--json", "--jobs", "2"])
    assert verified.exit_code == 1 and verified.exception is None or isinstance(verified.exception, SystemExit)
    envs = {r["env"]: r for r in json.loads(verified.output)["environments"]}
    assert len(envs) == 5 and envs["P1_I__CountEnv"]["ok"] and not envs["P3_I__BoomEnv"]["ok"]


def test_runs_and_list_filter_instances_by_base_pass_rate(release, tmp_path, monkeypatch):
    from agent_runners.plan import plan_episodes
    from codegym_mcp.registry import default_registry

    _, _, lib, _ = release
    reg = Registry([lib])
    split = reg.entries["P1_I__CountEnv"].split
    names = [n for n in ("P1_I__CountEnv", "P2_I__CountEnv") if reg.entries[n].split == split]
    keep = sum(1 for n in names for t in reg.entries[n].tasks if t.meta["base_pass"] <= 0.25)
    specs, _ = plan_episodes(reg, split=split, envs=names, max_base_pass=0.25)
    assert keep > 0
    assert len(specs) == keep and all(s.task.meta["base_pass"] <= 0.25 for s in specs)

    monkeypatch.setenv("CODEGYM_ENV_DIRS", str(lib))
    default_registry.cache_clear()
    try:
        listed = json.loads(CliRunner().invoke(main, ["list", "--json", "--max-base-pass", "0.25"]).output)
        mine = {r["name"]: r for r in listed if r["name"].startswith("P")}
        assert all(r["class"] in ("CountEnv", "BoomEnv", "OffEnv") for r in mine.values())
        assert sum(mine[n]["tasks"] for n in names if n in mine) == keep
        ran = CliRunner().invoke(main, ["run", "--agent", "oracle", "--envs", ",".join(names), "--split", split,
                                        "--max-base-pass", "0.25", "--transport", "memory", "--tasks-per-env", "all",
                                        "--db", str(tmp_path / "r.db")])
        assert ran.exit_code == 0, ran.output
        import sqlite3

        rows = sqlite3.connect(tmp_path / "r.db").execute("select count(*), sum(reward) from episodes").fetchone()
        assert rows == (keep, keep)  # the oracle (solve()) plays the kept instances, sandboxed, and solves them
    finally:
        default_registry.cache_clear()


@pytest.mark.anyio
async def test_serve_a_file_over_stdio_with_a_statement_file(tmp_path):
    import os
    import sys

    import anyio
    from mcp import StdioServerParameters

    path = tmp_path / "Q2__QuietEnv.py"
    path.write_text(env_source("QuietEnv"))
    (tmp_path / "words.txt").write_text("Add up every hidden number and submit the total.")
    params = StdioServerParameters(command=sys.executable, env={**os.environ}, args=[
        "-m", "codegym_mcp.cli", "serve", str(path), "--task", '{"nums": [4, 5, 6, 7, 8]}', "--statement", str(tmp_path / "words.txt")])
    with anyio.fail_after(60):
        async with Client(params) as client:
            assert client.instructions.startswith("Add up every hidden number")
            result = await client.call_tool("GetItem", {"index": 2})
            assert result.content[0].text == "6"
            done = await client.call_tool("Done", {"answer": 30})
            assert "reward=1" in done.content[0].text


def test_the_scale_benchmark_runs_in_quick_form():
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "benchmarks" / "codegym_scale.py"
    done = subprocess.run([sys.executable, str(script), "--quick"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "envs/s  end to end" in done.stdout and "failed envs: 0" in done.stdout
