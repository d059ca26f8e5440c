"""The verifiers bridge, evaluated by verifiers itself through its own OpenAI client against a local scripted
endpoint speaking the Chat Completions wire format (no real LLM)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("verifiers")

from openai import AsyncOpenAI  # noqa: E402
from verifiers.clients.openai_chat_completions_client import OpenAIChatCompletionsClient  # noqa: E402

from codegym_mcp.integrations.verifiers import load_environment  # noqa: E402
from codegym_mcp.registry import default_registry  # noqa: E402

from .harness_fakes import FakeLLM, follow_oracle, malformed_then, wrong_answer  # noqa: E402

ENVS = ["BinarySearchEnv", "JumpGameEnv"]


def by_tools(view):
    """Follow the oracle of whichever env the request's tool list belongs to."""
    reg = default_registry()
    for name in ENVS:
        if set(reg.get(name).tool_names()) == set(view.tools):
            return follow_oracle(reg.get(name))(view)
    raise AssertionError(f"unknown tool list {view.tools}")


def evaluate(http_server, policy, monkeypatch, tmp_path, **env_kwargs):
    monkeypatch.chdir(tmp_path)  # verifiers may write outputs/ under the working directory
    llm = FakeLLM(policy)
    base = http_server(llm.app)
    env = load_environment(**env_kwargs)
    client = OpenAIChatCompletionsClient(AsyncOpenAI(base_url=base + "/v1", api_key="not-used"))
    return env, env.evaluate_sync(client=client, model="scripted", num_examples=-1)


def test_dataset_rows_carry_each_envs_tools_and_no_answers():
    env = load_environment(envs=ENVS, split="train", eval_split="test", tasks_per_env=3)
    train, test = env.get_dataset(), env.get_eval_dataset()
    reg = default_registry()
    assert reg.get("JumpGameEnv").split == "test"  # a held-out env: none of its tasks are for training
    assert len(train) == 3 and len(test) == 6
    for row in test:
        info = json.loads(row["info"]) if isinstance(row["info"], str) else row["info"]
        entry = reg.get(info["codegym_env"])
        assert info["codegym_task"].startswith("test-") or entry.split == "test"
        assert [t["name"] for t in info["tool_defs"]] == entry.tool_names()
        assert row["prompt"][0]["role"] == "system" and "Done" in row["prompt"][0]["content"]
    with pytest.raises(ValueError, match="no frozen tasks"):
        load_environment(envs=ENVS, split="nope", eval_split=None)


def test_oracle_policy_scores_one_on_every_task(http_server, monkeypatch, tmp_path):
    env, results = evaluate(http_server, by_tools, monkeypatch, tmp_path, envs=ENVS, tasks_per_env=2)
    outputs = results["outputs"]
    assert len(outputs) == 4 and [o["reward"] for o in outputs] == [1.0] * 4
    assert all(o["stop_condition"] == "episode_over" and o["error"] is None for o in outputs)
    assert results["metadata"]["avg_reward"] == 1.0 and not env.episodes  # every episode was closed
    for o in outputs:  # the transcript holds no reference answer (eval mode)
        assert "Reference answer" not in json.dumps([getattr(m, "content", None) for m in o["completion"]], default=str)


def test_wrong_answers_score_zero_and_malformed_calls_never_reach_the_env(http_server, monkeypatch, tmp_path):
    _, wrong = evaluate(http_server, wrong_answer, monkeypatch, tmp_path, envs=["BinarySearchEnv"], tasks_per_env=2)
    assert [o["reward"] for o in wrong["outputs"]] == [0.0, 0.0]

    oracle = follow_oracle(default_registry().get("BinarySearchEnv"))
    _, fixed = evaluate(http_server, malformed_then(oracle), monkeypatch, tmp_path, envs=["BinarySearchEnv"],
                        tasks_per_env=1)
    [out] = fixed["outputs"]
    tool_texts = [m.content for m in out["completion"] if getattr(m, "role", "") == "tool"]
    assert out["reward"] == 1.0 and sum("not valid JSON" in t for t in tool_texts) == 2
