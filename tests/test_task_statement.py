"""The task statement reaches the model in clients that never show the MCP `instructions` (issue #15):
it is in Observe's tool description, which every client forwards."""

from __future__ import annotations

import inspect
import json

import anyio
import httpx2
import pytest
from mcp import Client

from codegym_mcp.server import ServeOptions, episode_server, http_app, open_episode

from .harness_fakes import FakeLLM, follow_oracle, make_registry


async def listed(registry, env: str, task: str) -> tuple[str | None, dict[str, str]]:
    entry = registry.get(env)
    live = open_episode(entry, entry.resolve_task(task), ServeOptions())
    try:
        async with Client(episode_server(live)) as client:
            return client.instructions, {t.name: t.description or "" for t in (await client.list_tools()).tools}
    finally:
        live.close()


@pytest.mark.anyio
async def test_observe_description_carries_the_statement_and_no_task_data(tmp_path):
    registry = make_registry(tmp_path)
    entry = registry.get("BinarySearchEnv")
    first, second = entry.get_task("train-000"), entry.get_task("train-001")
    instructions, tools = await listed(registry, "BinarySearchEnv", "train-000")
    _, other = await listed(registry, "BinarySearchEnv", "train-001")
    assert instructions and "sorted array" in instructions  # clients that read instructions still get them
    assert tools["Observe"].startswith("Show the current state") and tools["Observe"].endswith(instructions)
    assert tools["GetElement"] == "Return the element at a position of the array."  # the others are unchanged
    assert tools == other  # the same for every task of the env: no task data in it
    for task in (first, second):
        assert json.dumps(task.config["nums"][:3])[1:-1] not in tools["Observe"]
    # A CodeGym-format env (sandboxed) gets its own statement the same way.
    maxgap_instructions, maxgap_tools = await listed(registry, "MaxGapEnv", "train-000")
    assert maxgap_instructions and maxgap_tools["Observe"].endswith(maxgap_instructions)


def test_openai_agents_sdk_sends_the_statement_and_the_scripted_model_solves_it(http_server, tmp_path):
    """The README's failure, reproduced with the real SDK: agent instructions that do not say what to compute."""
    pytest.importorskip("agents", reason="the agents extra")
    from agents import Agent, OpenAIChatCompletionsModel, RunConfig, Runner
    from agents.mcp import MCPServerStreamableHttp
    from openai import AsyncOpenAI

    registry = make_registry(tmp_path)
    llm = FakeLLM(follow_oracle(registry.get("BinarySearchEnv")))
    model_url = http_server(llm.app) + "/v1"
    server = http_server(http_app(registry))
    created = httpx2.post(server + "/episodes", json={"env": "BinarySearchEnv", "task": "test-000"}).json()
    statement = inspect.getdoc(registry.get("BinarySearchEnv").env_cls)
    assert statement

    async def play() -> str:
        with anyio.fail_after(60):
            async with MCPServerStreamableHttp(params={"url": server + created["url"]}) as env:
                model = OpenAIChatCompletionsModel(model="scripted", openai_client=AsyncOpenAI(base_url=model_url, api_key="fake"))
                agent = Agent(name="solver", instructions="Solve the task with the tools.", mcp_servers=[env], model=model)
                result = await Runner.run(agent, "Start by calling Observe.", max_turns=64, run_config=RunConfig(tracing_disabled=True))
                return str(result.final_output)

    assert anyio.run(play) == "I am done."
    assert len(llm.bodies) > 10
    for body in llm.bodies:  # every request the SDK made carries the statement, through the tool list only
        said = "\n".join(c if isinstance(c, str) else json.dumps(c) for c in (m.get("content") for m in body["messages"]) if c)
        assert statement.splitlines()[0] not in said
        observe = next(t["function"] for t in body["tools"] if t["function"]["name"] == "Observe")
        assert statement in observe["description"]
    assert "Result: Correct, reward=1" in json.dumps(llm.bodies[-1]["messages"][-1])
    state = httpx2.get(server + f"/episodes/{created['episode_id']}").json()
    assert state["terminated"] and state["reward"] == 1.0
