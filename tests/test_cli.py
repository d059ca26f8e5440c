"""The CLI is thin: each command calls the API and prints; errors are one line with a nonzero exit."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from codegym_mcp.cli import main, parse_play_line
from codegym_mcp.registry import default_registry

from .conftest import DATA, MAXGAP


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_list_json_has_tool_counts_and_split():
    result = run("list", "--json")
    assert result.exit_code == 0
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert rows["BinarySearchEnv"]["tools"] == 7 and rows["BinarySearchEnv"]["split"] == "train"
    assert rows["BinarySearchEnv"]["tasks"] >= 20
    test_only = json.loads(run("list", "--split", "test", "--json").output)
    assert all(r["split"] == "test" for r in test_only)


def test_show_lists_tools_with_schemas_and_an_example_task():
    data = json.loads(run("show", "BinarySearchEnv", "--json").output)
    tools = {t["name"]: t for t in data["tools"]}
    assert tools["GetElement"]["input_schema"]["properties"]["index"]["type"] == "integer"
    assert data["example_task"]["id"] == "train-000" and "nums" in data["example_task"]["config"]
    assert data["tasks"]["train"] >= 10 and data["tasks"]["test"] >= 10


def test_play_by_hand_reaches_the_end():
    result = run("play", "BinarySearchEnv", "--seed", "1", "--difficulty", "easy",
                 input="tools\nGetLength\nGetElement index=-1\nBogus {\nDone answer=-7\n")
    assert result.exit_code == 0
    assert "GetElement: Return the element" in result.output
    assert "error: index -1 is out of range" in result.output
    assert "bad JSON arguments" in result.output
    assert "Result: Incorrect, reward=0" in result.output
    final = json.loads(result.output.strip().splitlines()[-1])
    assert final["terminated"] and final["reward"] == 0.0 and final["steps"] == 3  # the unparseable line never reached the env


def test_parse_play_line_forms():
    assert parse_play_line("GetElement index=3") == ("GetElement", {"index": 3})
    assert parse_play_line('Done {"answer": [1, 2]}') == ("Done", {"answer": [1, 2]})
    assert parse_play_line("Done answer=abc") == ("Done", {"answer": "abc"})
    assert parse_play_line("Observe") == ("Observe", {})


def test_errors_are_one_clear_line_with_nonzero_exit():
    for args in (["serve", "NoSuchEnv"], ["show", "NoSuchEnv"], ["serve", "BinarySearchEnv", "--task", "nope"],
                 ["serve", "BinarySearchEnv", "--task", "{broken"], ["verify", "tests/data/broken/SyntaxEnv.py"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert result.output.startswith("error: ") and "Traceback" not in result.output, result.output
    refused = CliRunner().invoke(main, ["serve", "--transport", "http", "--host", "0.0.0.0"], env={"CODEGYM_MCP_TOKEN": ""})
    assert refused.exit_code == 2 and "without a token" in refused.output


def test_show_prints_env_text_verbatim():
    result = run("show", "CoinChangeEnv")  # its tool descriptions contain brackets, which rich would eat as markup
    assert result.exit_code == 0 and "best[amount - coin]" in result.output


def test_verify_one_env_prints_paper_summary_and_json():
    result = run("verify", "BinarySearchEnv", "--generated", "3")
    assert result.exit_code == 0 and "oracle steps per env (mean)" in result.output
    data = json.loads(run("verify", "BinarySearchEnv", "--generated", "3", "--json").output)
    assert data["summary"]["environments"] == 1 and data["summary"]["passed"] == 1
    assert data["environments"][0]["ok"] and data["environments"][0]["tasks"] == 27


def test_verify_a_native_env_file_by_relative_path(tmp_path, monkeypatch):
    """A file given by path is untrusted: its oracle runs in a sandbox worker, whose working directory is elsewhere."""
    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "binary_search.py").write_text((DATA.parent.parent / "environments" / "binary_search.py").read_text())
    monkeypatch.chdir(tmp_path)
    entries = default_registry().entries  # the file's env shadows the shipped one in this process: restore it after
    monkeypatch.setitem(entries, "BinarySearchEnv", entries["BinarySearchEnv"])
    report = json.loads(run("verify", "envs/binary_search.py", "--generated", "3", "--json").output)["environments"][0]
    assert report["ok"] and report["tasks"] == 3, report["checks"]


def test_verify_a_codegym_format_file_with_its_own_solve(tmp_path):
    library = tmp_path / "lib"
    tasks = tmp_path / "tasks.jsonl"
    tasks.write_text("\n".join(json.dumps(f"MaxGapEnv@{{'numbers': {list(range(i, 40 + 3 * i, 3 + i))}}}") for i in range(3)))
    src = tmp_path / "src"
    src.mkdir()
    (src / "MaxGapEnv.py").write_text(MAXGAP.read_text())
    (src / "Broken.py").write_text("this is not python")
    imported = run("import", str(src), "--tasks", str(tasks), "--out", str(library))
    assert imported.exit_code == 0 and "imported 1 of 2 env files" in imported.output and "Broken.py" in imported.output
    result = run("verify", str(library), "--json")
    report = json.loads(result.output)["environments"][0]
    assert report["env"] == "MaxGapEnv" and report["tasks"] == 3
    checks = {c["name"]: c["ok"] for c in report["checks"]}
    assert checks["oracle solves all"] and checks["deterministic"] and checks["wrong answer scores 0"]


def test_a_broken_env_file_in_a_library_spoils_nothing_else(tmp_path, monkeypatch):
    from codegym_mcp.registry import Registry

    (tmp_path / "good.py").write_text((Path(__file__).parent.parent / "environments" / "binary_search.py").read_text())
    (tmp_path / "bad.py").write_text("from codegym_mcp.env import Environment\nclass BadEnv(Environment):\n    pass\n")
    registry = Registry([tmp_path])
    assert registry.names() == ["BinarySearchEnv"]
    assert "bad.py" in next(iter(registry.errors)) and "Config" in next(iter(registry.errors.values()))


def test_clear_errors_for_bad_inputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.db").write_text("not a database")
    served = CliRunner().invoke(main, ["serve", "BinarySearchEnv", "--log-db", "bad.db"])
    assert served.exit_code == 2 and "not a usable trajectory database" in served.output  # an error line, no traceback
    assert isinstance(served.exception, SystemExit)
    for args, words in ((["serve", "--transport", "http", "--ttl", "0"], "--ttl"),
                        (["serve", "--transport", "http", "--port", "99999"], "--port"),
                        (["run", "--agent", "replay:bad.db", "--envs", "BinarySearchEnv"], "not a trajectory database")):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2 and words in result.output, (args, result.output)
    run("run", "--agent", "oracle", "--envs", "BinarySearchEnv", "--tasks-per-env", "1", "--db", "runs.db")
    [listed] = json.loads(run("report", "--json", "--db", "runs.db").output)  # without RUN, --json lists the runs
    assert listed["agent"] == "oracle" and listed["episodes"] == 1


def test_a_relative_library_dir_resolves_to_absolute_paths(tmp_path, monkeypatch):
    from codegym_mcp.registry import Registry

    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "binary_search.py").write_text((DATA.parent.parent / "environments" / "binary_search.py").read_text())
    monkeypatch.chdir(tmp_path)
    entry = Registry([Path("lib")]).get("BinarySearchEnv")
    assert entry.path is not None and entry.path.is_absolute()


def test_serving_on_a_taken_port_is_a_clear_error():
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = str(taken.getsockname()[1])
        result = CliRunner().invoke(main, ["serve", "--transport", "http", "--port", port])
    assert result.exit_code == 2 and "cannot listen on 127.0.0.1" in result.output and "serving" not in result.output
