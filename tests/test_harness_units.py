"""Harness pieces in isolation: pass@k, intervals, the CodeGym text protocol, wire rendering, backoff,
random schema-valid values, the store migration and the import boundary."""

from __future__ import annotations

import ast
import itertools
import random
import sqlite3
from pathlib import Path

import jsonschema
import pytest

from agent_runners.agents import make_agent
from agent_runners.formats import Conversation, parse_codegym_calls, render_codegym_tools
from agent_runners.llm import RetryPolicy, anthropic_messages, openai_messages, parse_openai_call
from agent_runners.metrics import bootstrap_ci, pass_at_k
from agent_runners.protocol import CallResult, EpisodeContext, ToolCall, ToolSpec
from agent_runners.scripted import random_value
from codegym_mcp.registry import Registry
from codegym_mcp.server import entry_tools
from codegym_mcp.store import SCHEMA_VERSION, Store

ROOT = Path(__file__).resolve().parent.parent


def binary_search_tools() -> list[ToolSpec]:
    [entry] = Registry().add_file(ROOT / "environments" / "binary_search.py", trusted=True)
    return [ToolSpec(t.name, t.description, t.input_schema) for t in entry_tools(entry)]


def test_pass_at_k_is_the_unbiased_estimator():
    for n, c, k in itertools.product(range(1, 7), range(0, 7), range(1, 7)):
        if c > n or k > n:
            continue
        outcomes = [True] * c + [False] * (n - c)
        subsets = list(itertools.combinations(outcomes, k))
        assert pass_at_k(n, c, k) == pytest.approx(sum(any(s) for s in subsets) / len(subsets))
    with pytest.raises(ValueError):
        pass_at_k(2, 1, 3)


def test_bootstrap_interval_is_reproducible_and_brackets_the_mean():
    values = [random.Random(i).random() for i in range(40)]
    lo, hi = bootstrap_ci(values)
    assert (lo, hi) == bootstrap_ci(values) and lo < sum(values) / len(values) < hi
    assert bootstrap_ci([1.0]) == (1.0, 1.0) and bootstrap_ci([1.0] * 10) == (1.0, 1.0)


def test_codegym_tools_render_as_python_signatures_with_docstrings():
    text = render_codegym_tools(binary_search_tools())
    assert "def GetElement(index: int):" in text and "def Observe():" in text
    assert "    Args:\n        index: zero-based position" in text
    assert "def Done(answer: int):" in text and "<|FunctionCallBegin|>[" in text
    code = text.split("\n\n", 1)[1].split("To call functions")[0]
    compile(code, "<tools>", "exec")  # the signatures really are Python


@pytest.mark.parametrize("text,calls,error", [
    ('ok <|FunctionCallBegin|>[{"name": "GetElement", "parameters": {"index": 3}}]<|FunctionCallEnd|>', [("GetElement", {"index": 3})], None),
    ('<|FunctionCallBegin|>{"name": "Observe"}<|FunctionCallEnd|> then <|FunctionCallBegin|>[{"name": "GetLength", "parameters": {}}, '
     '{"name": "Done", "parameters": {"answer": 1}}]<|FunctionCallEnd|>', [("Observe", {}), ("GetLength", {}), ("Done", {"answer": 1})], None),
    ("no call here, just words", [], None),
    ('<|FunctionCallBegin|>[{"name": "Observe", "parameters": {]<|FunctionCallEnd|>', [], "Could not parse"),
    ('<|FunctionCallBegin|>[{"name": "Observe"}]', [], "Unbalanced"),
    ("<|FunctionCallBegin|>[]<|FunctionCallEnd|>", [], "empty"),
])
def test_codegym_calls_are_parsed_or_explained(text, calls, error):
    parsed, problem = parse_codegym_calls(text)
    assert [(c.name, c.arguments) for c in parsed] == calls
    assert (problem is None) if error is None else (error in problem)


def test_codegym_items_without_a_name_or_with_bad_parameters_are_malformed_calls():
    parsed, problem = parse_codegym_calls('<|FunctionCallBegin|>[{"parameters": {}}, {"name": "X", "parameters": [1]}]<|FunctionCallEnd|>')
    assert problem is None and [c.error is not None for c in parsed] == [True, True]


def conversation(tool_format: str = "native") -> Conversation:
    conv = Conversation(EpisodeContext("Find it.", binary_search_tools(), "BinarySearchEnv", "t"), tool_format)
    good = ToolCall("GetLength", {}, id="c1")
    bad = ToolCall("GetElement", None, id="c2", raw="{idx", error="not JSON")
    conv.reply("thinking", [good, bad])
    conv.feedback([CallResult(good, "7", 7), CallResult(bad, "Error: not JSON", None, True, executed=False)], None)
    conv.reply("", [ToolCall("GetElement", {"index": 99}, id="c3")])
    conv.feedback([CallResult(conv.messages[-1].tool_calls[0], "index 99 is out of range", None, True)], "a note")
    return conv


def test_openai_rendering_keeps_raw_arguments_and_marks_errors():
    msgs = openai_messages(conversation().messages, native=True)
    assert [m["role"] for m in msgs] == ["system", "user", "assistant", "tool", "tool", "assistant", "tool", "user"]
    assert msgs[2]["tool_calls"][1]["function"]["arguments"] == "{idx"
    assert msgs[6] == {"role": "tool", "tool_call_id": "c3", "content": "Error: index 99 is out of range"}
    assert parse_openai_call({"id": "x", "function": {"name": "A", "arguments": "[1]"}}).error
    assert parse_openai_call({"id": "x", "function": {"name": "A", "arguments": ""}}).arguments == {}


def test_anthropic_rendering_merges_results_into_one_user_turn():
    system, msgs = anthropic_messages(conversation().messages, native=True)
    assert system == "Find it." and [m["role"] for m in msgs] == ["user", "assistant", "user", "assistant", "user"]
    assert [b["type"] for b in msgs[1]["content"]] == ["text", "tool_use", "tool_use"]
    assert msgs[1]["content"][2]["input"] == {}  # the malformed input is never sent back as a non-object
    results = msgs[2]["content"]
    assert [(b["tool_use_id"], b["is_error"]) for b in results] == [("c1", False), ("c2", True)]
    assert msgs[3]["content"] == [{"type": "tool_use", "id": "c3", "name": "GetElement", "input": {"index": 99}}]
    assert [b["type"] for b in msgs[4]["content"]] == ["tool_result", "text"]


def test_codegym_conversation_is_text_only():
    conv = Conversation(EpisodeContext("Find it.", binary_search_tools(), "E", "t"), "codegym")
    _, calls, problem = conv.reply('<|FunctionCallBegin|>[{"name": "GetLength", "parameters": {}}]<|FunctionCallEnd|>')
    assert problem is None and calls[0].name == "GetLength"
    [msg] = conv.feedback([CallResult(calls[0], "7", 7)])
    assert msg.role == "user" and msg.content == "Observation: 7"
    rendered = openai_messages(conv.messages, native=False)
    assert "tool_calls" not in rendered[2] and "def GetLength()" in rendered[0]["content"]


def test_backoff_grows_with_jitter_and_honours_retry_after():
    policy = RetryPolicy(base=1.0, cap=8.0)
    for attempt in range(6):
        ceiling = min(8.0, 2 ** attempt)
        assert all(ceiling / 2 <= policy.delay(attempt) <= ceiling for _ in range(50))
    assert policy.delay(0, retry_after=5.0) >= 5.0 and policy.delay(0, retry_after=500.0) <= 8.0


@pytest.mark.parametrize("schema", [
    {"type": "object", "properties": {"index": {"type": "integer"}}, "required": ["index"]},
    {"type": "object", "properties": {"v": {"type": "array", "items": {"type": "integer", "minimum": 0, "maximum": 3}, "minItems": 1}},
     "required": ["v"]},
    {"type": "object", "properties": {"k": {"enum": ["a", "b"]}, "x": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                                      "n": {"type": "number", "minimum": 1.5}}, "required": ["k", "x", "n"]},
    *({**t.input_schema, "type": "object"} for t in binary_search_tools()),
])
def test_random_values_satisfy_their_schema(schema):
    rng = random.Random(0)
    for _ in range(50):
        jsonschema.validate(random_value(schema, rng), schema)


def test_agent_specs_are_checked():
    for bad, message in (("gpt-4", "unknown agent"), ("openai:", "give a model"), ("random:x", "integer seed"),
                         ("replay:/no/such/file.jsonl", "does not exist")):
        with pytest.raises(ValueError, match=message):
            make_agent(bad)
    with pytest.raises(ValueError, match="LLM agents only"):
        make_agent("oracle", tool_format="codegym")
    assert make_agent("anthropic:claude-x", base_url="http://h").wire.base_url == "http://h"  # type: ignore[attr-defined]


def test_a_version_1_database_is_migrated(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript("""
        create table schema_version (version integer primary key, applied_at float);
        insert into schema_version values (1, 0);
        create table episodes (id text primary key, run_id text, env text, task_id text, sample integer, status text);
        insert into episodes values ('e1', null, 'E', 't', 0, 'terminated');
        insert into episodes values ('e2', null, 'E', 't', 0, 'terminated');
    """)
    conn.close()
    store = Store(db)
    assert store.query("select max(version) v from schema_version")[0]["v"] == SCHEMA_VERSION
    assert {"turns", "parse_errors", "api_retries"} <= set(store.db["episodes"].columns_dict)
    assert {"kind", "turn"} <= set(store.db["messages"].columns_dict)
    assert len(store.episodes()) == 2  # server episodes (no run) may share a key
    run = store.create_run(agent="a")
    store.start_episode(env="E", task_id="t", run_id=run)
    with pytest.raises(sqlite3.IntegrityError):
        store.start_episode(env="E", task_id="t", run_id=run)


def test_agent_runners_reach_environments_only_through_mcp():
    allowed = {
        "codegym_mcp.store", "codegym_mcp.registry", "codegym_mcp.server",
        "codegym_mcp.chat", "codegym_mcp.http11", "codegym_mcp.httppool",  # HTTP clients (models, our server)
        "codegym_mcp.baselines",  # schema-valid random values
        "codegym_mcp.viewer",  # datasette's view of a trajectory database
        "codegym_mcp.threads",  # blocking calls off the event loop (the oracle's rehearsal)
        # processes that import env code themselves, never the harness: warm `serve` (stdio), the hosted HTTP server
        "codegym_mcp.stdio_zygote", "codegym_mcp.serve_child",
    }
    for path in (ROOT / "agent_runners").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else []
            for name in names:
                assert not name.startswith(("environments", "codegym_environments", "codegym_envs")), (path, name)
                if name.startswith("codegym_mcp"):
                    assert name in allowed, f"{path.name} imports {name}"
