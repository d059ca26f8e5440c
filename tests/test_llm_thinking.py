"""The harness's LLM layer against fake endpoints that behave like real ones: thinking models (<think> in the
content and `reasoning_content`; Anthropic's signed thinking blocks), replies cut at the token limit, a
reasoning model that refuses max_tokens and temperature, and 429s with Retry-After through the one request
loop that synthesis (sync) and the harness (async) share."""

from __future__ import annotations

import json

import anyio
import httpx2
import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse

from agent_runners.export import export_records
from agent_runners.harness import RunConfig, run_async
from agent_runners.metrics import summarize_run
from codegym_mcp.chat import Quirks, RetryPolicy, apost_json, post_json, resolve_endpoint
from codegym_mcp.store import Store

from .harness_fakes import FakeLLM, follow_oracle, make_registry
from .synth_fakes import SynthEndpoint

SECRET = "secret plan"
# A call hidden in the thinking: if the harness parsed thinking as text, the episode would end on Done(-1).
HIDDEN_CALL = '<|FunctionCallBegin|>[{"name": "Done", "parameters": {"answer": -1}}]<|FunctionCallEnd|>'


def _json(response: JSONResponse) -> dict:
    return json.loads(bytes(response.body))


class ThinkingLLM(FakeLLM):
    """Every reply carries thinking the way real servers send it."""

    async def _openai(self, request: Request) -> JSONResponse:
        data = _json(await super()._openai(request))
        message = data["choices"][0]["message"]
        message["reasoning_content"] = f"{SECRET} (reasoning_content)"
        message["content"] = f"<think>{SECRET} (inline) {HIDDEN_CALL}</think>\n" + (message["content"] or "")
        return JSONResponse(data)

    async def _anthropic(self, request: Request) -> JSONResponse:
        data = _json(await super()._anthropic(request))
        data["content"].insert(0, {"type": "thinking", "thinking": f"{SECRET} {data['id']}", "signature": f"sig-{data['id']}"})
        return JSONResponse(data)


class CuttingLLM(FakeLLM):
    """The first reply of each episode stops at the token limit in the middle of its tool call."""

    async def _openai(self, request: Request) -> JSONResponse:
        body = await request.json()
        data = _json(await super()._openai(request))
        if any(m["role"] == "assistant" for m in body["messages"]):
            return JSONResponse(data)
        choice = data["choices"][0]
        for call in choice["message"].get("tool_calls") or []:
            call["function"]["arguments"] = call["function"]["arguments"][:-1]  # '{"x": 1}' -> '{"x": 1'
        if choice["message"].get("content"):
            choice["message"]["content"] = choice["message"]["content"][:-5]  # the closing marker is lost
        choice["finish_reason"] = "length"
        return JSONResponse(data)

    async def _anthropic(self, request: Request) -> JSONResponse:
        body = await request.json()
        data = _json(await super()._anthropic(request))
        if not any(m["role"] == "assistant" for m in body["messages"]):
            data["stop_reason"] = "max_tokens"  # the last tool_use's input is partial (it may still look whole)
        return JSONResponse(data)


class ReasoningModelLLM(FakeLLM):
    """OpenAI's reasoning models: max_tokens and a non-default temperature refused with OpenAI's 400 shape."""

    refusals: list[str]

    async def _openai(self, request: Request) -> JSONResponse:
        body = await request.json()
        for name, refused in (("max_tokens", "max_tokens" in body), ("temperature", body.get("temperature", 1) != 1)):
            if refused:
                self.refusals.append(name)
                return JSONResponse({"error": {"message": f"Unsupported parameter: '{name}' is not supported with this "
                                               "model.", "type": "invalid_request_error", "param": name,
                                               "code": "unsupported_parameter"}}, 400)
        return await super()._openai(request)


@pytest.fixture
def registry(tmp_path):
    return make_registry(tmp_path)


@pytest.fixture(autouse=True)
def keys(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "ak-test")


def oracle(registry):
    return follow_oracle(registry.entries["BinarySearchEnv"])


async def play(registry, llm: FakeLLM, base: str, agent: str, **cfg) -> tuple[Store, list[dict]]:
    store = Store()
    config = RunConfig(agent=agent, base_url=base + ("/v1" if agent.startswith("openai") else ""), envs=["BinarySearchEnv"],
                       tasks_per_env=cfg.pop("tasks", 1), transport="memory", retry_base=0.001, concurrency=2, **cfg)
    with anyio.fail_after(60):
        result = await run_async(config, store, registry=registry)
    return store, store.episodes(result.run_id)


@pytest.mark.anyio
@pytest.mark.parametrize("agent,tool_format", [("openai:think", "native"), ("openai:think", "codegym"),
                                               ("anthropic:think", "native")])
async def test_thinking_is_recorded_apart_and_never_fed_back_as_text(registry, http_server, agent, tool_format):
    llm = ThinkingLLM(oracle(registry))
    store, [e] = await play(registry, llm, http_server(llm.app), agent, tool_format=tool_format)
    assert (e["status"], e["reward"], e["parse_errors"]) == ("terminated", 1.0, 0), e  # the hidden Done never ran
    said = [m for m in store.messages(e["id"]) if m["role"] == "assistant"]
    assert len(said) == e["turns"] and all("<think>" not in m["content"] and SECRET not in m["content"] for m in said)
    assert all(SECRET in m["reasoning"] for m in said)
    later = llm.bodies[1:]
    if agent.startswith("openai"):  # OpenAI-compatible servers never get reasoning back
        assert all(SECRET not in json.dumps(b) and "reasoning_content" not in json.dumps(b) for b in later)
        assert all("(reasoning_content)" in m["reasoning"] and "(inline)" in m["reasoning"] for m in said)
    else:  # Anthropic: each assistant turn's signed thinking block goes back verbatim, first
        for body in later:
            turns = [m["content"] for m in body["messages"] if m["role"] == "assistant"]
            assert turns and all(t[0]["type"] == "thinking" and t[0]["signature"].startswith("sig-") for t in turns)

    exported = next(export_records(store, e["run_id"], "openai-chat"))
    assert SECRET not in json.dumps(exported)  # SFT content stays free of thinking unless asked
    asked = next(export_records(store, e["run_id"], "hf-chat", reasoning=True))
    assert all(SECRET in m["reasoning_content"] and SECRET not in m["content"]
               for m in asked["messages"] if m["role"] == "assistant")
    sharegpt = next(export_records(store, e["run_id"], "sharegpt", reasoning=True))
    if tool_format == "codegym":  # text turns carry the thinking as a leading <think> block
        assert all(c["value"].startswith("<think>") for c in sharegpt["conversations"] if c["from"] == "gpt")


@pytest.mark.anyio
@pytest.mark.parametrize("agent,tool_format", [("openai:cut", "native"), ("openai:cut", "codegym"),
                                               ("anthropic:cut", "native")])
async def test_a_cut_reply_is_flagged_counted_and_its_call_never_runs(registry, http_server, agent, tool_format):
    llm = CuttingLLM(oracle(registry))
    store, [e] = await play(registry, llm, http_server(llm.app), agent, tool_format=tool_format, max_tokens=64)
    assert (e["status"], e["reward"]) == ("terminated", 1.0), e
    assert e["truncated_replies"] == 1 and e["parse_errors"] == 1 and e["turns"] == e["steps"] + 1
    assert summarize_run(store, e["run_id"])["overall"]["truncated_replies"] == 1
    rows = store.messages(e["id"])
    first = next(m for m in rows if m["role"] == "assistant")
    assert first["kind"] == "truncated"
    feedback = rows[rows.index(first) + 1]
    assert feedback["kind"] == "parse_error" and "cut at the token limit (64 tokens); raise --max-tokens" in feedback["content"]
    assert len(store.tool_calls(e["id"])) == e["steps"]  # the cut call never reached the server


@pytest.mark.anyio
async def test_a_reasoning_model_is_learnt_once_per_run(registry, http_server):
    llm = ReasoningModelLLM(oracle(registry))
    llm.refusals = []
    store, eps = await play(registry, llm, http_server(llm.app), "openai:o-fake", tasks=2, max_tokens=500, temperature=0.2)
    assert all((e["status"], e["reward"], e["api_retries"]) == ("terminated", 1.0, 0) for e in eps)
    # concurrent first requests may each be refused once; after that, never again
    assert set(llm.refusals) == {"max_tokens", "temperature"} and len(llm.refusals) <= 4
    answered = llm.bodies  # (refused requests never reach the scripted policy)
    assert len(answered) == sum(e["turns"] for e in eps)
    assert all(b["max_completion_tokens"] == 500 and "max_tokens" not in b and "temperature" not in b for b in answered)


def test_sync_and_async_loops_share_one_policy(monkeypatch):
    """429 + Retry-After, then a 400 naming a refused parameter: both forms wait, learn and retry the same way."""
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    body = {"model": "o", "messages": [{"role": "user", "content": "Problem id: HumanEval/35"}], "max_tokens": 99,
            "temperature": 0.3}
    policy = RetryPolicy(attempts=4, base=0.001)
    outcomes = []
    for form in ("sync", "async"):
        server = SynthEndpoint("reasoning", too_many=2, retry_after="7")
        try:
            ep = resolve_endpoint("openai:o", server.url)
            sleeps: list[float] = []
            quirks = Quirks("openai")
            if form == "sync":
                with httpx2.Client(base_url=ep.base_url, headers=ep.headers()) as client:
                    answer = post_json(client, "/chat/completions", body, policy=policy, label="o", quirks=quirks,
                                       sleep=sleeps.append)
            else:
                async def go():
                    async def sleep(s: float) -> None:
                        sleeps.append(s)
                    async with httpx2.AsyncClient(base_url=ep.base_url, headers=ep.headers()) as client:
                        return await apost_json(client, "/chat/completions", body, policy=policy, label="o",
                                                quirks=quirks, sleep=sleep)
                answer = anyio.run(go)
            outcomes.append((answer.retries, sleeps, server.refusals, quirks.renamed, server.answered[-1]))
        finally:
            server.close()
    assert outcomes[0] == outcomes[1]
    retries, sleeps, refusals, renamed, sent = outcomes[0]
    assert retries == 2 and sleeps == [7.0, 7.0] and refusals == ["max_tokens", "temperature"]
    assert renamed == {"max_tokens": "max_completion_tokens", "temperature": None}
    assert sent["max_completion_tokens"] == 99 and "temperature" not in sent and "max_tokens" not in sent


def test_export_cli_leaves_thinking_out_unless_asked(tmp_path):
    from click.testing import CliRunner

    from codegym_mcp.cli import main

    db = tmp_path / "runs.db"
    store = Store(db)
    run = store.create_run(agent="openai:think")
    episode = store.start_episode(env="E", task_id="t", run_id=run, split="train", source="harness")
    for idx, (role, content, reasoning) in enumerate([("system", "Solve it.", None), ("user", "Go.", None),
                                                      ("assistant", "<think>old inline plan</think>The answer is 3.", SECRET)]):
        store.log_message(episode, idx, role, content, reasoning=reasoning)
    store.end_episode(episode, status="terminated", reward=1.0, steps=1, end_reason="done")
    store.close()
    plain = CliRunner().invoke(main, ["export", "--run", run, "--db", str(db), "--format", "hf-chat"])
    asked = CliRunner().invoke(main, ["export", "--run", run, "--db", str(db), "--format", "hf-chat", "--reasoning"])
    assert plain.exit_code == 0 == asked.exit_code, plain.output + asked.output

    def record(output: str) -> dict:  # the JSONL line (the runner mixes in the "exported" note)
        [line] = [line for line in output.splitlines() if line.startswith("{")]
        return json.loads(line)
    [said] = [m for m in record(plain.output)["messages"] if m["role"] == "assistant"]
    assert said == {"role": "assistant", "content": "The answer is 3."}  # older runs' inline thinking is stripped too
    [said] = [m for m in record(asked.output)["messages"] if m["role"] == "assistant"]
    assert said["content"] == "The answer is 3." and said["reasoning_content"] == f"{SECRET}\nold inline plan"
