"""The MCP server: in-memory clients of both protocol generations, stdio, and streamable HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import os
import sys

import anyio
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from codegym_mcp.episode import ToolResult
from codegym_mcp.registry import Registry, default_registry
from codegym_mcp.server import (
    STATE_URI,
    ServeOptions,
    check_bind,
    episode_server,
    http_app,
    open_episode,
)
from codegym_mcp.store import Store

from .conftest import DATA, MAXGAP, oracle_calls

MODES = ["auto", "legacy"]  # auto negotiates 2026-07-28 (no sessions); legacy does the initialize handshake


def binary_search_live(options: ServeOptions | None = None, task: str = "train-000"):
    entry = default_registry().get("BinarySearchEnv")
    return open_episode(entry, entry.resolve_task(task), options or ServeOptions())


async def state_of(client: Client) -> dict:
    return json.loads((await client.read_resource(STATE_URI)).contents[0].text)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_in_memory_episode_to_reward_one(mode):
    live = binary_search_live()
    entry, task = live.entry, live.task
    with anyio.fail_after(20):
        async with Client(episode_server(live), mode=mode) as client:
            assert "sorted array" in client.instructions
            names = [t.name for t in (await client.list_tools()).tools]
            assert {"Observe", "Done", "GetElement"} <= set(names)
            prompt = await client.get_prompt("task")
            assert prompt.messages[0].content.text == client.instructions
            for name, args in oracle_calls(entry, task):
                result = await client.call_tool(name, args)
                assert not result.is_error, result.content[0].text
            state = await state_of(client)
    assert state["terminated"] and state["reward"] == 1.0 and not state["truncated"]
    assert "Result: Correct, reward=1" in result.content[0].text


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_tool_errors_are_is_error_results_and_protocol_errors_stay_protocol_errors(mode):
    from mcp.shared.exceptions import MCPError

    with anyio.fail_after(20):
        async with Client(episode_server(binary_search_live()), mode=mode) as client:
            bad = await client.call_tool("GetElement", {"index": -5})
            assert bad.is_error and "out of range" in bad.content[0].text
            unknown = await client.call_tool("Teleport", {})
            assert unknown.is_error and "Unknown tool" in unknown.content[0].text
            typed = await client.call_tool("GetElement", {"index": "seven"})
            assert typed.is_error and "Invalid arguments" in typed.content[0].text
            with pytest.raises(MCPError):
                await client.read_resource("codegym://nope")
            first = await client.call_tool("Done", {"answer": -1})
            second = await client.call_tool("Done", {"answer": -1})
            assert not first.is_error and second.is_error and "over" in second.content[0].text
            state = await state_of(client)
    assert state["steps"] == 4 and state["terminated"]


@pytest.mark.anyio
async def test_evaluation_mode_hides_the_reference_everywhere():
    live = binary_search_live(ServeOptions(reveal_answer=False))
    reference = json.dumps(live.episode.backend.reference_answer())
    async with Client(episode_server(live)) as client:
        done = await client.call_tool("Done", {"answer": 123456})
        state = await state_of(client)
    assert "Reference" not in done.content[0].text and "Incorrect" in done.content[0].text
    assert "reference" not in json.dumps(state).lower() and state["reward"] == 0.0
    assert reference not in done.content[0].text.replace("123456", "")


@pytest.mark.anyio
async def test_step_limit_truncates():
    async with Client(episode_server(binary_search_live(ServeOptions(max_steps=3)))) as client:
        for _ in range(3):
            await client.call_tool("GetLength", {})
        state = await state_of(client)
        after = await client.call_tool("Done", {"answer": 0})
    assert state["truncated"] and not state["terminated"] and state["reward"] == 0.0
    assert after.is_error


@pytest.mark.anyio
async def test_hanging_tool_times_out_without_blocking_other_episodes():
    registry = Registry()
    entry = registry.add_file(DATA / "native" / "gate_env.py", trusted=True)[0]
    gate = sys.modules[entry.env_cls.__module__]
    options = ServeOptions(tool_timeout=0.5)
    hung = open_episode(entry, entry.resolve_task(seed=1), options)
    other = open_episode(entry, entry.resolve_task(seed=2), options)
    try:
        with anyio.fail_after(20):
            async with Client(episode_server(hung)) as c1, Client(episode_server(other)) as c2:
                async with anyio.create_task_group() as tg:
                    results = {}

                    async def wait():
                        results["hung"] = await c1.call_tool("Wait", {})

                    tg.start_soon(wait)
                    peek = await c2.call_tool("Peek", {})  # answered while the other episode hangs
                    results["peek"] = peek
                s1, s2 = await state_of(c1), await state_of(c2)
    finally:
        gate.RELEASE.set()
    assert not results["peek"].is_error
    assert results["hung"].is_error and "did not answer within 0.5s" in results["hung"].content[0].text
    assert s1["errored"] and s1["reward"] is None and not s2["done"]


@pytest.mark.anyio
async def test_stdio_subprocess_serves_one_episode(tmp_path):
    db = tmp_path / "log.db"
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "codegym_mcp.cli", "serve", "BinarySearchEnv", "--task", "train-002", "--log-db", str(db)],
        env={**os.environ},
    )
    entry = default_registry().get("BinarySearchEnv")
    calls = oracle_calls(entry, entry.get_task("train-002"))
    with anyio.fail_after(60):
        async with Client(params, mode="legacy") as client:
            for name, args in calls:
                result = await client.call_tool(name, args)
            state = await state_of(client)
    assert state["reward"] == 1.0 and state["steps"] == len(calls)
    store = Store(db)
    [episode] = store.episodes()
    assert episode["status"] == "terminated" and episode["reward"] == 1.0 and episode["steps"] == len(calls)
    rows = store.tool_calls(episode["id"])
    assert [r["name"] for r in rows] == [n for n, _ in calls]
    assert rows[-1]["result"] == result.content[0].text and all(r["latency_ms"] >= 0 for r in rows)


@pytest.mark.anyio
async def test_stdio_codegym_file_solve_through_a_proxy():
    """The file's own solve(), with step() forwarded to the MCP server over stdio, reaches reward 1."""
    config = {"numbers": [5, 1, 12, 7, 30, 29, 2], "strict": False}
    params = StdioServerParameters(command=sys.executable, env={**os.environ},
                                   args=["-m", "codegym_mcp.cli", "serve", str(MAXGAP), "--task", json.dumps(config)])
    entry = Registry().add_file(MAXGAP)[0]  # loaded here only to run its solve(); the episode lives in the server
    with anyio.fail_after(60):
        async with Client(params) as client:
            async def forward(name, args):
                r = await client.call_tool(name, args)
                return ToolResult(r.content[0].text, None, bool(r.is_error))

            def call(name, args):  # solve() is synchronous: it runs in a worker thread and calls back into the loop
                return anyio.from_thread.run(forward, name, args)

            message = await anyio.to_thread.run_sync(entry.run_oracle, entry.resolve_task(json.dumps(config)), call)
            state = await state_of(client)
    assert message.endswith("reward=1") and state["reward"] == 1.0 and state["terminated"]


# ---------------------------------------------------------------- HTTP


@pytest.mark.anyio
@pytest.mark.parametrize("mode", MODES)
async def test_http_episode_url_works_in_both_revisions(http_server, mode):
    base = http_server(http_app())
    entry = default_registry().get("BinarySearchEnv")
    calls = oracle_calls(entry, entry.get_task("test-001"))
    with anyio.fail_after(30):
        async with httpx2.AsyncClient() as h:
            created = (await h.post(base + "/episodes", json={"env": "BinarySearchEnv", "task": "test-001"})).json()
            async with Client(base + created["url"], mode=mode) as client:
                assert "sorted array" in client.instructions
                for name, args in calls:
                    result = await client.call_tool(name, args)
            info = (await h.get(base + f"/episodes/{created['episode_id']}")).json()
            assert (await h.delete(base + f"/episodes/{created['episode_id']}")).status_code == 204
            assert (await h.get(base + f"/episodes/{created['episode_id']}")).status_code == 404
    assert "Correct" in result.content[0].text
    assert info["reward"] == 1.0 and info["steps"] == len(calls)
    assert len(created["episode_id"]) >= 32


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_http_sessions_are_isolated_episodes(http_server, mode):
    """/envs/NAME/mcp needs sessions: its discover answers -32022, so an auto-negotiating client uses the handshake."""
    base = http_server(http_app())
    url = base + "/envs/BinarySearchEnv/mcp?seed=3&difficulty=easy"
    with anyio.fail_after(30):
        async with Client(url, mode=mode) as a, Client(url, mode=mode) as b:
            assert a.protocol_version not in MODERN_PROTOCOL_VERSIONS
            await a.call_tool("GetLength", {})
            await a.call_tool("Done", {"answer": 0})
            sa, sb = await state_of(a), await state_of(b)
            fresh = await b.call_tool("GetLength", {})
    assert sa["steps"] == 2 and sa["terminated"]
    assert sb["steps"] == 0 and not sb["done"] and sb["episode_id"] != sa["episode_id"]
    assert sa["task_id"] == sb["task_id"] == "seed-3-easy" and not fresh.is_error


@pytest.mark.anyio
async def test_http_errors_and_security(http_server):
    base = http_server(http_app(token="s3cret"))
    auth = {"Authorization": "Bearer s3cret"}
    with anyio.fail_after(30):
        async with httpx2.AsyncClient() as h:
            assert (await h.post(base + "/episodes", json={"env": "BinarySearchEnv"})).status_code == 401
            assert (await h.post(base + "/episodes", json={"env": "BinarySearchEnv"}, headers={"Authorization": "Bearer nope"})).status_code == 401
            evil = await h.post(base + "/episodes", json={"env": "BinarySearchEnv"}, headers={**auth, "Origin": "http://evil.example"})
            assert evil.status_code == 403
            missing = await h.post(base + "/episodes", json={"env": "NoSuchEnv"}, headers=auth)
            assert missing.status_code == 404 and "unknown environment" in missing.json()["error"]
            bad = await h.post(base + "/episodes", json={"env": "BinarySearchEnv", "task": "no-such-task"}, headers=auth)
            assert bad.status_code == 400 and "no task" in bad.json()["error"]
            assert (await h.post(base + "/episodes", content=b"{not json", headers=auth)).status_code == 400
            huge = await h.post(base + "/episodes", json={"env": "BinarySearchEnv", "task": {"pad": "x" * (2 << 20)}}, headers=auth)
            assert huge.status_code == 413
            for body in ({"task": 5}, {"task": ["x"]}, {"seed": "x"}, {"seed": 7.5}):  # wrong types: 400, never 500
                wrong = await h.post(base + "/episodes", json={"env": "BinarySearchEnv", **body}, headers=auth)
                assert wrong.status_code == 400 and ("task is an id" in wrong.json()["error"] or "seed must be" in wrong.json()["error"])
            assert (await h.post(base + "/episodes/unknown-id/mcp", json={}, headers=auth)).status_code == 404
            ok = await h.post(base + "/episodes", json={"env": "BinarySearchEnv", "seed": 4}, headers=auth)
            assert ok.status_code == 201
    with pytest.raises(PermissionError, match="without a token"):
        check_bind("0.0.0.0", None)
    check_bind("0.0.0.0", "tok")
    check_bind("127.0.0.1", None)


@pytest.mark.anyio
async def test_http_log_db_records_episodes_and_calls(http_server, tmp_path):
    db = tmp_path / "server.db"
    app = http_app(options=ServeOptions(log_db=str(db)))
    base = http_server(app)
    with anyio.fail_after(30):
        async with httpx2.AsyncClient() as h:
            created = (await h.post(base + "/episodes", json={"env": "BinarySearchEnv", "task": "train-003"})).json()
        async with Client(base + created["url"]) as client:
            await client.call_tool("GetLength", {})
            await client.call_tool("GetElement", {"index": 10**9})
            await client.call_tool("Done", {"answer": 1})
        async with httpx2.AsyncClient() as h:  # an episode closed before it ended is logged as abandoned
            left = (await h.post(base + "/episodes", json={"env": "BinarySearchEnv"})).json()
            async with Client(base + left["url"]) as client:
                await client.call_tool("GetLength", {})
            assert (await h.delete(f"{base}/episodes/{left['episode_id']}")).status_code == 204
    app.state.store.flush()  # the server's log writer batches rows
    store = Store(db)
    gone = store.episode(left["episode_id"])
    assert (gone["status"], gone["steps"], gone["ended_at"] is not None) == ("abandoned", 1, True)
    episode = store.episode(created["episode_id"])
    calls = store.tool_calls(created["episode_id"])
    assert episode["env"] == "BinarySearchEnv" and episode["task_id"] == "train-003" and episode["status"] == "terminated"
    assert [c["name"] for c in calls] == ["GetLength", "GetElement", "Done"]
    assert [c["is_error"] for c in calls] == [0, 1, 0] and json.loads(calls[1]["arguments"]) == {"index": 10**9}
    assert store.query("select max(version) v from schema_version")[0]["v"] >= 1


@pytest.mark.anyio
async def test_fast_path_answers_exactly_like_the_sdk(http_server):
    """The lean tools/call path must be indistinguishable from the SDK's: same bytes for the same requests."""
    sdk = http_server(http_app(options=ServeOptions(fast_path=False)))
    fast = http_server(http_app(options=ServeOptions(fast_path=True)))
    meta = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {},
            "io.modelcontextprotocol/clientInfo": {"name": "t", "version": "1"}}
    requests = [("GetLength", {}), ("GetElement", {"index": 2}), ("GetElement", {"index": -1}), ("GetElement", {"index": "x"}),
                ("Nope", {}), ("Done", {"answer": 5}), ("Observe", {})]
    replies = {}
    with anyio.fail_after(30):
        async with httpx2.AsyncClient() as h:
            for label, base in (("sdk", sdk), ("fast", fast)):
                url = base + (await h.post(base + "/episodes", json={"env": "BinarySearchEnv", "task": "train-004"})).json()["url"]
                out = []
                for i, (name, args) in enumerate(requests):
                    r = await h.post(url, json={"jsonrpc": "2.0", "id": i, "method": "tools/call",
                                                "params": {"name": name, "arguments": args, "_meta": meta}},
                                     headers={"mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": name,
                                              "accept": "application/json, text/event-stream"})
                    out.append((r.status_code, r.headers["content-type"], r.json()))
                for i, method in enumerate(("server/discover", "tools/list") * 2):  # the second time from what was kept
                    r = await h.post(url, json={"jsonrpc": "2.0", "id": 70 + i, "method": method, "params": {"_meta": meta}},
                                     headers={"mcp-protocol-version": "2026-07-28", "mcp-method": method,
                                              "accept": "application/json, text/event-stream"})
                    out.append((r.status_code, r.headers["content-type"], r.json()))
                for i, uri in enumerate(("codegym://episode/state", "codegym://episode/other")):  # ours, then the SDK's error
                    r = await h.post(url, json={"jsonrpc": "2.0", "id": 50 + i, "method": "resources/read",
                                                "params": {"uri": uri, "_meta": meta}},
                                     headers={"mcp-protocol-version": "2026-07-28", "mcp-method": "resources/read",
                                              "mcp-name": uri, "accept": "application/json, text/event-stream"})
                    reply = r.json()
                    for content in reply.get("result", {}).get("contents", []):  # episode ids differ between servers
                        content["text"] = json.dumps({**json.loads(content["text"]), "episode_id": "-"})
                    out.append((r.status_code, r.headers["content-type"], reply))
                # a malformed envelope (name header mismatch) is still the SDK's to reject, on both servers
                bad = await h.post(url, json={"jsonrpc": "2.0", "id": 99, "method": "tools/call", "params": {"name": "GetLength", "_meta": meta}},
                                   headers={"mcp-protocol-version": "2026-07-28", "mcp-method": "tools/call", "mcp-name": "Other",
                                            "accept": "application/json, text/event-stream"})
                out.append((bad.status_code, bad.json()))
                replies[label] = out
    assert replies["sdk"] == replies["fast"]
    assert replies["fast"][0][2]["result"]["structuredContent"]["result"] > 0
    assert replies["fast"][2][2]["result"]["isError"] is True
    assert replies["fast"][-1][0] == 400
    listed = [reply[2]["result"] for reply in replies["fast"][7:11]]
    assert listed[0] == listed[2] and listed[1] == listed[3] and "Observe" in {t["name"] for t in listed[1]["tools"]}
    assert "sorted array" in listed[0]["instructions"]
    state = json.loads(replies["fast"][-3][2]["result"]["contents"][0]["text"])
    assert (state["terminated"], state["steps"]) == (True, 6) and "error" in replies["fast"][-2][2]


@pytest.mark.anyio
async def test_dns_rebinding_host_is_refused(http_server):
    base = http_server(http_app())
    async with httpx2.AsyncClient() as h:
        r = await h.get(base + "/healthz", headers={"host": "evil.example:80"})
    assert r.status_code == 421


@pytest.mark.anyio
async def test_listings_are_answered_by_the_sdk_once_per_env_and_statement(http_server, monkeypatch):
    """tools/list and server/discover depend only on the env and its task statement: the SDK answers the first of
    each, later episodes get that answer again (with their own request id) without the SDK's per-request cost."""
    from mcp.server.streamable_http_manager import StreamableHTTPASGIApp

    calls = {"sdk": 0}
    original = StreamableHTTPASGIApp.__call__

    async def counted(self, scope, receive, send):  # type: ignore[no-untyped-def]
        calls["sdk"] += 1
        await original(self, scope, receive, send)

    monkeypatch.setattr(StreamableHTTPASGIApp, "__call__", counted)
    base = http_server(http_app())
    meta = {"io.modelcontextprotocol/protocolVersion": "2026-07-28", "io.modelcontextprotocol/clientCapabilities": {}}
    answers = []
    with anyio.fail_after(30):
        async with httpx2.AsyncClient() as h:
            for _ in range(3):  # three episodes of one task
                url = base + (await h.post(base + "/episodes", json={"env": "BinarySearchEnv", "task": "train-001"})).json()["url"]
                for rid, method in enumerate(("server/discover", "tools/list")):
                    r = await h.post(url, json={"jsonrpc": "2.0", "id": rid, "method": method, "params": {"_meta": meta}},
                                     headers={"mcp-protocol-version": "2026-07-28", "mcp-method": method,
                                              "accept": "application/json, text/event-stream"})
                    assert r.status_code == 200 and r.json()["id"] == rid
                    answers.append(r.json()["result"])
    assert calls["sdk"] == 2
    assert answers[0] == answers[2] == answers[4] and answers[1] == answers[3] == answers[5]
