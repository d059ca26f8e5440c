"""Serving unmodified CodeGym-format files: tool names, verbatim messages, config parsing, broken files."""

from __future__ import annotations

import json

import pytest

from codegym_mcp.env import EnvDefinitionError
from codegym_mcp.legacy import CodeGymBackend, load_codegym_file, parse_config_string
from codegym_mcp.registry import Registry, parse_task

from .conftest import DATA, MAXGAP

CONFIG = {"numbers": [3, 9, 4, 20, 18], "strict": False}


def original(config=CONFIG):
    spec = load_codegym_file(MAXGAP)
    return spec.cls(env_str=f"MaxGapEnv@{config!r}")


def test_every_func_mapping_key_is_a_tool_with_an_object_schema():
    spec = load_codegym_file(MAXGAP)
    assert spec.name == "MaxGapEnv"
    assert [t.name for t in spec.tools] == list(original().func_mapping)
    tools = {t.name: t for t in spec.tools}
    assert tools["GetNumber"].input_schema == {
        "type": "object", "properties": {"index": {"type": "number", "description": "zero-based index."}}, "required": ["index"]}
    assert tools["Gap"].description.startswith("Absolute difference of two numbers.")
    assert all(t.input_schema["type"] == "object" for t in spec.tools)


@pytest.mark.parametrize(
    "name, args",
    [("Observe", {}), ("GetLength", {}), ("GetNumber", {"index": 3}), ("GetNumber", {"index": 99}),
     ("GetNumber", {"index": float("inf")}), ("Gap", {"a": 2, "b": 9}), ("Maximum", {"values": [[1], [2]]}),
     ("GetNumber", {}), ("Done", {"answer": 16}), ("Done", {"answer": 3})],
)
def test_tool_text_is_exactly_the_original_step_message(name, args):
    expected = original().step(json.dumps({"name": name, "parameters": args}))[1]
    backend = CodeGymBackend(load_codegym_file(MAXGAP), CONFIG)
    out = backend.invoke(name, args, reveal=True)
    assert out.result.text == expected
    if name == "Done":
        assert out.ended and out.reward == (1.0 if args["answer"] == 16 else 0.0)


def test_loose_annotations_never_reject_what_step_accepts():
    spec = load_codegym_file(MAXGAP)
    backend = CodeGymBackend(spec, CONFIG)
    # annotated int, but inf is passed; annotated list, but nested lists are passed
    assert backend.invoke("Gap", {"a": float("inf"), "b": 1}, reveal=True).result.text == "inf"
    assert backend.invoke("Maximum", {"values": [[1, 2], [3]]}, reveal=True).result.text == "[3]"


def test_evaluation_mode_hides_the_reference():
    backend = CodeGymBackend(load_codegym_file(MAXGAP), CONFIG)
    out = backend.invoke("Done", {"answer": 16}, reveal=False)
    assert out.result.text == "Your answer: 16, Result: Correct, reward=1" and out.reward == 1.0


@pytest.mark.parametrize(
    "text, expected",
    [("MaxGapEnv@{'numbers': [1, 2], 'strict': True}", {"numbers": [1, 2], "strict": True}),
     ('MaxGapEnv@{"numbers": [1, 2], "strict": true, "x": null}', {"numbers": [1, 2], "strict": True, "x": None}),
     ("MaxGapEnv@{'s': 'a@b'}", {"s": "a@b"})],
)
def test_config_strings_parse_python_and_json_and_split_on_first_at(text, expected):
    assert parse_config_string(text) == ("MaxGapEnv", expected)


def test_tasks_from_config_string_or_json_object():
    entry = Registry().add_file(MAXGAP)[0]
    a = parse_task("MaxGapEnv@{'numbers': [1, 5], 'strict': False}", entry)
    b = parse_task('{"numbers": [1, 5], "strict": false}', entry)
    assert a.config == b.config == {"numbers": [1, 5], "strict": False} and a.id == b.id
    with pytest.raises(ValueError):
        parse_config_string("MaxGapEnv@[1, 2]")


@pytest.mark.parametrize("name, message", [("SyntaxEnv", "syntax error"), ("NoClassEnv", "no environment class"),
                                           ("NoMapEnv", "no func_mapping"), ("ImportEnv", "no_such_module_here")])
def test_broken_files_are_reported_clearly(name, message):
    with pytest.raises(EnvDefinitionError) as err:
        load_codegym_file(DATA / "broken" / f"{name}.py")
    assert message in str(err.value) and f"{name}.py" in str(err.value)


def test_solve_runs_through_the_tool_path():
    entry = Registry().add_file(MAXGAP)[0]
    task = parse_task(json.dumps(CONFIG), entry)
    episode = entry.episode(task, sandbox=False)
    entry.run_oracle(task, episode.call)
    assert episode.terminated and episode.reward == 1.0 and episode.steps == 13
