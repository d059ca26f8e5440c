"""`export --format hf-chat`: loaded by `datasets` and rendered by a `transformers` chat template, every tool
call's arguments appear once, as JSON (never a JSON string encoded a second time).

Needs the `hf` extra (datasets, transformers, tokenizers; no torch); skipped where it is not installed.
The tokenizer is built here (a word-level vocabulary), so nothing is downloaded from the hub.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from agent_runners.export import export_records, hf_chat
from agent_runners.harness import RunConfig, run
from codegym_mcp.cli import main
from codegym_mcp.store import Store

datasets = pytest.importorskip("datasets")
transformers = pytest.importorskip("transformers")
tokenizers = pytest.importorskip("tokenizers")

# A small tool-calling template in the style of the Hermes/Qwen ones: it writes the arguments with `tojson`,
# which is right for an object and double-encodes a string.
TEMPLATE = """
{%- if tools %}<|tools|>
{%- for t in tools %}{{ t | tojson }}
{% endfor %}{% endif %}
{%- for m in messages %}<|{{ m.role }}|>
{%- if m.role == 'tool' %}[{{ m.name }}] {% endif %}{{ m.content }}
{%- if m.tool_calls %}{% for tc in m.tool_calls %}<tool_call>{"name": "{{ tc.function.name }}", "arguments": {{ tc.function.arguments | tojson }}}</tool_call>{% endfor %}{% endif %}
<|end|>
{% endfor %}"""

# Envs whose answers are an int, a string, a list of strings and an object: Arrow cannot hold these in one column
# without the Json type, so the loader is tested on mixed shapes.
ENVS = ["BinarySearchEnv", "AntiShuffleEnv", "AllPrefixesEnv", "LetterHistogramEnv"]  # all in the train split


def tiny_tokenizer() -> object:
    from tokenizers import Tokenizer
    from tokenizers.models import WordLevel
    from tokenizers.pre_tokenizers import Whitespace

    tok = Tokenizer(WordLevel({"[UNK]": 0, "<|end|>": 1}, unk_token="[UNK]"))
    tok.pre_tokenizer = Whitespace()
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", eos_token="<|end|>")
    fast.chat_template = TEMPLATE
    return fast


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[object, list[dict]]:
    tmp = tmp_path_factory.mktemp("hf")
    db = tmp / "runs.db"
    result = run(RunConfig(agent="oracle", envs=ENVS, tasks_per_env=2, transport="memory"), str(db))
    out = tmp / "sft.jsonl"
    cli = CliRunner().invoke(main, ["export", "--run", result.run_id, "--db", str(db), "--format", "hf-chat",
                                    "--only-success", "--out", str(out)], catch_exceptions=False)
    assert cli.exit_code == 0, cli.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 2 * len(ENVS)
    return out, records


def test_hf_chat_rows_have_object_arguments_and_end_on_the_assistant(exported):
    _, records = exported
    for rec in records:
        assert set(rec) == {"messages", "tools", "metadata"}
        msgs = rec["messages"]
        assert msgs[0]["role"] == "system" and msgs[-1]["role"] == "assistant"
        assert msgs[-1]["tool_calls"][-1]["function"]["name"] == "Done"
        calls = [tc for m in msgs for tc in m.get("tool_calls", [])]
        assert calls and all(isinstance(tc["function"]["arguments"], dict) for tc in calls)
        names = {tc["id"]: tc["function"]["name"] for tc in calls}
        for m in msgs:
            if m["role"] == "tool":
                assert m["name"] == names[m["tool_call_id"]]
        for t in rec["tools"]:
            assert t["type"] == "function" and t["function"]["parameters"]["type"] == "object"
        meta = rec["metadata"]
        assert meta["reward"] == 1.0 and meta["episode_id"] and meta["run_id"] and meta["env"] in ENVS


def test_datasets_loads_the_file_and_a_chat_template_renders_each_call_once_as_json(exported):
    path, records = exported
    ds = datasets.load_dataset("json", data_files=str(path), split="train")
    assert len(ds) == len(records)
    tokenizer = tiny_tokenizer()
    for row, original in zip(ds, records):
        assert row["messages"] == original["messages"]  # no keys added, no types changed by Arrow
        assert row["metadata"]["episode_id"] == original["metadata"]["episode_id"]
        text = tokenizer.apply_chat_template(row["messages"], tools=row["tools"], tokenize=False)
        assert isinstance(text, str) and '"arguments": "' not in text
        calls = [tc["function"] for m in row["messages"] for tc in m.get("tool_calls") or []]
        for args in {json.dumps(c["arguments"]) for c in calls}:
            expected = sum(json.dumps(c["arguments"]) == args for c in calls)
            assert text.count(f'"arguments": {args}}}</tool_call>') == expected, (args, text[-2000:])
        assert text.count("<tool_call>") == len(calls)
        assert text.count("<|tools|>") == 1 and all(t["function"]["name"] in text for t in row["tools"])
        assert text.rstrip().endswith("<|end|>") and "Reference answer" not in text.rsplit("<|assistant|>", 1)[1]


def test_the_openai_chat_layout_is_what_double_encodes(exported):
    """The reason for hf-chat: the same template on openai-chat rows writes each call's arguments as a string."""
    _, records = exported
    rec = records[0]
    as_openai = [{**m, "tool_calls": [{**tc, "function": {**tc["function"], "arguments": json.dumps(tc["function"]["arguments"])}}
                                      for tc in m["tool_calls"]]} if m.get("tool_calls") else m for m in rec["messages"]]
    text = tiny_tokenizer().apply_chat_template(as_openai, tools=rec["tools"], tokenize=False)
    assert '"arguments": "{' in text


def test_a_malformed_call_keeps_what_the_model_wrote():
    rows = [
        {"role": "system", "content": "task", "tool_calls": None, "tool_call_id": None, "name": None, "kind": None},
        {"role": "assistant", "content": "", "tool_calls": json.dumps([
            {"id": "c1", "name": "GetElement", "arguments": None, "raw": "{index: 3"},
            {"id": "c2", "name": "GetElement", "arguments": None, "raw": "[1, 2]"}]),
         "tool_call_id": None, "name": None, "kind": None},
        {"role": "tool", "content": "the arguments are not valid JSON", "tool_calls": None, "tool_call_id": "c1",
         "name": "GetElement", "kind": "parse_error"},
        {"role": "tool", "content": "must be an object", "tool_calls": None, "tool_call_id": "c2",
         "name": "GetElement", "kind": "parse_error"},
        {"role": "user", "content": "Error: fix it", "tool_calls": None, "tool_call_id": None, "name": None, "kind": "parse_error"},
    ]
    msgs = hf_chat(rows, native=True)
    assert [m["role"] for m in msgs] == ["system", "assistant"]  # ends on the assistant's turn
    assert [tc["function"]["arguments"] for tc in msgs[1]["tool_calls"]] == ["{index: 3", [1, 2]]


def test_export_records_accepts_hf_chat_from_python(exported, tmp_path):
    db = tmp_path / "r.db"
    result = run(RunConfig(agent="oracle", envs=["BinarySearchEnv"], tasks_per_env=1, transport="memory"), str(db))
    store = Store(db)
    try:
        (rec,) = export_records(store, result.run_id, "hf-chat")
    finally:
        store.close()
    assert rec["messages"][-1]["role"] == "assistant" and rec["metadata"]["reward"] == 1.0
