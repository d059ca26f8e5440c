"""The README's code blocks run as printed: every Python block is executed as a file would be, and every MCP-client
JSON config has its command launched, through a handshake and a tool call. A block that talks to a model gets a
local scripted endpoint (OPENAI_BASE_URL / ANTHROPIC_BASE_URL, fake keys) that follows the oracle; a block for an
optional integration is skipped when its extra is not installed."""

from __future__ import annotations

import ast
import inspect
import json
import os
import re
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from codegym_mcp.registry import default_registry

from .harness_fakes import FakeLLM, View, follow_oracle

README = (Path(__file__).parent.parent / "README.md").read_text()
PYTHON = re.findall(r"```python\n(.*?)```", README, re.S)
CLIENT_CONFIGS = [b for b in re.findall(r"```json\n(.*?)```", README, re.S) if '"mcpServers"' in b]
# Top-level modules that only an optional extra installs (module -> extra).
OPTIONAL = {"agents": "agents", "pydantic_ai": "pydantic-ai", "fastmcp": "pydantic-ai", "openenv": "openenv",
            "ray": "ray", "inspect_ai": "inspect", "verifiers": "verifiers", "datasets": "hf", "transformers": "hf"}


def test_readme_has_the_blocks_this_file_runs():
    joined = "\n".join(PYTHON)
    for needle in ("from agents import", "from pydantic_ai import", "episode_server", "class BinarySearchEnv", "gym.make"):
        assert needle in joined
    assert CLIENT_CONFIGS


def imported(block: str) -> set[str]:
    tree = ast.parse(block)  # a block that is not valid Python as printed (e.g. top-level await) fails here
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def oracle_for_listed_tools(view: View):
    """The scripted model: follow the oracle of the env whose tools the request lists."""
    registry = default_registry()
    for name in registry.names():
        if registry.get(name).tool_names() == view.tools:
            return follow_oracle(registry.get(name))(view)
    raise AssertionError(f"no environment has the tools {view.tools}")


@pytest.mark.parametrize("block", PYTHON, ids=[f"python{i}" for i in range(len(PYTHON))])
def test_readme_python_block_runs_as_printed(block, tmp_path, monkeypatch, http_server):
    for module in sorted(imported(block) & set(OPTIONAL)):
        pytest.importorskip(module, reason=f"the {OPTIONAL[module]} extra is not installed")
    monkeypatch.chdir(tmp_path)  # examples may write runs.db and the like
    llm = FakeLLM(oracle_for_listed_tools)
    base = http_server(llm.app)
    for key, value in {"OPENAI_BASE_URL": base + "/v1", "OPENAI_API_KEY": "sk-fake", "ANTHROPIC_BASE_URL": base,
                       "ANTHROPIC_API_KEY": "sk-ant-fake", "OPENAI_AGENTS_DISABLE_TRACING": "1"}.items():
        monkeypatch.setenv(key, value)
    if "agents" in imported(block):
        import agents

        agents.set_default_openai_api("chat_completions")  # the fake speaks Chat Completions, the SDK's default is Responses
        agents.set_tracing_disabled(True)  # traces would go to OpenAI's servers
    try:
        exec(compile(block, "README.md", "exec"), {"__name__": "__readme__"})
    finally:
        if "agents" in imported(block):
            agents.set_default_openai_api("responses")
    if llm.bodies:  # it talked to the model: the model was told the task, and the scripted model solved it
        statement = _statement_of(llm.bodies[0])
        for body in llm.bodies:
            assert statement in _sent_text(body)
        assert any("Result: Correct, reward=1" in _sent_text(b) for b in llm.bodies)


def _statement_of(body: dict) -> str:
    names = [t["function"]["name"] if "function" in t else t["name"] for t in body.get("tools", [])]
    registry = default_registry()
    entry = next(registry.get(n) for n in registry.names() if registry.get(n).tool_names() == names)
    doc = inspect.getdoc(entry.env_cls)
    assert doc
    return doc


def _sent_text(body: dict) -> str:
    """Everything a request shows the model, as plain text: system prompt, messages and tool descriptions."""
    parts = _texts(body.get("system")) + [t for m in body.get("messages", []) for t in _texts(m.get("content"))]
    parts += [(t.get("function") or t).get("description") or "" for t in body.get("tools", [])]
    return "\n".join(parts)


def _texts(content: object) -> list[str]:
    """The text in a message's content: a string, or (nested) content parts of either wire format."""
    if isinstance(content, str):
        return [content]
    if isinstance(content, list):
        return [t for part in content for t in _texts(part)]
    if isinstance(content, dict):
        return _texts(content.get("text")) + _texts(content.get("content"))
    return []


@pytest.mark.parametrize("config", CLIENT_CONFIGS, ids=[f"json{i}" for i in range(len(CLIENT_CONFIGS))])
def test_readme_mcp_client_config_launches_a_working_server(config):
    servers = json.loads(config)["mcpServers"]
    assert servers
    for server in servers.values():
        params = StdioServerParameters(command=server["command"], args=server.get("args", []),
                                       env={**os.environ, **server.get("env", {})})

        async def handshake_and_call() -> None:
            with anyio.fail_after(90):
                async with Client(stdio_client(params)) as client:
                    assert client.instructions  # the task statement, for clients that show it
                    tools = {t.name: t for t in (await client.list_tools()).tools}
                    assert client.instructions in (tools["Observe"].description or "")  # for clients that do not
                    result = await client.call_tool("Observe", {})
                    assert not result.is_error and result.content[0].text  # type: ignore[union-attr]

        anyio.run(handshake_and_call)
