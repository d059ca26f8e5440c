"""LLM adapters against local fake endpoints (OpenAI Chat Completions, Anthropic Messages) with scripted
policies: one that follows the oracle, one that answers wrongly, one that emits malformed calls, and
endpoints that fail before (or instead of) answering."""

from __future__ import annotations

import json

import anyio
import pytest

from agent_runners.harness import RunConfig, run_async
from agent_runners.metrics import summarize_run
from codegym_mcp.store import Store

from .harness_fakes import FakeLLM, follow_oracle, make_registry, malformed_then, talker, wrong_answer


@pytest.fixture
def registry(tmp_path):
    return make_registry(tmp_path)


@pytest.fixture
def fake(http_server):
    """Start a fake LLM endpoint; returns (FakeLLM, base URL)."""
    def start(policy, **kw):
        llm = FakeLLM(policy, **kw)
        return llm, http_server(llm.app)
    return start


def oracle_of(registry):
    entries = {name: follow_oracle(registry.entries[name]) for name in registry.entries}

    def policy(view):  # route by the tools the request lists: each env has its own
        name = "MaxGapEnv" if "GetNumber" in view.tools else "BinarySearchEnv"
        return entries[name](view)
    return policy


async def play(registry, agent, base, *, envs=("BinarySearchEnv", "MaxGapEnv"), tasks=2, **cfg):
    store = Store()
    config = RunConfig(agent=agent, base_url=base + ("/v1" if agent.startswith("openai") else ""), envs=list(envs),
                       tasks_per_env=tasks, transport=cfg.pop("transport", "memory"), retry_base=0.001,
                       concurrency=cfg.pop("concurrency", 4), **cfg)
    with anyio.fail_after(60):
        result = await run_async(config, store, registry=registry)
    return store, result


def episodes(store, run_id):
    return store.episodes(run_id)


@pytest.mark.anyio
@pytest.mark.parametrize("agent,tool_format", [("openai:fake-model", "native"), ("openai:fake-model", "codegym"),
                                               ("anthropic:fake-claude", "native")])
async def test_oracle_following_policy_reaches_reward_one_everywhere(registry, fake, monkeypatch, agent, tool_format):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "ak-test")
    llm, base = fake(oracle_of(registry))
    store, result = await play(registry, agent, base, tool_format=tool_format)
    eps = episodes(store, result.run_id)
    assert len(eps) == 4 and {e["env"] for e in eps} == {"BinarySearchEnv", "MaxGapEnv"}
    for e in eps:
        assert (e["status"], e["end_reason"], e["reward"]) == ("terminated", "done", 1.0), e
        assert e["steps"] == e["oracle_steps"] == e["turns"] and e["parse_errors"] == 0
        assert e["input_tokens"] > 0 and e["output_tokens"] == 12 * e["turns"] and e["model"].startswith("fake")
        rows = store.messages(e["id"])
        assert [r["role"] for r in rows[:2]] == ["system", "user"]
        assert sum(r["role"] == "assistant" for r in rows) == e["turns"]
        assert json.loads(e["meta"])["tool_format"] == tool_format
    if agent.startswith("anthropic"):
        assert all(h["x-api-key"] == "ak-test" and h["anthropic-version"] for h in llm.headers)
    else:
        assert all(h["authorization"] == "Bearer sk-test" for h in llm.headers)
    if tool_format == "codegym":  # the text protocol: tools in the system prompt, results as Observation lines
        rows = store.messages(eps[0]["id"])
        assert "def GetLength(" in rows[0]["content"] and "<|FunctionCallBegin|>" in rows[0]["content"]
        assert rows[3]["role"] == "user" and rows[3]["content"].startswith("Observation: ")
        assert not any(r["role"] == "tool" for r in rows)


@pytest.mark.anyio
@pytest.mark.parametrize("agent", ["openai:fake-model", "anthropic:fake-claude"])
async def test_wrong_answers_are_failures_not_errors(registry, fake, agent):
    _, base = fake(wrong_answer)
    store, result = await play(registry, agent, base)
    eps = episodes(store, result.run_id)
    assert all((e["status"], e["reward"], e["steps"], e["error"]) == ("terminated", 0.0, 2, None) for e in eps)
    summary = summarize_run(store, result.run_id)
    assert summary["overall"]["success_rate"] == 0.0 and summary["overall"]["errored"] == 0
    assert summary["overall"]["pass_at"]["1"]["value"] == 0.0
    done = [m for m in store.messages(eps[0]["id"]) if m["role"] == "tool"][-1]
    assert "Incorrect" in done["content"]


@pytest.mark.anyio
@pytest.mark.parametrize("agent,tool_format", [("openai:fake-model", "native"), ("openai:fake-model", "codegym"),
                                               ("anthropic:fake-claude", "native")])
async def test_malformed_calls_are_shown_to_the_agent_and_recorded(registry, fake, agent, tool_format):
    _, base = fake(malformed_then(oracle_of(registry)))
    store, result = await play(registry, agent, base, tool_format=tool_format, envs=("BinarySearchEnv",), tasks=1)
    [e] = episodes(store, result.run_id)
    assert (e["status"], e["reward"]) == ("terminated", 1.0)
    assert e["parse_errors"] == 2 and e["steps"] == e["oracle_steps"] and e["turns"] == e["steps"] + 3
    kinds = [m["kind"] for m in store.messages(e["id"]) if m["kind"]]
    assert kinds == ["parse_error", "parse_error", "nudge"]
    calls = store.tool_calls(e["id"])
    assert len(calls) == e["steps"] and all(not c["is_error"] for c in calls)  # malformed calls never reached the server


@pytest.mark.anyio
@pytest.mark.parametrize("agent", ["openai:fake-model", "anthropic:fake-claude"])
async def test_rate_limits_and_server_errors_are_retried(registry, fake, agent):
    llm, base = fake(oracle_of(registry), failures=[429, 500])
    store, result = await play(registry, agent, base, envs=("BinarySearchEnv",), tasks=1)
    [e] = episodes(store, result.run_id)
    assert (e["status"], e["reward"]) == ("terminated", 1.0)
    assert e["api_retries"] == 2 * e["turns"]
    assert sum(llm.attempts.values()) == 3 * e["turns"]


@pytest.mark.anyio
@pytest.mark.parametrize("status,attempts", [(503, 3), (400, 1)])
async def test_api_failure_marks_the_episode_errored_not_failed(registry, fake, status, attempts):
    llm, base = fake(oracle_of(registry), always_fail=status)
    store, result = await play(registry, "openai:fake-model", base, envs=("BinarySearchEnv",), tasks=1, retry_attempts=3)
    [e] = episodes(store, result.run_id)
    assert (e["status"], e["end_reason"], e["reward"]) == ("errored", "api_error", None)
    assert f"HTTP {status}" in e["error"] and sum(llm.attempts.values()) == attempts
    overall = summarize_run(store, result.run_id)["overall"]
    assert overall["errored"] == 1 and overall["scored"] == 0 and overall["success_rate"] is None
    assert result.stats.errored == 1 and result.stats.failed == 0


@pytest.mark.anyio
async def test_an_agent_that_only_talks_is_stopped_and_budgets_end_episodes(registry, fake):
    _, base = fake(talker)
    store, result = await play(registry, "openai:fake-model", base, envs=("BinarySearchEnv",), tasks=1)
    [e] = episodes(store, result.run_id)
    assert (e["status"], e["end_reason"], e["reward"], e["turns"], e["steps"]) == ("truncated", "agent_stopped", 0.0, 3, 0)
    _, base = fake(oracle_of(registry))
    store, result = await play(registry, "openai:fake-model", base, envs=("BinarySearchEnv",), tasks=1, token_budget=2000)
    [e] = episodes(store, result.run_id)
    assert (e["status"], e["end_reason"], e["reward"]) == ("truncated", "token_budget", 0.0)
    store, result = await play(registry, "openai:fake-model", base, envs=("BinarySearchEnv",), tasks=1, max_turns=4)
    [e] = episodes(store, result.run_id)
    assert (e["end_reason"], e["turns"]) == ("turn_limit", 4)
    store, result = await play(registry, "openai:fake-model", base, envs=("BinarySearchEnv",), tasks=1, max_steps=5)
    [e] = episodes(store, result.run_id)
    assert (e["status"], e["end_reason"], e["steps"], e["reward"]) == ("truncated", "step_limit", 5, 0.0)


@pytest.mark.anyio
async def test_an_environment_failure_marks_the_episode_errored(registry):
    store = Store()
    cfg = RunConfig(agent="oracle", envs=["BinarySearchEnv"], tasks_per_env=1, transport="memory", tool_timeout=0.0)
    with anyio.fail_after(30):
        result = await run_async(cfg, store, registry=registry)
    [e] = store.episodes(result.run_id)
    assert (e["status"], e["end_reason"], e["reward"]) == ("errored", "env_error", None) and e["turns"] == 1
    assert "exceeded" in e["error"] and summarize_run(store, result.run_id)["errors"]["errored"][0]["count"] == 1


@pytest.mark.anyio
async def test_any_mcp_server_given_by_command(registry, fake):
    import sys

    _, base = fake(oracle_of(registry))
    command = f"{sys.executable} -m codegym_mcp.cli serve BinarySearchEnv --task train-003"
    store, result = await play(registry, "openai:fake-model", base, envs=("BinarySearchEnv",), mcp=command, samples=2)
    eps = store.episodes(result.run_id)
    assert [(e["env"], e["task_id"], e["sample"]) for e in eps] == [("BinarySearchEnv", "default", 0), ("BinarySearchEnv", "default", 1)]
    assert all((e["status"], e["reward"], e["oracle_steps"]) == ("terminated", 1.0, None) for e in eps)


@pytest.mark.anyio
async def test_our_bugs_raise_and_are_recorded_as_such(registry):
    from agent_runners.scripted import RandomAgent

    class Broken(RandomAgent):
        def start(self, ctx):
            session = super().start(ctx)

            async def act():
                raise RuntimeError("a bug in an agent adapter")
            session.act = act
            return session

    store = Store()
    cfg = RunConfig(agent="random", envs=["BinarySearchEnv"], tasks_per_env=1, transport="memory", oracle_steps=False)
    with anyio.fail_after(30), pytest.raises(BaseExceptionGroup) as caught:
        await run_async(cfg, store, registry=registry, agent=Broken(name="broken"))
    assert caught.group_contains(RuntimeError, match="a bug in an agent adapter")
    [run] = store.runs()
    [e] = store.episodes(run["id"])
    assert run["status"] == "crashed" and (e["status"], e["end_reason"]) == ("errored", "harness_bug")
    assert "RuntimeError: a bug in an agent adapter" in e["error"]


@pytest.mark.anyio
async def test_timeouts_are_retried(registry, fake):
    from agent_runners.agents import make_agent
    from agent_runners.llm import RetryPolicy

    llm, base = fake(oracle_of(registry), hang_first=1)
    agent = make_agent("openai:fake-model", base_url=base + "/v1", retry=RetryPolicy(base=0.001, timeout=0.5))
    store = Store()
    cfg = RunConfig(agent="openai:fake-model", envs=["BinarySearchEnv"], tasks_per_env=1, transport="memory")
    try:
        with anyio.fail_after(30):
            result = await run_async(cfg, store, registry=registry, agent=agent)
    finally:
        llm.release.set()
    [e] = store.episodes(result.run_id)
    assert (e["status"], e["reward"], e["api_retries"]) == ("terminated", 1.0, 1)
