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
